import { darienObservation } from '../testing/darien.observation';
import { darienSurge } from '../testing/trigger.fixtures';
import { backtest } from './backtest';
import { scoreDrops } from './drops';
import { KnownEvents, watchedSeries } from './scoring';

const surge = darienSurge({
  levels: [
    { name: 'watch', above: 10, clearBelow: 8, severity: 'Moderate' },
    { name: 'warning', above: 20, clearBelow: 16, severity: 'Severe' },
  ],
});
const rank = (_: string, level: string) => surge.levels.findIndex((l) => l.name === level);

/** Month 0 is January 2022: a surge to warning, a fall from May that only ends the alert in August. */
const history = [5, 25, 30, 30, 18, 17, 12, 5, 5].map((v, m) => darienObservation(m, v));
const drop = (from: string): KnownEvents => ({
  events: [
    {
      id: 'darien-drop',
      title: 'Fall in the Darién',
      kind: 'drop',
      series: { place: 'darien' },
      from,
      to: '2022-09-30',
      source: 'test',
    },
  ],
});

describe('scoreDrops', () => {
  const result = backtest([surge], history);
  const watched = watchedSeries([surge], history);

  it('follows the alert in force when the drop began to its first step down', () => {
    expect(scoreDrops(result, drop('2022-05-01'), watched, rank)).toEqual([
      expect.objectContaining({
        dropId: 'darien-drop',
        level: 'warning',
        followedAt: '2022-07-01',
        followedBy: 'de-escalated',
        afterMonths: 2,
      }),
    ]);
  });

  it('counts a drop the alert had already followed by its start as no alert in force', () => {
    expect(scoreDrops(result, drop('2022-09-01'), watched, rank)).toEqual([]);
  });

  it('says so when the alert never steps down', () => {
    const endless = backtest([surge], history.slice(0, 6));
    expect(
      scoreDrops(endless, drop('2022-05-01'), watchedSeries([surge], history.slice(0, 6)), rank),
    ).toEqual([expect.objectContaining({ followedAt: null, followedBy: null, afterMonths: null })]);
  });

  it('leaves surges to the hit-and-miss score', () => {
    const surgeEvent = { events: [{ ...drop('2022-05-01').events[0], kind: 'surge' as const }] };
    expect(scoreDrops(result, surgeEvent, watched, rank)).toEqual([]);
  });
});
