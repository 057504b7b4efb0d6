import { AlertEvent, Evidence } from '@atalaya/contracts';
import stringify from 'safe-stable-stringify';
import { eventIdOf, stableId } from './ids';

/**
 * What must be published so that the alerts already announced (`said`, in the order they were published)
 * tell the story the corrected series tells (`replayed`: the evaluator's events over the series as it now
 * stands). Per alert:
 * - announced, but the corrected series never raises it: `cancelled`, as if it had never been raised;
 * - raised by the corrected series but never announced: its events as the evaluator gives them;
 * - announced and still raised, the announcement a prefix of the corrected story: the rest of the story;
 * - announced and still raised, the story changed: one restatement of where it now stands, `updated` with
 *   its level or `resolved`, unless it already stands there.
 * Restatements take their ids from the alert and the signal that caused them (`cause`), so reprocessing the
 * same signal restates nothing twice.
 */
export function reconcile(
  said: readonly AlertEvent[],
  replayed: readonly AlertEvent[],
  cause: string,
): AlertEvent[] {
  const saidByAlert = byAlert(said);
  const replayedByAlert = byAlert(replayed);
  const out: AlertEvent[] = [];
  for (const alertId of new Set([...saidByAlert.keys(), ...replayedByAlert.keys()])) {
    const before = saidByAlert.get(alertId) ?? [];
    const now = replayedByAlert.get(alertId) ?? [];
    const lastSaid = before.at(-1);
    const lastNow = now.at(-1);
    if (!lastSaid) {
      out.push(...now);
    } else if (!lastNow) {
      if (lastSaid.type !== 'cancelled') out.push(cancellation(lastSaid, cause));
    } else if (isPrefix(before, now)) {
      out.push(...now.slice(before.length));
    } else if (!sameStanding(lastSaid, lastNow)) {
      out.push(restatement(lastSaid, lastNow, cause));
    }
  }
  return out;
}

function byAlert(events: readonly AlertEvent[]): Map<string, AlertEvent[]> {
  const groups = new Map<string, AlertEvent[]>();
  for (const e of events) {
    const group = groups.get(e.alertId);
    if (group) group.push(e);
    else groups.set(e.alertId, [e]);
  }
  return groups;
}

/**
 * The announcement holds only the evaluator's own steps (a new-peak `updated` is one), none of the
 * restatements written here, each exactly as the corrected story has it.
 */
function isPrefix(before: readonly AlertEvent[], now: readonly AlertEvent[]): boolean {
  return (
    before.length <= now.length &&
    before.every((e, i) => e.evidence.revisedBy === undefined && sameEvent(e, now[i]))
  );
}

/** Evidence compared as canonical JSON: an event read back from a JSON column may list its keys in another order. */
function sameEvent(a: AlertEvent, b: AlertEvent): boolean {
  return a.eventId === b.eventId && stringify(a.evidence) === stringify(b.evidence);
}

/** Where an alert stands: its level (none once resolved or cancelled) and, while active, the figure behind it. */
function sameStanding(said: AlertEvent, now: AlertEvent): boolean {
  if (said.level !== now.level) return false;
  return (
    said.level === null ||
    (said.evidence.value === now.evidence.value && said.evidence.period.start === now.evidence.period.start)
  );
}

function restatement(said: AlertEvent, now: AlertEvent, cause: string): AlertEvent {
  const type = now.level === null ? 'resolved' : 'updated';
  return {
    ...now,
    eventId: eventIdOf(now.alertId, type, 'revised-by', stableId('signal', cause)),
    type,
    previousLevel: said.level,
    evidence: revisedEvidence(now.evidence, cause),
  };
}

/** Where the alert stands, restated because of `cause`: a revision, even of a new peak's figures. */
function revisedEvidence(evidence: Evidence, cause: string): Evidence {
  const revised: Evidence = { ...evidence, revisedBy: cause };
  delete revised.reason;
  delete revised.previousPeak;
  return revised;
}

function cancellation(said: AlertEvent, cause: string): AlertEvent {
  return {
    ...said,
    eventId: eventIdOf(said.alertId, 'cancelled', 'revised-by', stableId('signal', cause)),
    type: 'cancelled',
    level: null,
    previousLevel: said.level,
    evidence: revisedEvidence(said.evidence, cause),
  };
}
