import {
  monthsBefore,
  type Backtest,
  type Hit,
  type Miss,
  type Scoring,
  type TriggerScore,
} from '@atalaya/triggers';
import { alertLine } from '../alert-line';

/** What `atalaya backtest` reports, in text or as JSON. */
export interface BacktestReport extends Backtest {
  readonly catalogue: string;
  /** Where the history came from: a file, or the database. */
  readonly history: string;
  readonly knownEvents?: string;
  readonly scoring?: Scoring;
}

interface Named {
  readonly triggerId: string;
  readonly version: number;
  readonly shadow: boolean;
}

/** `id@version`, marked `(shadow)` the same way everywhere a shadow trigger is listed. */
export function triggerName(t: Named): string {
  return `${t.triggerId}@${t.version}${t.shadow ? ' (shadow)' : ''}`;
}

export function formatReport(r: BacktestReport): string {
  const lines = [`backtest of ${r.catalogue} over ${r.observations} observations from ${r.history}`, ''];
  lines.push(...r.events.map(alertLine), '');
  const years = [...new Set(r.activity.flatMap((a) => Object.keys(a.firingsByYear)))].sort();
  lines.push(['trigger'.padEnd(30), 'events'.padStart(6), ...years.map((y) => y.padStart(5))].join(' '));
  lines.push(
    ...r.activity.map((a) =>
      [
        triggerName(a).padEnd(30),
        String(a.events).padStart(6),
        ...years.map((y) => String(a.firingsByYear[y] ?? 0).padStart(5)),
      ].join(' '),
    ),
  );
  lines.push('', 'figures under each year: alerts raised (firing events) in that year');
  if (r.scoring) lines.push('', ...scoringLines(r.scoring, r.knownEvents ?? 'known events'));
  return lines.join('\n');
}

function scoringLines(s: Scoring, source: string): string[] {
  const scored = s.triggers.reduce((n, t) => n + t.knownEvents, 0);
  return [
    `scored against ${source}: a firing up to ${months(s.maxLeadMonths)} before an event's start, or during ` +
      'it, on its series is a hit',
    '',
    [
      'trigger'.padEnd(30),
      'known'.padStart(5),
      'hits'.padStart(5),
      'misses'.padStart(6),
      'false alarms'.padStart(12),
      '  median lead',
    ].join(' '),
    ...s.triggers.map(scoreRow),
    '',
    ...s.triggers.flatMap((t) => detailLines(t, s.maxLeadMonths)),
    ...(scored === 0 ? ['no known event concerns a series the catalogue watched in this history'] : []),
    ...(s.unscored.length > 0
      ? ['', 'not scored:', ...s.unscored.map((u) => `  ${u.id} (${u.from} to ${u.to}): ${u.reason}`)]
      : []),
  ];
}

function scoreRow(t: TriggerScore): string {
  return [
    triggerName(t).padEnd(30),
    String(t.knownEvents).padStart(5),
    String(t.hits.length).padStart(5),
    String(t.misses.length).padStart(6),
    String(t.falseAlarms.length).padStart(12),
    `  ${t.medianLeadDays === null ? '-' : lead(t.medianLeadDays, t.medianLeadMonths ?? 0)}`,
  ].join(' ');
}

function detailLines(t: TriggerScore, maxLeadMonths: number): string[] {
  const name = triggerName(t);
  return [
    ...t.hits.map((h) => `${name}  hit          ${h.id}: ${hitText(h)}`),
    ...t.misses.map((m) => `${name}  miss         ${m.id}: ${missText(m, maxLeadMonths)}`),
    ...t.falseAlarms.map(
      (f) => `${name}  false alarm  ${f.periodStart.slice(0, 7)} ${f.level ?? ''} on ${f.seriesKey}`,
    ),
  ];
}

function hitText(h: Hit): string {
  const when = `fired ${h.firing.periodStart.slice(0, 7)} (${h.firing.level ?? '-'})`;
  const how = h.leadDays >= 0 ? 'ahead of' : 'after';
  return `${when}, ${lead(Math.abs(h.leadDays), Math.abs(h.leadMonths))} ${how} its start ${h.from}`;
}

function missText(m: Miss, maxLeadMonths: number): string {
  const none = `no firing on its series from ${monthsBefore(m.from, maxLeadMonths)} to ${m.to}`;
  if (!m.inForce) return none;
  const { raised, level } = m.inForce;
  return `${none}: the alert raised ${raised.slice(0, 7)} was still in force (${level}) when it began`;
}

function lead(days: number, monthCount: number): string {
  return `${round(days)} days (${months(monthCount)})`;
}

function months(n: number): string {
  return `${round(n)} month${n === 1 ? '' : 's'}`;
}

function round(n: number): string {
  return String(Math.round(n * 10) / 10);
}
