import { AccessRecord, AlertEvent, Retention, SharedAlertEvent, WithheldFigure } from '@atalaya/contracts';
import { Condition } from '@atalaya/triggers';
import { entitlementOf } from '../entitlement/entitlement';
import { auditedViewer, Viewer } from '../entitlement/viewer';
import { Purpose, SharingPolicies } from '../policy/policy.schema';
import { redactEvidence } from './redact-evidence';

/** An alert event as one viewer is shown it, and the reads of restricted figures that showing makes. */
export interface AlertAsShown {
  readonly event: SharedAlertEvent;
  readonly withheld: readonly WithheldFigure[];
  readonly access: readonly AccessRecord[];
  /** How long the viewer may keep what it was shown, for each state whose figures it was shown. */
  readonly retention: readonly Retention[];
}

/** Where and why an alert is shown: to whom, for what, through which channel, as which resource, when. */
export interface Showing {
  readonly viewer: Viewer;
  readonly purpose: Purpose;
  readonly channel: AccessRecord['channel'];
  /** What the access audit names as read: a notification id, a CAP identifier. */
  readonly resource: string;
  readonly at: string;
}

/**
 * What the catalogue tells the sharing of an alert: the condition of each trigger (which evidence fields are
 * counts), and the country of each place (whose policy a corridor member's figure falls under).
 */
export interface AlertContext {
  readonly conditionOf: (triggerId: string) => Condition | undefined;
  readonly placeCountry: (place: string) => string | undefined;
}

/**
 * Conservative for a trigger the catalogue no longer has: every figure of its evidence counts as a reported
 * count, so none is shown where the policy would not show the series' own figures.
 */
const UNKNOWN_CONDITION = { type: 'rate_of_change', mode: 'absolute' } as const;

const seriesParts = /^([A-Z]{3})\/([^/]+)\//;

/**
 * An alert as one viewer may see it (docs/data-sharing.md): the evidence redacted (`redactEvidence`), the
 * figures withheld listed with their reasons, one access record per reporting state and indicator whose
 * figures it was shown under a policy (a state's own centre reading its own figures is not recorded), and how
 * long the viewer may keep each state's figures.
 */
export function alertAsShown(
  policies: SharingPolicies,
  context: AlertContext,
  event: AlertEvent,
  showing: Showing,
): AlertAsShown {
  const { viewer, purpose, at } = showing;
  const condition = context.conditionOf(event.trigger.id) ?? UNKNOWN_CONDITION;
  const redacted = redactEvidence(policies, { viewer, purpose, at }, event, condition, context.placeCountry);
  const retention: Retention[] = [];
  const read = (reporter: string, indicator: string): AccessRecord[] => {
    const entitled = entitlementOf(policies, viewer, reporter, indicator, purpose, at);
    if (!entitled.granted || entitled.policy.basis !== 'policy') return [];
    if (entitled.retention && !retention.some((r) => r.reporter === reporter && r.indicator === indicator)) {
      retention.push({ reporter, indicator, keepFor: entitled.retention });
    }
    return [
      {
        at,
        viewer: auditedViewer(viewer),
        reporter,
        channel: showing.channel,
        resource: showing.resource,
        indicator,
        purpose,
        granularity: entitled.granularity,
        disaggregations: [],
        policyVersion: entitled.policy.version,
      },
    ];
  };
  const series = seriesParts.exec(event.seriesKey);
  const reads = [
    ...(series && redacted.evidence.value !== undefined ? read(series[1], series[2]) : []),
    ...(redacted.evidence.members ?? []).flatMap((m) => {
      const reporter = m.value === undefined ? undefined : context.placeCountry(m.place);
      return reporter ? read(reporter, m.indicator) : [];
    }),
  ];
  return {
    event: { ...event, evidence: redacted.evidence },
    withheld: redacted.omissions.map((o) => ({ field: o.field, reason: o.reason, message: o.message })),
    access: reads.filter(
      (r, i) => reads.findIndex((o) => o.reporter === r.reporter && o.indicator === r.indicator) === i,
    ),
    retention,
  };
}
