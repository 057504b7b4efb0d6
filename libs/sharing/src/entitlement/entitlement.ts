import { PolicyApplied } from '@atalaya/contracts';
import {
  Dimension,
  Purpose,
  ResolvedPolicy,
  SharedGranularity,
  SharingPolicies,
  SharingRule,
  ViewerSelector,
} from '../policy/policy.schema';
import { dimensions } from '../policy/policy.schema';
import { Viewer } from './viewer';

/** Which policy decided, for the access audit: a version and rule of a state's policy, or the state's own data. */
export type { PolicyApplied } from '@atalaya/contracts';

export interface Entitlement {
  readonly granted: true;
  readonly granularity: SharedGranularity;
  /** The breakdowns allowed, each with its minimum cell size; a dimension left out is not shown. */
  readonly disaggregations: Partial<Readonly<Record<Dimension, { readonly minCell: number }>>>;
  /** Figures of a period are shown only this long after it ends (ISO 8601 duration). */
  readonly embargo?: string;
  /** How long the viewer may keep what it is shown (ISO 8601 duration); absent: no limit set. */
  readonly retention?: string;
  readonly policy: PolicyApplied;
}

/**
 * Why nothing is shown. `no-policy`: the reporter has no policy in force; `no-rule`: none of its rules names
 * this viewer for this indicator (deny by default); `purpose-not-granted`: rules name the viewer, but not
 * for this purpose (the gateway answers 403 with the message); `not-shared`: the rule that applies says
 * granularity none.
 */
export const refusalReasons = ['no-policy', 'no-rule', 'purpose-not-granted', 'not-shared'] as const;
export type RefusalReason = (typeof refusalReasons)[number];

export interface Refusal {
  readonly granted: false;
  readonly reason: RefusalReason;
  readonly message: string;
  readonly policy?: PolicyApplied;
}

/** The policy of a reporter in force at an instant: its highest version in effect on that UTC day. */
export function policyInForce(
  policies: SharingPolicies,
  reporter: string,
  at: string,
): ResolvedPolicy | undefined {
  const day = new Date(at).toISOString().slice(0, 10);
  const versions = policies.byReporter.get(reporter) ?? [];
  return versions.filter((p) => p.effective.from <= day).at(-1);
}

/**
 * What a viewer may see of one reporter's indicator for one purpose at an instant, or why not. A state's own
 * operations centre sees its own figures whole. Otherwise the rules that name the viewer and the indicator
 * and grant the purpose (or share nothing, whatever the purpose) are candidates, and the most specific wins:
 * a recipient named by id, then the neighbours group, then a kind (the partners group is the kind partner),
 * then the public; at equal rank, a rule naming the indicator before one for all.
 */
export function entitlementOf(
  policies: SharingPolicies,
  viewer: Viewer,
  reporter: string,
  indicator: string,
  purpose: Purpose,
  at: string,
): Entitlement | Refusal {
  if (viewer.type === 'recipient' && viewer.kind === 'state_operations_centre' && viewer.state === reporter)
    return ownData(reporter);
  const policy = policyInForce(policies, reporter, at);
  if (!policy)
    return {
      granted: false,
      reason: 'no-policy',
      message: `${reporter} has no data-sharing policy in force on ${at.slice(0, 10)}: nothing of its figures is shared`,
    };
  const matching = policy.rules
    .map((rule, index) => ({ rule, index, rank: rankOf(rule, viewer, indicator, policy) }))
    .filter((m): m is { rule: SharingRule; index: number; rank: number } => m.rank !== null);
  const who = describe(viewer);
  if (matching.length === 0)
    return {
      granted: false,
      reason: 'no-rule',
      message: `${reporter}'s policy (version ${policy.version}) shares nothing of ${indicator} with ${who}`,
    };
  const candidates = matching.filter(
    (m) => m.rule.granularity === 'none' || m.rule.purposes.includes(purpose),
  );
  if (candidates.length === 0) {
    const granted = [...new Set(matching.flatMap((m) => m.rule.purposes))];
    return {
      granted: false,
      reason: 'purpose-not-granted',
      message:
        `${reporter}'s policy (version ${policy.version}) does not grant ${who} ${indicator} for ${purpose}` +
        (granted.length > 0 ? `; it grants ${granted.join(', ')}` : ''),
    };
  }
  const { rule, index } = candidates.reduce((best, m) => (m.rank > best.rank ? m : best));
  const applied: PolicyApplied = { basis: 'policy', reporter, version: policy.version, rule: index };
  if (rule.granularity === 'none')
    return {
      granted: false,
      reason: 'not-shared',
      message: `${reporter}'s policy (version ${policy.version}, rule ${index}) shares nothing of ${indicator} with ${who}`,
      policy: applied,
    };
  const disaggregations: Partial<Record<Dimension, { minCell: number }>> = {};
  for (const d of dimensions) {
    const allowed = rule.disaggregations[d];
    if (allowed?.allowed) disaggregations[d] = { minCell: allowed.minCell };
  }
  return {
    granted: true,
    granularity: rule.granularity,
    disaggregations,
    ...(rule.embargo !== undefined && { embargo: rule.embargo }),
    ...(rule.retention !== undefined && { retention: rule.retention }),
    policy: applied,
  };
}

function ownData(reporter: string): Entitlement {
  return {
    granted: true,
    granularity: 'place',
    disaggregations: { nationality: { minCell: 1 }, sex: { minCell: 1 }, ageBand: { minCell: 1 } },
    policy: { basis: 'own-data', reporter },
  };
}

/** How specifically a rule names this viewer and indicator (higher wins), or null when it does not. */
function rankOf(rule: SharingRule, viewer: Viewer, indicator: string, policy: ResolvedPolicy): number | null {
  const named = rule.indicators !== 'all';
  if (named && !rule.indicators.includes(indicator)) return null;
  const viewerRank = Math.max(-1, ...rule.viewers.map((s) => selectorRank(s, viewer, policy)));
  return viewerRank < 0 ? null : viewerRank * 2 + (named ? 1 : 0);
}

function selectorRank(selector: ViewerSelector, viewer: Viewer, policy: ResolvedPolicy): number {
  if ('group' in selector && selector.group === 'public') return 0;
  if (viewer.type !== 'recipient') return -1;
  if ('recipient' in selector) return selector.recipient === viewer.id ? 3 : -1;
  if ('kind' in selector) return selector.kind === viewer.kind ? 1 : -1;
  if (selector.group === 'partners') return viewer.kind === 'partner' ? 1 : -1;
  const neighbour =
    viewer.kind === 'state_operations_centre' &&
    viewer.state !== undefined &&
    policy.neighbours.includes(viewer.state);
  return selector.group === 'neighbours' && neighbour ? 2 : -1;
}

const describe = (viewer: Viewer): string => (viewer.type === 'public' ? 'the public' : viewer.id);
