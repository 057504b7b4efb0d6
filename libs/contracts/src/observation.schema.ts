import { z } from 'zod';
import { signalSchema } from './signal.schema';

export const sourceRefSchema = z.strictObject({
  topic: z.string(),
  partition: z.number().int().nonnegative(),
  offset: z.string(),
});

/** A signal that passed validation, normalised, on its way to the engine. */
export const observationSchema = signalSchema.extend({
  seriesKey: z.string(),
  receivedAt: z.iso.datetime(),
  source: sourceRefSchema,
  /** The signal of the same series and period that this higher revision replaces. */
  supersedes: z.string().optional(),
});

export type Observation = z.infer<typeof observationSchema>;
export type SourceRef = z.infer<typeof sourceRefSchema>;
