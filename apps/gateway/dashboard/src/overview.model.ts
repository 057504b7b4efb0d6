import type { ActionStanding, AlertDetail, AlertSummary, ReportingStatus } from '@atalaya/contracts';
import type { ReferenceView } from '@atalaya/reference';
import type { CatalogueEntry } from '@atalaya/triggers';
import { highestLevel, levelStyle } from './levels';
import { seriesOf, stateOf } from './series-key';

/** The highest active level of some alerts, and how many there are. */
export interface Standing {
  readonly level: string | null;
  readonly severity?: string;
  readonly alerts: readonly AlertSummary[];
}

function standingOf(alerts: readonly AlertSummary[]): Standing {
  const top = highestLevel(alerts.map((a) => ({ level: a.latest.level, severity: a.latest.severity })));
  return { level: top?.level ?? null, severity: top?.severity, alerts };
}

function groupBy(
  alerts: readonly AlertSummary[],
  keyOf: (a: AlertSummary) => readonly string[],
): Map<string, AlertSummary[]> {
  const groups = new Map<string, AlertSummary[]>();
  for (const a of alerts) for (const k of keyOf(a)) groups.set(k, [...(groups.get(k) ?? []), a]);
  return groups;
}

const active = (alerts: readonly AlertSummary[]) => alerts.filter((a) => a.status === 'active');

/** Each reporting state, with the highest level of its active alerts (none for a quiet state). */
export function stateStandings(
  alerts: readonly AlertSummary[],
  states: readonly string[],
): Map<string, Standing> {
  const byState = groupBy(active(alerts), (a) => {
    const s = stateOf(a.latest.seriesKey);
    return s === undefined ? [] : [s];
  });
  return new Map(states.map((s) => [s, standingOf(byState.get(s) ?? [])]));
}

/** The places that have an active alert of their own series, with its highest level. */
export function placeStandings(alerts: readonly AlertSummary[]): Map<string, Standing> {
  const byPlace = groupBy(active(alerts), (a) => {
    const s = seriesOf(a.latest.seriesKey);
    return s.kind === 'series' && s.place !== undefined ? [s.place] : [];
  });
  return new Map([...byPlace.entries()].map(([p, as]) => [p, standingOf(as)]));
}

/** Each corridor, with its composite alerts and the active alerts at its places. */
export function corridorStandings(
  alerts: readonly AlertSummary[],
  corridors: ReferenceView['corridors'],
): { corridor: ReferenceView['corridors'][number]; standing: Standing }[] {
  return corridors.map((corridor) => {
    const places = new Set(corridor.steps.map((s) => s.place));
    const on = active(alerts).filter((a) => {
      const s = seriesOf(a.latest.seriesKey);
      return (
        (s.kind === 'corridor' && s.corridor === corridor.id) ||
        (s.kind === 'series' && s.place !== undefined && places.has(s.place))
      );
    });
    return { corridor, standing: standingOf(on) };
  });
}

/** A corridor's steps as its trigger reads them: each place with the indicator counted there, in route order. */
export function corridorMembers(
  entries: readonly CatalogueEntry[],
  corridorId: string,
): { readonly place: string; readonly indicator: string }[] {
  for (const { trigger } of entries) {
    const c = trigger.condition;
    if (c.type === 'corridor_composite' && c.corridor === corridorId)
      return c.members.map((m) => ({ place: m.place, indicator: m.indicator }));
  }
  return [];
}

/** How many active alerts stand at each level, the highest level first. */
export function countsByLevel(
  alerts: readonly AlertSummary[],
): { level: string; severity: string; count: number }[] {
  const counts = new Map<string, { level: string; severity: string; count: number }>();
  for (const a of active(alerts)) {
    const level = a.latest.level ?? 'none';
    const c = counts.get(level) ?? { level, severity: a.latest.severity, count: 0 };
    counts.set(level, { ...c, count: c.count + 1 });
  }
  return [...counts.values()].sort(
    (a, b) =>
      levelStyle(b.level, b.severity).rank - levelStyle(a.level, a.severity).rank ||
      a.level.localeCompare(b.level),
  );
}

/** The response actions past their deadline, neither done nor declined, soonest due first. */
export function overdueActions(
  details: readonly AlertDetail[],
): { alert: AlertSummary; action: ActionStanding }[] {
  return details
    .flatMap((d) =>
      (d.timeline?.actions ?? []).filter((a) => a.overdue).map((action) => ({ alert: d.alert, action })),
    )
    .sort((a, b) => a.action.dueAt.localeCompare(b.action.dueAt));
}

/** The reporters that are late or have never reported: the most reports missed first, then the silent. */
export function silentReporters(status: ReportingStatus): ReportingStatus['reporters'] {
  return status.reporters
    .filter((r) => r.status !== 'reporting')
    .sort((a, b) =>
      a.status === b.status ? b.missedReports - a.missedReports : a.status === 'late' ? -1 : 1,
    );
}
