import {
  monthsBefore,
  type Backtest,
  type Hit,
  type Miss,
  type ScoredWarning,
  type Scoring,
  type TriggerScore,
} from '@atalaya/triggers';
import { alertLine } from '../alert-line';

/** What `atalaya backtest` reports, in text or as JSON. */
export interface BacktestReport extends Backtest {
  readonly catalogue: string;
  /** Where the history came from: a file, or the database. */
  readonly history: string;
  /** Triggers the backtest did not run: no-data triggers, without `--received-after` to give them a clock. */
  readonly unevaluated: readonly Named[];
  /**
   * With `--received-after`: each figure taken as received `receivedAfter` (ISO 8601) after its period
   * ends, and the time no-data triggers were evaluated up to, the receipt of the last figure (null for a
   * history without figures).
   */
  readonly clock?: { readonly receivedAfter: string; readonly until: string | null };
  readonly knownEvents?: string;
  readonly scoring?: Scoring;
}

export interface Named {
  readonly triggerId: string;
  readonly version: number;
  readonly shadow: boolean;
}

/** `id@version`, marked `(shadow)` the same way everywhere a shadow trigger is listed. */
export function triggerName(t: Named): string {
  return `${t.triggerId}@${t.version}${t.shadow ? ' (shadow)' : ''}`;
}

export function formatReport(r: BacktestReport): string {
  const width = Math.max('trigger'.length, ...r.activity.map((a) => triggerName(a).length));
  const lines = [`backtest of ${r.catalogue} over ${r.observations} observations from ${r.history}`, ''];
  lines.push(...(r.events.length > 0 ? r.events.map(alertLine) : ['no alert would have been raised']), '');
  const years = [...new Set(r.activity.flatMap((a) => Object.keys(a.firingsByYear)))].sort();
  lines.push(['trigger'.padEnd(width), 'events'.padStart(6), ...years.map((y) => y.padStart(5))].join(' '));
  lines.push(
    ...r.activity.map((a) =>
      [
        triggerName(a).padEnd(width),
        String(a.events).padStart(6),
        ...years.map((y) => String(a.firingsByYear[y] ?? 0).padStart(5)),
      ].join(' '),
    ),
  );
  lines.push('', 'figures under each year: alerts raised (firing events) in that year');
  if (r.unevaluated.length > 0) {
    lines.push(
      `not evaluated: ${r.unevaluated.map(triggerName).join(', ')}: no-data triggers watch the engine's ` +
        'clock, which a history does not have; --received-after <ISO 8601 duration> (e.g. P15D) runs them, ' +
        'each figure taken as received that long after its period ends',
    );
  }
  if (r.clock) {
    lines.push(
      `no-data triggers ran on assumed receipt times: each figure received ${r.clock.receivedAfter} ` +
        `after its period ends, up to ${r.clock.until ?? '-'} (the receipt of the last figure)`,
    );
  }
  if (r.scoring) lines.push('', ...scoringLines(r.scoring, r.knownEvents ?? 'known events', width));
  return lines.join('\n');
}

function scoringLines(s: Scoring, source: string, width: number): string[] {
  const scored = s.triggers.reduce((n, t) => n + t.knownEvents, 0);
  return [
    `scored against ${source}: a warning (an alert raised or escalated, never one later cancelled) up to ` +
      `${months(s.maxLeadMonths)} before an event's start, or during it, on its series is a hit`,
    '',
    [
      'trigger'.padEnd(width),
      'known'.padStart(5),
      'hits'.padStart(5),
      'misses'.padStart(6),
      'false alarms'.padStart(12),
      '  median lead'.padEnd(LEAD_WIDTH + 2),
      '  mean lead',
    ].join(' '),
    ...s.triggers.map((t) => scoreRow(t, width)),
    '',
    ...qualityLines(s, width),
    '',
    ...s.triggers.flatMap((t) => detailLines(t, s.maxLeadMonths, width)),
    ...(scored === 0 ? ['no known event concerns a series the catalogue watched in this history'] : []),
    ...(s.unscored.length > 0
      ? ['', 'not scored:', ...s.unscored.map((u) => `  ${u.id} (${u.from} to ${u.to}): ${u.reason}`)]
      : []),
  ];
}

/** Room for the longest lead a column holds, e.g. `-1234.5 days (-40.5 months)`. */
const LEAD_WIDTH = 28;

function scoreRow(t: TriggerScore, width: number): string {
  return [
    triggerName(t).padEnd(width),
    String(t.knownEvents).padStart(5),
    String(t.hits.length).padStart(5),
    String(t.misses.length).padStart(6),
    String(t.falseAlarms.length).padStart(12),
    `  ${leadOrDash(t.medianLeadDays, t.medianLeadMonths)}`.padEnd(LEAD_WIDTH + 2),
    `  ${leadOrDash(t.meanLeadDays, t.meanLeadMonths)}`,
  ]
    .join(' ')
    .trimEnd();
}

/**
 * Detection quality per trigger, then per series it evaluated: the share of known events warned of, false
 * alarms per series-year, and the median months from an event's end to the resolution of its alert.
 */
function qualityLines(s: Scoring, triggerWidth: number): string[] {
  const width = Math.max(
    triggerWidth,
    ...s.triggers.flatMap((t) => t.series.map((x) => x.seriesKey.length + 2)),
  );
  const row = (name: string, q: QualityFigures) =>
    [
      name.padEnd(width),
      (q.hitRate === null ? '-' : `${Math.round(q.hitRate * 100)}%`).padStart(8),
      (q.falseAlarmsPerSeriesYear === null ? '-' : q.falseAlarmsPerSeriesYear.toFixed(2)).padStart(15),
      (q.seriesYears === 0 ? '-' : q.seriesYears.toFixed(1)).padStart(13),
      `  ${q.medianResolvedAfterMonths === null ? '-' : months(q.medianResolvedAfterMonths)}`,
    ]
      .join(' ')
      .trimEnd();
  return [
    'detection quality: hit rate, false alarms per series-year, series-years evaluated, and the median time ' +
      "from an event's last month to its alert's resolution",
    '',
    [
      'trigger, series'.padEnd(width),
      'hit rate'.padStart(8),
      'false alarms/yr'.padStart(15),
      'series-years'.padStart(13),
      '  resolved after',
    ].join(' '),
    ...s.triggers.flatMap((t) => [
      row(triggerName(t), t),
      ...t.series.map((x) => row(`  ${x.seriesKey}`, x)),
    ]),
  ];
}

type QualityFigures = Pick<
  TriggerScore,
  'hitRate' | 'falseAlarmsPerSeriesYear' | 'seriesYears' | 'medianResolvedAfterMonths'
>;

function leadOrDash(days: number | null, monthCount: number | null): string {
  return days === null || monthCount === null ? '-' : lead(days, monthCount);
}

function detailLines(t: TriggerScore, maxLeadMonths: number, width: number): string[] {
  const name = triggerName(t).padEnd(width);
  return [
    ...t.hits.map((h) => `${name}  hit          ${h.id}: ${hitText(h)}`),
    ...t.misses.map((m) => `${name}  miss         ${m.id}: ${missText(m, maxLeadMonths)}`),
    ...t.falseAlarms.map((f) => `${name}  false alarm  ${warningText(f)} on ${f.seriesKey}`),
  ];
}

/** `fired 2021-07 (watch)`, `escalated 2023-07 (emergency)`, `re-warned 2023-09 (emergency)` at a new peak. */
function warningText(w: ScoredWarning): string {
  const what = { firing: 'fired', escalated: 'escalated', updated: 're-warned' }[w.type];
  return `${what} ${w.periodStart.slice(0, 7)} (${w.level ?? '-'})`;
}

function hitText(h: Hit): string {
  const when = warningText(h.warning);
  if (h.leadDays === 0) return `${when}, at its start ${h.from}`;
  const how = h.leadDays > 0 ? 'ahead of' : 'after';
  return `${when}, ${lead(Math.abs(h.leadDays), Math.abs(h.leadMonths))} ${how} its start ${h.from}`;
}

function missText(m: Miss, maxLeadMonths: number): string {
  const none = `no warning on its series from ${monthsBefore(m.from, maxLeadMonths)} to ${m.to}`;
  if (!m.inForce) return none;
  const { raised, level } = m.inForce;
  return (
    `${none}: the alert raised ${raised.slice(0, 7)} was still in force (${level}) when it began, ` +
    'and rose no higher'
  );
}

function lead(days: number, monthCount: number): string {
  return `${plural(days, 'day')} (${months(monthCount)})`;
}

function months(n: number): string {
  return plural(n, 'month');
}

function plural(n: number, unit: string): string {
  return `${round(n)} ${unit}${Math.abs(n) === 1 ? '' : 's'}`;
}

function round(n: number): string {
  return String(Math.round(n * 10) / 10);
}
