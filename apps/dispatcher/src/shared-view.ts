import { readFileSync } from 'node:fs';
import type { AccessRecord, AlertEvent, SharedAlertEvent, WithheldFigure } from '@atalaya/contracts';
import type { Reference } from '@atalaya/reference';
import type { Recipient } from '@atalaya/routing';
import {
  entitlementOf,
  redactEvidence,
  type Purpose,
  type SharingPolicies,
  type Viewer,
} from '@atalaya/sharing';
import { loadSharingPolicies } from '@atalaya/sharing/files';
import type { Condition } from '@atalaya/triggers';
import type { Logger } from 'pino';
import { parse as parseYaml } from 'yaml';

/** What a notification tells its recipient of an alert, and the reads of restricted figures it records. */
export interface AlertAsShown {
  readonly event: SharedAlertEvent;
  readonly withheld: readonly WithheldFigure[];
  readonly access: readonly AccessRecord[];
}

/** A notification warns: the purpose every figure in it is shown for. */
const PURPOSE: Purpose = 'early_warning';

/**
 * Conservative for a trigger the catalogue no longer has: every figure of its evidence counts as a reported
 * count, so none is shown where the policy would not show the series' own figures.
 */
const UNKNOWN_CONDITION = { type: 'rate_of_change', mode: 'absolute' } as const;

const seriesParts = /^([A-Z]{3})\/([^/]+)\//;

/**
 * Each alert as one recipient may see it under the reporting states' sharing policies (docs/data-sharing.md):
 * the evidence redacted (`redactEvidence`), the figures withheld listed with their reasons, and one access
 * record per reporting state whose figures the recipient was shown, for the state's access audit.
 */
export class SharedView {
  constructor(
    private readonly policies: SharingPolicies,
    private readonly conditions: ReadonlyMap<string, Condition>,
    private readonly reference: Pick<Reference, 'place'>,
  ) {}

  of(recipient: Recipient, event: AlertEvent, notificationId: string, at: string): AlertAsShown {
    const viewer = viewerOf(recipient);
    const request = { viewer, purpose: PURPOSE, at };
    const condition = this.conditions.get(event.trigger.id) ?? UNKNOWN_CONDITION;
    const placeCountry = (place: string) => this.reference.place(place)?.country;
    const redacted = redactEvidence(this.policies, request, event, condition, placeCountry);
    const shown = { ...event, evidence: redacted.evidence };
    const read = (reporter: string, indicator: string): AccessRecord[] => {
      const entitled = entitlementOf(this.policies, viewer, reporter, indicator, PURPOSE, at);
      if (!entitled.granted || entitled.policy.basis !== 'policy') return [];
      return [
        {
          at,
          viewer: { kind: 'recipient', id: recipient.id },
          reporter,
          channel: 'notification',
          resource: notificationId,
          indicator,
          purpose: PURPOSE,
          granularity: entitled.granularity,
          disaggregations: [],
          policyVersion: entitled.policy.version,
        },
      ];
    };
    const series = seriesParts.exec(event.seriesKey);
    const access = [
      ...(series && redacted.evidence.value !== undefined ? read(series[1], series[2]) : []),
      ...(redacted.evidence.members ?? []).flatMap((m) => {
        const reporter = m.value === undefined ? undefined : placeCountry(m.place);
        return reporter ? read(reporter, m.indicator) : [];
      }),
    ].filter(
      (r, i, all) => all.findIndex((o) => o.reporter === r.reporter && o.indicator === r.indicator) === i,
    );
    return {
      event: shown,
      withheld: redacted.omissions.map((o) => ({ field: o.field, reason: o.reason, message: o.message })),
      access,
    };
  }
}

function viewerOf(recipient: Recipient): Viewer {
  return {
    type: 'recipient',
    id: recipient.id,
    kind: recipient.kind,
    ...(recipient.state ? { state: recipient.state } : {}),
  };
}

/**
 * The sharing policies, checked against the reference data and the recipients this dispatcher routes to. A
 * rule naming a recipient it does not route to (a registry that differs from the catalogue's file) matches
 * nobody here: it is logged, not refused; `atalaya sharing validate` holds the file to the catalogue's
 * recipients.
 */
export function loadSharing(
  path: string,
  reference: Reference,
  recipients: readonly Recipient[],
  logger: Logger,
): SharingPolicies {
  const known = new Set(recipients.map((r) => r.id));
  const unknown = namedRecipients(path).filter((id) => !known.has(id));
  if (unknown.length > 0) {
    logger.warn(
      { recipients: unknown, path },
      'sharing policies name recipients this dispatcher does not route to: their rules match nobody here',
    );
  }
  return loadSharingPolicies(path, {
    ...reference,
    recipients: [...recipients, ...unknown.map((id) => ({ id }))],
  });
}

/** The recipient ids a policy file names in its rules, read before it is checked. */
function namedRecipients(path: string): string[] {
  let doc: unknown;
  try {
    doc = parseYaml(readFileSync(path, 'utf8'));
  } catch {
    return [];
  }
  const ids = new Set<string>();
  const policies = (doc as { policies?: unknown })?.policies;
  for (const p of Array.isArray(policies) ? policies : []) {
    const rules = (p as { rules?: unknown })?.rules;
    for (const r of Array.isArray(rules) ? rules : []) {
      const viewers = (r as { viewers?: unknown })?.viewers;
      for (const v of Array.isArray(viewers) ? viewers : []) {
        const id = (v as { recipient?: unknown })?.recipient;
        if (typeof id === 'string') ids.add(id);
      }
    }
  }
  return [...ids];
}
