import { Period, Signal, SignalLocation } from '@atalaya/contracts';
import { PolicyApplied, Refusal, Entitlement, RefusalReason } from '../entitlement/entitlement';
import { Dimension, SharedGranularity } from '../policy/policy.schema';
import { SuppressionMark } from '../suppression/suppression.types';

/** A reported figure as the engine stores it (the latest revision of its series and period). */
export type Figure = Pick<
  Signal,
  'reporter' | 'indicator' | 'location' | 'period' | 'value' | 'disaggregation'
>;

/** What the aggregation needs of the place registry: each place's first-level subdivision. */
export type PlaceLookup = (id: string) => { readonly admin1?: string } | undefined;

/** A cell of a published breakdown: its categories, and its value or why it is hidden. */
export interface SharedCell {
  readonly key: Partial<Readonly<Record<Dimension, string>>>;
  readonly value: number | null;
  readonly suppressed?: SuppressionMark;
}

/**
 * A breakdown as shown: by one dimension, or a cross-tabulation of two with its margins (cells keyed by one
 * dimension). `total` is the sum of its cells, which may fall short of the figure when the reporter broke
 * down only part of it.
 */
export interface SharedBreakdown {
  readonly dimensions: readonly Dimension[];
  readonly minCell: number;
  readonly total: number;
  readonly cells: readonly SharedCell[];
}

export interface SharedFigure {
  readonly reporter: string;
  readonly indicator: string;
  readonly granularity: SharedGranularity;
  /** Where, no finer than the granularity: the place's location, its admin-1, or its country. */
  readonly location: SignalLocation;
  readonly period: Period;
  readonly value: number;
  /** How many reported figures it adds up (1 when shown as reported). */
  readonly aggregatedFrom: number;
  readonly breakdowns: readonly SharedBreakdown[];
  readonly retention?: string;
  readonly policy: PolicyApplied;
}

/**
 * Why something was not shown. Beside the refusals of `entitlementOf`: `embargoed`, a period still under
 * embargo; `not-locatable`, a place in no single admin-1 at admin-1 granularity (it counts in the national
 * figure shown beside the admin-1 ones); `breakdown-not-allowed`, a dimension the policy does not allow; `breakdown-incomplete`, a
 * breakdown not every figure of an aggregate carries; `cross-tabulation-not-published`, a second
 * cross-tabulation beside the one shown, whose dimensions are shown by themselves; `small-cell` and
 * `complementary`, suppressed cells; `breakdown-withheld`, a breakdown no suppression pattern protects;
 * `breakdown-linked`, the breakdown of a figure shown beside the finer figures it is made of;
 * `finer-than-allowed`, a request drawn around a place or admin-1 area finer than the viewer may see.
 */
export const omissionReasons = [
  'no-policy',
  'no-rule',
  'purpose-not-granted',
  'not-shared',
  'embargoed',
  'not-locatable',
  'breakdown-not-allowed',
  'breakdown-incomplete',
  'cross-tabulation-not-published',
  'small-cell',
  'complementary',
  'breakdown-withheld',
  'breakdown-linked',
  'finer-than-allowed',
] as const;
export type OmissionReason = (typeof omissionReasons)[number];

export interface Omission {
  readonly reason: OmissionReason | RefusalReason;
  readonly message: string;
  readonly reporter: string;
  readonly indicator: string;
  readonly location?: SignalLocation;
  readonly period?: Period;
  /** For a breakdown or a cell: which. */
  readonly dimensions?: readonly Dimension[];
  readonly cell?: SharedCell['key'];
  /** How many reported figures it leaves out, for a refusal or an embargo. */
  readonly figures?: number;
  readonly policy?: PolicyApplied;
}

/** What one reporter's indicator came to for this request. */
export interface AppliedEntitlement {
  readonly reporter: string;
  readonly indicator: string;
  readonly outcome: Entitlement | Refusal;
}

export interface SharedFigures {
  readonly figures: readonly SharedFigure[];
  readonly omissions: readonly Omission[];
  /** Every (reporter, indicator) asked for and what the policies said: for the 403 and the access audit. */
  readonly entitlements: readonly AppliedEntitlement[];
}
