import { EscalationStep } from '../recipients/recipient.schema';
import { earliest, Instant, millis, plus } from '../time';

export interface DueStep {
  /** Position in the policy, so a dispatcher that logged steps 0 and 1 knows step 2 is the next. */
  readonly index: number;
  readonly step: EscalationStep;
  readonly dueAt: Instant;
}

export interface EscalationDue {
  /** Every step due by `now`: its time has come and no acknowledgement came before it. */
  readonly due: readonly DueStep[];
  /** When the next step falls due; null once acknowledged or when no step is left. */
  readonly nextAt: Instant | null;
}

/**
 * Where one recipient's escalation of one notification stands at `now`. Each step's `after` counts from
 * the notification; an acknowledgement at or before a step's time stops it and every step after it.
 * Acknowledgement is per recipient: each recipient's escalation is computed from its own `acknowledgedAt`.
 */
export function escalationDue(
  policy: readonly EscalationStep[],
  notifiedAt: Instant,
  acknowledgedAt: Instant | null,
  now: Instant,
): EscalationDue {
  const acked =
    acknowledgedAt !== null && millis(acknowledgedAt) <= millis(now) ? millis(acknowledgedAt) : Infinity;
  const steps = policy.map((step, index) => ({ index, step, dueAt: plus(notifiedAt, step.after) }));
  const live = steps.filter((s) => millis(s.dueAt) < acked);
  return {
    due: live.filter((s) => millis(s.dueAt) <= millis(now)),
    nextAt:
      acked === Infinity
        ? earliest(live.filter((s) => millis(s.dueAt) > millis(now)).map((s) => s.dueAt))
        : null,
  };
}
