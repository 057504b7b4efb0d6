import { z } from 'zod';
import { granularities, identifier, iso3, isoDate, purposes } from '@atalaya/contracts';
import { isoDuration, recipientKinds } from '@atalaya/routing';

export { dimensions, granularities, purposes } from '@atalaya/contracts';
export type { Dimension, Granularity, Purpose, SharedGranularity } from '@atalaya/contracts';

/**
 * Groups of viewers a state names without listing them: `neighbours`, the operations centres of the states
 * it shares a border or a corridor with (or those its policy lists); `partners`, every recipient of kind
 * `partner`; `public`, anyone, with or without a key.
 */
export const viewerGroups = ['neighbours', 'partners', 'public'] as const;
export type ViewerGroup = (typeof viewerGroups)[number];

export const viewerSelectorSchema = z.union(
  [
    z.strictObject({ recipient: identifier }),
    z.strictObject({ kind: z.enum(recipientKinds) }),
    z.strictObject({ group: z.string() }),
  ],
  {
    error: `a viewer is { recipient: <id> }, { kind: ${recipientKinds.join(' | ')} } or { group: ${viewerGroups.join(' | ')} }`,
  },
);
export type ViewerSelector = z.infer<typeof viewerSelectorSchema>;

export const disaggregationRuleSchema = z.union([
  z.strictObject({ allowed: z.literal(false) }),
  z.strictObject({
    allowed: z.literal(true),
    /** Cells below this are suppressed, with complementary cells so that no hidden cell can be worked out. */
    minCell: z
      .number()
      .int('must be a whole number of people or events')
      .min(1, 'must be at least 1 (10 hides every cell of fewer than 10 people or events; 1 hides none)'),
  }),
]);
export type DisaggregationRule = z.infer<typeof disaggregationRuleSchema>;

export const sharingRuleSchema = z.strictObject({
  /** The indicators the rule covers: named ones, or `all` of the catalogue. */
  indicators: z.union([z.literal('all'), z.array(identifier).min(1)]),
  viewers: z.array(viewerSelectorSchema).min(1),
  granularity: z.enum(granularities),
  /** Breakdowns by nationality, sex and age band; one left out is not allowed. Keys are checked by name. */
  disaggregations: z.record(z.string(), disaggregationRuleSchema).default({}),
  purposes: z.array(z.enum(purposes)).default([]),
  /** Figures of a period are shown only this long after the period ends (ISO 8601, e.g. P1M). */
  embargo: isoDuration.optional(),
  /** How long a viewer may keep the figures it was shown (ISO 8601, e.g. P1Y); left out: no limit set. */
  retention: isoDuration.optional(),
  note: z.string().optional(),
});
export type SharingRule = z.infer<typeof sharingRuleSchema>;

export const sharingPolicySchema = z.strictObject({
  reporter: iso3,
  version: z.number().int().positive(),
  effective: z.strictObject({ from: isoDate }),
  /** The states whose operations centres are this reporter's `neighbours`; left out: derived (docs/data-sharing.md). */
  neighbours: z.array(iso3).optional(),
  rules: z.array(sharingRuleSchema).default([]),
  note: z.string().optional(),
});
export type SharingPolicy = z.infer<typeof sharingPolicySchema>;

/** `sharing.yaml`: each reporting state's policies, one per version. */
export const sharingFileSchema = z.strictObject({
  policies: z.array(sharingPolicySchema).min(1),
});
export type SharingFile = z.infer<typeof sharingFileSchema>;

/** A policy with its neighbours resolved: what the engine reads, without the reference data. */
export interface ResolvedPolicy extends Omit<SharingPolicy, 'neighbours'> {
  readonly neighbours: readonly string[];
}

/** Every reporter's policies, checked and resolved, by reporter then version (oldest first). */
export interface SharingPolicies {
  readonly byReporter: ReadonlyMap<string, readonly ResolvedPolicy[]>;
}

/** What the cross-checks need beyond the file: the reference data and the recipients. */
export interface SharingReference {
  readonly reporters: readonly { readonly iso3: string }[];
  readonly indicators: readonly { readonly name: string }[];
  readonly places: readonly {
    readonly id: string;
    readonly country: string;
    readonly across?: string;
    readonly corridors: readonly string[];
  }[];
  readonly recipients: readonly { readonly id: string }[];
}

export class SharingPolicyError extends Error {
  constructor(
    readonly problems: readonly string[],
    source: string,
  ) {
    super(`sharing policies ${source} are not valid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'SharingPolicyError';
  }
}
