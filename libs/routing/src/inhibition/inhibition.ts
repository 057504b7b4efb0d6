import { AlertContext } from '../context/alert.context';
import { LevelsOf, matches, sameLabel } from '../matching/matcher';
import { InhibitRule } from '../routes/route.schema';

/**
 * Whether an alert is held back for a recipient by an alert in force: one that matches a rule's `source`,
 * while the alert matches its `target` and agrees with the source on every `equal` label. An alert never
 * inhibits itself. `active` are the alerts in force (fired and not resolved, never pending or shadow).
 */
export function isInhibited(
  rules: readonly InhibitRule[],
  active: Iterable<AlertContext>,
  target: AlertContext,
  recipientId: string,
  levelsOf: LevelsOf,
): boolean {
  const applicable = rules.filter(
    (r) =>
      (r.recipients === undefined || r.recipients.includes(recipientId)) &&
      matches(r.target, target, levelsOf),
  );
  if (applicable.length === 0) return false;
  for (const source of active) {
    if (source.alertId === target.alertId) continue;
    for (const rule of applicable) {
      if (
        matches(rule.source, source, levelsOf) &&
        rule.equal.every((label) => sameLabel(source, target, label))
      ) {
        return true;
      }
    }
  }
  return false;
}

/** Whether an event leaves its alert in force, so that it can inhibit others. */
export function keepsInForce(context: AlertContext): boolean {
  return (
    !context.shadow &&
    context.type !== 'pending' &&
    context.type !== 'resolved' &&
    context.type !== 'cancelled'
  );
}
