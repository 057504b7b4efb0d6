import type { Observation } from '@atalaya/contracts';

/** A stored observation as the evaluator takes it: the latest revision of its series and period. */
export type StoredObservation = Pick<
  Observation,
  'signalId' | 'seriesKey' | 'reporter' | 'indicator' | 'location' | 'period' | 'value'
> & { readonly revision: number };

export interface ObservationRow {
  signal_id: string;
  series_key: string;
  reporter: string;
  indicator: string;
  country: string;
  admin1: string | null;
  place: string | null;
  corridor: string | null;
  start: string;
  end: string;
  value: number;
  revision: number;
}

/**
 * The latest revision of each period of each series, as rows of `ObservationRow`: what the engine
 * re-evaluates and the backtest reads from the database. Add a WHERE or JOIN, then `LATEST_ORDER`.
 */
export const LATEST_OBSERVATIONS = `SELECT DISTINCT ON (series_key, period_start) signal_id, series_key, reporter,
    indicator, country, admin1, place, corridor, to_char(period_start, 'YYYY-MM-DD') AS start,
    to_char(period_end, 'YYYY-MM-DD') AS end, value, revision
  FROM observations`;

/** Oldest period first within each series; of one period, the highest revision (then the latest stored). */
export const LATEST_ORDER = `ORDER BY series_key, period_start, revision DESC, id DESC`;

export function storedObservationOf(r: ObservationRow): StoredObservation {
  return {
    signalId: r.signal_id,
    seriesKey: r.series_key,
    reporter: r.reporter,
    indicator: r.indicator,
    location: {
      country: r.country,
      ...(r.admin1 === null ? {} : { admin1: r.admin1 }),
      ...(r.place === null ? {} : { place: r.place }),
      ...(r.corridor === null ? {} : { corridor: r.corridor }),
    },
    period: { start: r.start, end: r.end },
    value: r.value,
    revision: r.revision,
  };
}
