import { z } from 'zod';
import { sourceRefSchema } from './observation.schema';

/** Where a rejected signal came in: a Kafka message, or one item of an HTTP request. */
export const rejectionSourceSchema = z.discriminatedUnion('door', [
  sourceRefSchema.extend({ door: z.literal('kafka') }),
  z.strictObject({ door: z.literal('http'), requestId: z.string(), item: z.number().int().nonnegative() }),
]);
export type RejectionSource = z.infer<typeof rejectionSourceSchema>;

/**
 * Stable rejection codes: agencies branch on them, so a code is never renamed or reused.
 * The human message may change; the code may not.
 */
export const rejectionCodes = [
  'NOT_JSON',
  'NOT_AN_OBJECT',
  'TOO_LARGE',
  'TOO_DEEP',
  'PERSONAL_DATA',
  'MISSING_FIELD',
  'WRONG_TYPE',
  'UNKNOWN_FIELD',
  'INVALID_VALUE',
  'NEGATIVE_VALUE',
  'NON_FINITE_VALUE',
  'REPORTER_MISMATCH',
  'PERIOD_INVERTED',
  'PERIOD_IN_FUTURE',
  'UNKNOWN_INDICATOR',
  'UNIT_MISMATCH',
  'UNKNOWN_COUNTRY',
  'UNKNOWN_ADMIN1',
  'UNKNOWN_PLACE',
  'PLACE_MISMATCH',
  'UNKNOWN_CORRIDOR',
  'SIGNAL_CONFLICT',
  'STALE_REVISION',
  'BATCH_TOO_LARGE',
  'MISSING_COLUMN',
  'DUPLICATE_COLUMN',
  'UNREADABLE_CSV',
] as const;
export const rejectionCodeSchema = z.enum(rejectionCodes);
export type RejectionCode = z.infer<typeof rejectionCodeSchema>;

export const rejectionSchema = z.strictObject({
  reporter: z.string(),
  code: rejectionCodeSchema,
  message: z.string(),
  path: z.string(),
  signalId: z.string().optional(),
  source: rejectionSourceSchema,
  payload: z.string(),
  rejectedAt: z.iso.datetime(),
});

export type Rejection = z.infer<typeof rejectionSchema>;
