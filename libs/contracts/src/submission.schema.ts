import { z } from 'zod';
import { rejectionCodeSchema } from './rejection.schema';

export const itemStatuses = ['accepted', 'duplicate', 'rejected'] as const;

/** What became of one item of an HTTP submission (`POST /v1/signals`). */
export const itemResultSchema = z
  .strictObject({
    index: z.number().int().nonnegative().describe('the index of the item in the batch, from 0'),
    signalId: z.string().optional().describe("the item's signalId, when it could be read"),
    status: z
      .enum(itemStatuses)
      .describe('accepted: on its way to the engine; duplicate: already received; rejected: see code'),
    code: rejectionCodeSchema.optional().describe('with rejected: the stable reason'),
    help: z.string().optional().describe("with rejected: the code's entry, GET /v1/codes/{code}"),
    message: z.string().optional().describe('with rejected: what is wrong, for a person'),
    path: z.string().optional().describe('with rejected: the JSON path of the field at fault'),
  })
  .describe('What became of one item of a submission');

/** The answer to an HTTP submission, item by item. */
export const submissionReceiptSchema = z
  .strictObject({
    requestId: z.string().describe('the id of this request, in every rejection it caused'),
    dryRun: z.boolean().describe('true: judged only, nothing kept or sent on'),
    counts: z
      .strictObject({
        accepted: z.number().int().nonnegative().describe('items accepted'),
        duplicate: z.number().int().nonnegative().describe('items Atalaya already had'),
        rejected: z.number().int().nonnegative().describe('items rejected, each with its code'),
      })
      .describe('accepted + duplicate + rejected = the items sent'),
    results: z.array(itemResultSchema).describe('one result per item, in the order sent'),
  })
  .describe('The answer to a submission, item by item; counts.accepted + duplicate + rejected = items sent');

export type ItemStatus = (typeof itemStatuses)[number];
export type ItemResult = z.infer<typeof itemResultSchema>;
export type SubmissionReceipt = z.infer<typeof submissionReceiptSchema>;
