import { z } from 'zod';
import { sourceRefSchema } from './observation.schema';

/** Where a rejected signal came in: a Kafka message, or one item of an HTTP request. */
export const rejectionSourceSchema = z
  .discriminatedUnion('door', [
    sourceRefSchema.extend({ door: z.literal('kafka').describe("read from the reporter's signals topic") }),
    z
      .strictObject({
        door: z.literal('http').describe('one item of a POST /v1/signals'),
        requestId: z.string().describe('the requestId of the answer to that request'),
        item: z.number().int().nonnegative().describe('the index of the item in the batch, from 0'),
      })
      .describe('One item of an HTTP submission'),
  ])
  .describe('Where the rejected signal came in: a Kafka message, or one item of an HTTP request');
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

export const rejectionSchema = z
  .strictObject({
    reporter: z
      .string()
      .describe("the reporting state the signal was sent for: its topic's, or its API key's"),
    code: rejectionCodeSchema.describe(
      'the stable reason; GET /v1/codes says what each means and what to do',
    ),
    help: z
      .string()
      .describe(
        "the code's entry, relative to the gateway's address: its meaning and what to do, in Spanish and English",
      ),
    message: z
      .string()
      .describe('what is wrong, in words a person can act on; it may change, the code may not'),
    path: z.string().describe('the JSON path of the field at fault, $ for the whole message'),
    signalId: z.string().optional().describe("the signal's id, when it could be read"),
    source: rejectionSourceSchema,
    payload: z
      .string()
      .describe('the first 2 KB of what was sent, withheld when it looked like it carried personal data'),
    rejectedAt: z.iso.datetime().describe('when Atalaya rejected it'),
  })
  .describe('Why a signal was not accepted: a stable code, a message and the JSON path at fault');

export type Rejection = z.infer<typeof rejectionSchema>;
