import { z } from 'zod';
import { iso3 } from './primitives.schema';

/** Who read figures: a recipient (its id), an agency or operator key (its id), or the public. */
export const viewerKinds = ['recipient', 'agency', 'operator', 'public'] as const;

/** Where figures left Atalaya. */
export const accessChannels = ['notification', 'api', 'feed', 'stream', 'export'] as const;

/**
 * One read of a state's restricted figures (docs/data-sharing.md, "Access audit"): who saw what, through
 * which channel, for which purpose, at which granularity, and under which version of the state's policy.
 * The state lists them with `atalaya audit access --reporter` or `GET /v1/audit/access`.
 */
export const accessRecordSchema = z.strictObject({
  at: z.iso.datetime().describe('when the figures were shown or sent'),
  viewer: z.strictObject({
    kind: z.enum(viewerKinds),
    id: z.string().min(1).describe('the recipient id, the key id, or `public`'),
  }),
  reporter: iso3.describe('the state whose figures were read'),
  channel: z.enum(accessChannels),
  resource: z
    .string()
    .min(1)
    .describe('what was read: an alert event id, a notification id, a feed, a series key'),
  indicator: z.string().min(1).optional(),
  purpose: z.string().min(1).describe('the purpose it was read for, as the policy grants it'),
  granularity: z.string().min(1).describe('the granularity shown: place, admin1 or national'),
  disaggregations: z.array(z.string()).describe('the breakdowns shown, e.g. nationality'),
  policyVersion: z.number().int().positive().describe("the version of the state's sharing policy applied"),
});

export type AccessRecord = z.infer<typeof accessRecordSchema>;
