import type { DropFollowed, Hit, KnownEvents, Scoring, WatchedSeries } from '@atalaya/triggers';

/** The targets of issue 10 for the years a walk forward is judged on (docs/catalogue.md). */
export const JUDGED_FROM = 2023;
export const LATEST_WARNING_MONTHS = 1;
const MAX_FALSE_ALARMS_PER_SERIES_YEAR = 1;
const MAX_MONTHS_TO_FOLLOW_A_DROP = 2;

/** A target met or not, with the figure it was judged on. */
export interface Target {
  readonly target: string;
  readonly met: boolean;
  readonly detail: readonly string[];
}

/**
 * The three targets over the judged years: every documented surge warned of no later than a month after it
 * starts; at most one false alarm per series-year on every trigger and series; every alert in force at a
 * documented drop resolved or de-escalated within two months of its start.
 */
export function judge(
  watched: Readonly<Record<string, readonly WatchedSeries[]>>,
  scoring: Scoring,
  drops: readonly DropFollowed[],
  known: KnownEvents,
  lastYear: number,
): Target[] {
  const judged = (date: string) => Number(date.slice(0, 4)) >= JUDGED_FROM;
  const surges = known.events.filter((k) => k.kind !== 'drop' && judged(k.from));
  const hits = scoring.triggers.flatMap((t) => t.hits);
  // The earliest warning of each surge, over every trigger that warned of it.
  const earliest = (id: string) =>
    hits.filter((h) => h.id === id).sort((a, b) => b.leadMonths - a.leadMonths)[0] as Hit | undefined;
  const late = surges.filter((k) => (earliest(k.id)?.leadMonths ?? -Infinity) < -LATEST_WARNING_MONTHS);
  const warnedText = surges.map((k) => {
    const first = earliest(k.id);
    return first
      ? `${k.id}: ${leadText(first.leadMonths)} (${first.warning.type} ${first.warning.periodStart.slice(0, 7)}, ${first.warning.seriesKey})`
      : `${k.id}: not warned of`;
  });
  const years = lastYear - JUDGED_FROM + 1;
  const rates = scoring.triggers.flatMap((t) =>
    (watched[t.triggerId] ?? []).map((w) => {
      const judgedYears = clippedYears(w, JUDGED_FROM, lastYear);
      const alarms = t.falseAlarms.filter((f) => f.seriesKey === w.seriesKey && judged(f.periodStart)).length;
      return { name: `${t.triggerId} on ${w.seriesKey}`, alarms, judgedYears };
    }),
  );
  const tooMany = rates.filter(
    (r) => r.judgedYears > 0 && r.alarms / r.judgedYears > MAX_FALSE_ALARMS_PER_SERIES_YEAR,
  );
  const worst = [...rates]
    .filter((r) => r.judgedYears > 0)
    .sort((a, b) => b.alarms / b.judgedYears - a.alarms / a.judgedYears)[0];
  const judgedDrops = drops.filter((d) => judged(d.from));
  const unfollowed = judgedDrops.filter(
    (d) => d.afterMonths === null || d.afterMonths > MAX_MONTHS_TO_FOLLOW_A_DROP,
  );
  return [
    {
      target: `every documented surge of ${JUDGED_FROM}–${lastYear} warned of no later than one month after it starts`,
      met: late.length === 0 && surges.length > 0,
      detail: warnedText,
    },
    {
      target: `at most ${MAX_FALSE_ALARMS_PER_SERIES_YEAR} false alarm per series-year, on every trigger and series, ${JUDGED_FROM}–${lastYear} (${years} years)`,
      met: tooMany.length === 0,
      detail: [
        ...(worst
          ? [`highest: ${worst.name}, ${worst.alarms} in ${round(worst.judgedYears)} series-years`]
          : []),
        ...tooMany.map((r) => `over: ${r.name}, ${r.alarms} in ${round(r.judgedYears)} series-years`),
      ],
    },
    {
      target: `every alert in force at a documented drop of ${JUDGED_FROM}–${lastYear} resolved or de-escalated within ${MAX_MONTHS_TO_FOLLOW_A_DROP} months of its start`,
      met: unfollowed.length === 0 && judgedDrops.length > 0,
      detail: judgedDrops.map(
        (d) =>
          `${d.dropId}: ${d.triggerId} at ${d.level} on ${d.seriesKey}: ` +
          (d.followedAt === null
            ? 'never followed it down'
            : `${d.followedBy} in ${d.followedAt.slice(0, 7)}, ${d.afterMonths} months after its start`),
      ),
    },
  ];
}

/** The targets as the reports print them: met or not, each with the figures it was judged on. */
export function targetLines(targets: readonly Target[]): string[] {
  return [
    'targets:',
    ...targets.flatMap((t) => [
      `  ${t.met ? 'met    ' : 'NOT MET'}  ${t.target}`,
      ...t.detail.map((d) => `             ${d}`),
    ]),
  ];
}

/** Years of months a trigger watched a series between two calendar years, both included. */
export function clippedYears(w: WatchedSeries, fromYear: number, toYear: number): number {
  const index = (d: string) => Number(d.slice(0, 4)) * 12 + Number(d.slice(5, 7));
  const first = Math.max(index(w.first), fromYear * 12 + 1);
  const last = Math.min(index(w.last), toYear * 12 + 12);
  return last >= first ? (last - first + 1) / 12 : 0;
}

function leadText(months: number): string {
  const n = Math.abs(months);
  const span = `${n} ${n === 1 ? 'month' : 'months'}`;
  if (months === 0) return 'warned in its first month';
  return months > 0 ? `warned ${span} ahead` : `warned ${span} after it started`;
}

/** A figure of a target's detail: whole, or to two decimals. */
export const round = (v: number): string => (Number.isInteger(v) ? String(v) : v.toFixed(2));
