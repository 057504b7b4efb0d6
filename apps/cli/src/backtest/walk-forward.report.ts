import type { DropFollowed, KnownEvents, Scoring, WalkForward, WatchedSeries } from '@atalaya/triggers';
import { alertLine } from '../alert-line';
import { clippedYears, LATEST_WARNING_MONTHS, round, targetLines, type Target } from './targets';

/** One year's out-of-sample score, over every trigger in force that year. */
export interface YearScore {
  readonly year: number;
  readonly triggers: number;
  /** Known surges starting that year that a trigger in force watched. */
  readonly surges: number;
  /** Of them, warned of by at least one trigger, and no later than a month after they started. */
  readonly warned: number;
  readonly warnedInTime: number;
  /** Hits and misses over event–trigger pairs. */
  readonly hits: number;
  readonly misses: number;
  readonly falseAlarms: number;
  readonly seriesYears: number;
  readonly medianLeadMonths: number | null;
}

export interface WalkForwardReport {
  readonly catalogue: string;
  readonly history: string;
  readonly knownEvents?: string;
  readonly walk: WalkForward;
  readonly scoring?: Scoring;
  readonly drops?: readonly DropFollowed[];
  readonly years?: readonly YearScore[];
  readonly targets?: readonly Target[];
}

/** The year-by-year view of a walk forward's score: each year's events, hits and false alarms. */
export function scoreByYear(walk: WalkForward, scoring: Scoring, known: KnownEvents): YearScore[] {
  return walk.years.map(({ year, catalogue }) => {
    const inYear = (date: string) => date.startsWith(String(year));
    const hits = scoring.triggers.flatMap((t) => t.hits).filter((h) => inYear(h.from));
    const misses = scoring.triggers.flatMap((t) => t.misses).filter((m) => inYear(m.from));
    const surges = new Set([...hits, ...misses].map((e) => e.id));
    const warned = new Set(hits.map((h) => h.id));
    const inTime = new Set(hits.filter((h) => h.leadMonths >= -LATEST_WARNING_MONTHS).map((h) => h.id));
    const leads = hits.map((h) => h.leadMonths).sort((a, b) => a - b);
    return {
      year,
      triggers: catalogue.length,
      surges: known.events.filter((k) => surges.has(k.id)).length,
      warned: warned.size,
      warnedInTime: inTime.size,
      hits: hits.length,
      misses: misses.length,
      falseAlarms: scoring.triggers.flatMap((t) => t.falseAlarms).filter((f) => inYear(f.periodStart)).length,
      seriesYears: seriesYearsIn(walk.watched, year),
      medianLeadMonths: leads.length === 0 ? null : leads[Math.floor((leads.length - 1) / 2)],
    };
  });
}

export function formatWalkForward(r: WalkForwardReport): string {
  const { walk } = r;
  const lines = [
    `walk-forward backtest of ${r.catalogue} over ${walk.backtest.observations} observations from ${r.history}: ` +
      `each year under the catalogue recalibrated that January on the ${walk.settings.years} years before it`,
    '',
    'year  in force  recalibrated  left out',
    ...walk.years.map(
      (y) =>
        `${y.year}  ${String(y.catalogue.length).padStart(8)}  ${String(y.recalibrated.length).padStart(12)}  ` +
        (y.leftOut.length === 0 ? '-' : y.leftOut.map((s) => `${s.triggerId} (${s.reason})`).join('; ')),
    ),
    '',
    ...(walk.backtest.events.length > 0
      ? walk.backtest.events.map(alertLine)
      : ['no alert would have been raised']),
  ];
  if (r.years && r.targets && r.drops) {
    lines.push(
      '',
      `out of sample, by year, against ${r.knownEvents}: surges are the known surges starting that year; warned, ` +
        `by any trigger; in time, no later than ${LATEST_WARNING_MONTHS} month after the start`,
      'year  triggers  surges  warned  in time  hits  misses  false alarms  series-years  per series-year  median lead',
      ...r.years.map((y) =>
        [
          String(y.year).padEnd(4),
          String(y.triggers).padStart(8),
          String(y.surges).padStart(6),
          String(y.warned).padStart(6),
          String(y.warnedInTime).padStart(7),
          String(y.hits).padStart(4),
          String(y.misses).padStart(6),
          String(y.falseAlarms).padStart(12),
          round(y.seriesYears).padStart(12),
          (y.seriesYears > 0 ? round(y.falseAlarms / y.seriesYears) : '-').padStart(15),
          (y.medianLeadMonths === null ? '-' : `${y.medianLeadMonths} months`).padStart(11),
        ].join('  '),
      ),
      '',
      ...targetLines(r.targets),
    );
  }
  return lines.join('\n');
}

/** Years of months a trigger watched a series within a calendar year. */
function seriesYearsIn(watched: Readonly<Record<string, readonly WatchedSeries[]>>, year: number): number {
  return Object.values(watched)
    .flat()
    .reduce((sum, w) => sum + clippedYears(w, year, year), 0);
}
