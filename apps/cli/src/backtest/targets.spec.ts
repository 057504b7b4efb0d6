import {
  backtest,
  scoreBacktest,
  scoreDrops,
  triggerSchema,
  watchedSeries,
  type EvaluatedObservation,
  type KnownEvents,
} from '@atalaya/triggers';
import { judge, targetLines } from './targets';

const surge = triggerSchema.parse({
  id: 'darien-crossings-surge',
  version: 1,
  title: 'Darién',
  scope: { indicators: ['irregular_crossings'] },
  condition: { type: 'threshold' },
  levels: [{ name: 'watch', above: 10, clearBelow: 8, severity: 'Moderate' }],
});

/** Monthly Darién figures from January 2023. */
const history = (values: readonly number[]): EvaluatedObservation[] =>
  values.map((value, m) => {
    const start = new Date(Date.UTC(2023, m, 1)).toISOString().slice(0, 10);
    return {
      signalId: `sig-${m}`,
      reporter: 'PAN',
      indicator: 'irregular_crossings',
      location: { country: 'PAN', place: 'darien' },
      period: { start, end: start },
      value,
      seriesKey: 'PAN/irregular_crossings/PAN/-/darien',
    };
  });

const event = (id: string, kind: 'surge' | 'drop', from: string, to: string) => ({
  id,
  title: id,
  kind,
  series: { place: 'darien' },
  from,
  to,
  source: 'test',
});

function targetsOf(values: readonly number[], known: KnownEvents) {
  const h = history(values);
  const result = backtest([surge], h);
  const watched = watchedSeries([surge], h);
  const scoring = scoreBacktest(result, known, { maxLeadMonths: 6, watched });
  const drops = scoreDrops(result, known, watched, () => 0);
  return judge(watched, scoring, drops, known, 2025);
}

describe('judge', () => {
  const known: KnownEvents = {
    events: [
      event('surge', 'surge', '2023-03-01', '2023-05-31'),
      event('fall', 'drop', '2023-07-01', '2023-12-31'),
    ],
  };

  it('meets the targets when the surge is warned of in time and the alert follows the drop down', () => {
    const targets = targetsOf(
      [1, 1, 1, 12, 12, 12, 12, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5],
      known,
    );
    expect(targets.map((t) => t.met)).toEqual([true, true, true]);
    expect(targetLines(targets).join('\n')).toContain('surge: warned 1 month after it started');
  });

  it('fails the first target for a warning more than a month late, and the third for an alert that stays up', () => {
    const targets = targetsOf([1, 1, 1, 1, 1, 12, 12, 12, 12, 12, 12, 12], known);
    expect(targets.map((t) => t.met)).toEqual([false, true, false]);
    expect(targets[2].detail).toEqual([
      'fall: darien-crossings-surge at watch on PAN/irregular_crossings/PAN/-/darien: never followed it down',
    ]);
  });

  it('fails the second target for more than one false alarm per series-year', () => {
    const noisy = Array.from({ length: 12 }, (_, m) => (m % 2 === 0 ? 12 : 1));
    const targets = targetsOf(noisy, { events: [event('later', 'surge', '2024-12-01', '2024-12-31')] });
    expect(targets[1].met).toBe(false);
  });
});
