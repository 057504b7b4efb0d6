import { z } from 'zod';
import { iso3 } from '@atalaya/contracts';
import { cadenceSchema } from './cadence.schema';

export const reporterSchema = z
  .strictObject({
    iso3,
    // Monthly unless a state agreed otherwise: the no-data trigger waits one cadence before it speaks.
    cadence: cadenceSchema.default('monthly'),
  })
  .readonly();

/** `reporters.yaml`: the states that publish signals. */
export const reportersFileSchema = z.strictObject({ reporters: z.array(reporterSchema).min(1).readonly() });

export type Reporter = z.infer<typeof reporterSchema>;
