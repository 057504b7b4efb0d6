import type { SharedAlertEvent, SharedFiguresResponse } from '@atalaya/contracts';
import type { SeriesOf } from './series-key';

type Figure = SharedFiguresResponse['figures'][number];

/** A span of periods the alert stood at one level; `to` null while it still does. */
export interface AlertSpan {
  readonly level: string;
  readonly from: string;
  readonly to: string | null;
}

/** What the evidence chart draws: the series' figures, the events' own figures, the thresholds, the spans. */
export interface EvidenceChart {
  /** `[period end, value]`, oldest first, one per period. */
  readonly figures: readonly (readonly [string, number])[];
  /** The figure each event carries, where the caller may see it. */
  readonly eventPoints: readonly { readonly at: string; readonly value: number; readonly type: string }[];
  /** Each level's threshold the alert was compared with on its way up, lowest first. */
  readonly thresholds: readonly { readonly level: string; readonly value: number }[];
  readonly spans: readonly AlertSpan[];
}

/** The figures that are the series itself: at its place, else its admin-1 area, else national. */
function ofTheSeries(series: SeriesOf, figures: readonly Figure[]): Figure[] {
  if (series.kind !== 'series') return [];
  return figures.filter(
    (f) =>
      f.reporter === series.reporter &&
      f.indicator === series.indicator &&
      f.location.place === series.place &&
      (series.place !== undefined || f.location.admin1 === series.admin1),
  );
}

/** The spans an alert's events (oldest first) stood at each level, consecutive spans at one level merged. */
export function alertSpans(events: readonly SharedAlertEvent[]): AlertSpan[] {
  const spans: { level: string; from: string; to: string | null }[] = [];
  for (const e of events) {
    const open = spans.at(-1);
    const ends = e.type === 'resolved' || e.type === 'cancelled';
    if (e.type === 'pending') continue;
    if (open && open.to === null && (ends || open.level !== e.level)) open.to = e.evidence.period.start;
    if (ends || e.level === null) continue;
    if (!open || open.to !== null || open.level !== e.level)
      spans.push({ level: e.level, from: e.evidence.period.start, to: null });
  }
  return spans;
}

/** The evidence chart of an alert: its series' shared figures (none when not shared) and its events. */
export function evidenceChart(
  series: SeriesOf,
  events: readonly SharedAlertEvent[],
  figures: readonly Figure[],
): EvidenceChart {
  const byPeriod = new Map(ofTheSeries(series, figures).map((f) => [f.period.end, f.value]));
  const thresholds = new Map<string, number>();
  for (const e of events) {
    if (e.level !== null && e.evidence.comparison === 'above') thresholds.set(e.level, e.evidence.threshold);
  }
  return {
    figures: [...byPeriod.entries()].sort(([a], [b]) => a.localeCompare(b)),
    eventPoints: events.flatMap((e) =>
      e.evidence.value === undefined
        ? []
        : [{ at: e.evidence.period.end, value: e.evidence.value, type: e.type }],
    ),
    thresholds: [...thresholds.entries()]
      .map(([level, value]) => ({ level, value }))
      .sort((a, b) => a.value - b.value),
    spans: alertSpans(events),
  };
}

/** A backtest's chart: every alert it would have raised, each with its spans, and the thresholds crossed. */
export function backtestChart(events: readonly SharedAlertEvent[]): EvidenceChart {
  const byAlert = new Map<string, SharedAlertEvent[]>();
  for (const e of events) byAlert.set(e.alertId, [...(byAlert.get(e.alertId) ?? []), e]);
  const chart = evidenceChart({ kind: 'other', key: '' }, events, []);
  return { ...chart, spans: [...byAlert.values()].flatMap(alertSpans) };
}
