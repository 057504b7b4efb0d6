import { Evidence, SharedEvidence } from '@atalaya/contracts';
import { Condition } from '@atalaya/triggers';
import { underEmbargo } from '../entitlement/embargo';
import { entitlementOf, PolicyApplied, RefusalReason } from '../entitlement/entitlement';
import { SharingRequest } from '../entitlement/viewer';
import { granularities, SharingPolicies } from '../policy/policy.schema';

/** The evidence fields that can carry a reported figure. */
export type FigureField = 'value' | 'measure' | 'baseline' | 'previousPeak' | `members.${number}.value`;

/**
 * Why a figure of the evidence is left out: a refusal of `entitlementOf`; `finer-than-allowed`, a place or
 * admin-1 figure for a viewer allowed coarser ones; `embargoed`; `unknown-place`, a corridor member whose
 * place the registry does not know, so whose reporter is unknown.
 */
export type EvidenceOmissionReason = RefusalReason | 'finer-than-allowed' | 'embargoed' | 'unknown-place';

export interface EvidenceOmission {
  readonly field: FigureField;
  readonly reason: EvidenceOmissionReason;
  readonly message: string;
  readonly policy?: PolicyApplied;
}

export interface RedactedEvidence {
  readonly evidence: SharedEvidence;
  readonly omissions: readonly EvidenceOmission[];
  /** Every policy consulted, for the access audit. */
  readonly policies: readonly PolicyApplied[];
}

/** What of a condition's evidence is a reported count, as opposed to a ratio, a score or a count of places. */
function countFields(condition: Pick<Condition, 'type'> & { mode?: string }): ReadonlySet<FigureField> {
  switch (condition.type) {
    case 'threshold':
      return new Set(['value', 'previousPeak']);
    case 'sustained':
      return new Set(['value', 'measure', 'previousPeak']);
    case 'rate_of_change':
      return condition.mode === 'absolute'
        ? new Set(['value', 'measure', 'baseline', 'previousPeak'])
        : new Set(['value', 'baseline']);
    case 'seasonal_anomaly':
    case 'rolling_high':
      return new Set(['value', 'baseline']);
    case 'ratio':
    case 'corridor_composite':
    case 'no_data':
      return new Set();
  }
}

const seriesPattern = /^([A-Z]{3})\/([^/\s]+)\/([A-Z]{3})\/([^/\s]+)\/([^/\s]+)$/;

/**
 * Redacts one alert event's evidence for a request. `seriesKey` says whose figure the alert is about and at
 * which level (a reported series `REPORTER/indicator/COUNTRY/admin1/place`; derived series, corridors and
 * silences, carry no figure of their own); `condition` says which fields are counts; `placeCountry` gives
 * the reporter of a corridor member's place.
 */
export function redactEvidence(
  policies: SharingPolicies,
  request: SharingRequest,
  alert: { readonly seriesKey: string; readonly evidence: Evidence },
  condition: Pick<Condition, 'type'> & { readonly mode?: string },
  placeCountry: (place: string) => string | undefined,
): RedactedEvidence {
  const { members, ...rest } = alert.evidence;
  const shared: SharedEvidence = { ...rest };
  const omissions: EvidenceOmission[] = [];
  const consulted: PolicyApplied[] = [];
  const series = seriesPattern.exec(alert.seriesKey);
  const counts = countFields(condition);
  if (series) {
    const [, reporter, indicator, , admin1, place] = series;
    const level = place !== '-' ? 'place' : admin1 !== '-' ? 'admin1' : 'national';
    const verdict = figureVerdict(policies, request, reporter, indicator, level, alert.evidence.period);
    if (verdict.policy) consulted.push(verdict.policy);
    if (!verdict.shown)
      for (const field of ['value', 'measure', 'baseline', 'previousPeak'] as const)
        if (counts.has(field) && alert.evidence[field] !== undefined) {
          delete shared[field];
          omissions.push({ field, reason: verdict.reason, message: verdict.message, policy: verdict.policy });
        }
  }
  if (members)
    shared.members = members.map((member, i) => {
      const reporter = placeCountry(member.place);
      const verdict: Verdict = reporter
        ? figureVerdict(policies, request, reporter, member.indicator, 'place', member.period)
        : { shown: false, reason: 'unknown-place', message: `${member.place} is not in the place registry` };
      if (verdict.policy) consulted.push(verdict.policy);
      if (verdict.shown) return member;
      const { value: _value, ...kept } = member;
      omissions.push({
        field: `members.${i}.value`,
        reason: verdict.reason,
        message: verdict.message,
        policy: verdict.policy,
      });
      return kept;
    });
  return { evidence: shared, omissions, policies: consulted };
}

type Verdict =
  | { readonly shown: true; readonly policy?: PolicyApplied }
  | {
      readonly shown: false;
      readonly reason: EvidenceOmissionReason;
      readonly message: string;
      readonly policy?: PolicyApplied;
    };

/** Whether a figure of this reporter's indicator, at this level and period, may be shown to the request. */
function figureVerdict(
  policies: SharingPolicies,
  request: SharingRequest,
  reporter: string,
  indicator: string,
  level: 'place' | 'admin1' | 'national',
  period: Evidence['period'],
): Verdict {
  const outcome = entitlementOf(policies, request.viewer, reporter, indicator, request.purpose, request.at);
  if (!outcome.granted)
    return { shown: false, reason: outcome.reason, message: outcome.message, policy: outcome.policy };
  if (granularities.indexOf(level) < granularities.indexOf(outcome.granularity))
    return {
      shown: false,
      reason: 'finer-than-allowed',
      message: `a ${level === 'place' ? 'place' : 'admin-1'} figure; ${reporter} shares ${indicator} with this viewer at ${outcome.granularity} level only`,
      policy: outcome.policy,
    };
  if (underEmbargo(outcome, period, request.at))
    return {
      shown: false,
      reason: 'embargoed',
      message: `${period.start}–${period.end} is under embargo`,
      policy: outcome.policy,
    };
  return { shown: true, policy: outcome.policy };
}
