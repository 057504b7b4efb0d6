import { EvaluatedObservation } from '../evaluation/types';

const DARIEN_SERIES = 'PAN/irregular_crossings/PAN/-/darien';

/** The first day of month `m` of 2022 (0 is January; later values run on into the next years). */
const monthStart = (m: number): string => new Date(Date.UTC(2022, m, 1)).toISOString().slice(0, 10);

/** One monthly figure of the Darién crossings series, as the engine evaluates it. */
export const darienObservation = (m: number, value: number, signalId = `sig-${m}`): EvaluatedObservation => ({
  signalId,
  reporter: 'PAN',
  indicator: 'irregular_crossings',
  location: { country: 'PAN', place: 'darien' },
  period: { start: monthStart(m), end: monthStart(m) },
  value,
  seriesKey: DARIEN_SERIES,
});
