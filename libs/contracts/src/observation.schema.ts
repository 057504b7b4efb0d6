import { z } from 'zod';
import { signalSchema } from './signal.schema';

export const sourceRefSchema = z
  .strictObject({
    topic: z.string().describe('the topic the signal was read from'),
    partition: z.number().int().nonnegative().describe('its partition'),
    offset: z.string().describe('its offset in the partition, as a decimal string (offsets pass 2^53)'),
  })
  .describe('Where on Kafka the signal was read');

/** A signal that passed validation, normalised, on its way to the engine. */
export const observationSchema = signalSchema
  .extend({
    seriesKey: z
      .string()
      .describe(
        'the series: reporter/indicator/country/admin1/place, with "-" for an absent admin1 or place',
      ),
    receivedAt: z.iso.datetime().describe('when Atalaya accepted the signal'),
    source: sourceRefSchema,
    supersedes: z
      .string()
      .optional()
      .describe('the signal of the same series and period that this higher revision replaces'),
  })
  .describe('A signal that passed validation, normalised, with its series key and where it was read from');

export type Observation = z.infer<typeof observationSchema>;
export type SourceRef = z.infer<typeof sourceRefSchema>;
