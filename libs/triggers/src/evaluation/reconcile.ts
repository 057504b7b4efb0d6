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
 * same signal restates nothing twice. Once a new version of the trigger took effect, only the story since
 * (`sinceVersionChange`) is reconciled.
 */
export function reconcile(
  said: readonly AlertEvent[],
  replayed: readonly AlertEvent[],
  cause: string,
): AlertEvent[] {
  const since = sinceVersionChange(said, replayed);
  const saidByAlert = byAlert(since.said);
  const replayedByAlert = byAlert(since.replayed);
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

/**
 * The stories to reconcile once a new version of the trigger took effect (an event with `reason:
 * version-change`, `passToVersion`): what was published before it is the old version's, and what the new
 * version would have said of those periods was never published, so neither is reconciled. Both stories start
 * at the change: the alert it left in force, under its id, and the rest. In the replay, the new version's own
 * alert in force at the change is that alert, renamed to the id it carried over.
 */
export function sinceVersionChange(
  said: readonly AlertEvent[],
  replayed: readonly AlertEvent[],
): { said: readonly AlertEvent[]; replayed: readonly AlertEvent[] } {
  let at = said.length - 1;
  while (at >= 0 && said[at].evidence.reason !== 'version-change') at--;
  if (at < 0) return { said, replayed };
  const change = said[at];
  const since = change.evidence.period.start;
  const own = change.level === null ? undefined : inForceAt(replayed, since);
  const after = replayed
    .filter((e) => e.evidence.period.start > since)
    .map((e) => (e.alertId === own ? renamed(e, change.alertId) : e));
  return { said: said.slice(at), replayed: [change, ...after] };
}

/** The alert of a story that stood at a level after the events of periods up to `periodStart`. */
function inForceAt(story: readonly AlertEvent[], periodStart: string): string | undefined {
  const last = [...byAlert(story.filter((e) => e.evidence.period.start <= periodStart)).values()]
    .map((events) => events.at(-1) as AlertEvent)
    .find((e) => e.level !== null && e.type !== 'pending');
  return last?.alertId;
}

/** An event of one alert told under another alert's id. */
function renamed(e: AlertEvent, alertId: string): AlertEvent {
  return { ...e, alertId, eventId: alertId + e.eventId.slice(e.alertId.length) };
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
