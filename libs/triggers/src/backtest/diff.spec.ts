import { Trigger } from '../catalogue/trigger.schema';
import { darienObservation } from '../testing/darien.observation';
import { darienSurge } from '../testing/trigger.fixtures';
import { backtest } from './backtest';
import { diffBacktests } from './diff';

const surge = (watch: number, warning: number, version = 1): Trigger =>
  darienSurge({
    version,
    levels: [
      { name: 'watch', above: watch, severity: 'Moderate' },
      { name: 'warning', above: warning, severity: 'Severe' },
    ],
  });

/** Month 0 is January 2022. */
const history = [5, 12, 25, 12, 5, 5, 30, 5, 5, 15, 5].map((v, m) => darienObservation(m, v));
const run = (t: Trigger) => backtest([t], history);

describe('diffBacktests', () => {
  it('finds nothing between a version and itself', () => {
    const t = surge(10, 20);
    expect(diffBacktests(run(t), run(t), [t])).toEqual({ gained: [], lost: [], moved: [], unchanged: 3 });
  });

  it('loses the alerts a higher level no longer raises, and moves the ones it raises later or lower', () => {
    const [before, after] = [surge(10, 20), surge(14, 28, 2)];
    const diff = diffBacktests(run(before), run(after), [before, after]);
    // February's 12 no longer reaches watch: that alert is raised in March instead, and only to watch (25 is
    // under 28). July's 30 still reaches warning and October's 15 still fires: those two are unchanged.
    expect(diff.lost).toEqual([]);
    expect(
      diff.moved.map((m) => [m.before.raised, m.after.raised, m.raisedMonths, m.before.top, m.after.top]),
    ).toEqual([['2022-02-01', '2022-03-01', 1, 'warning', 'watch']]);
    expect(diff.unchanged).toBe(2);
  });

  it('gains the alerts a lower level raises, and loses those a higher one never raises', () => {
    const [before, after] = [surge(10, 20), surge(40, 50, 2)];
    const diff = diffBacktests(run(before), run(after), [before, after]);
    expect(diff.gained).toEqual([]);
    expect(diff.lost.map((s) => [s.raised, s.resolved, s.top])).toEqual([
      ['2022-02-01', '2022-05-01', 'warning'],
      ['2022-07-01', '2022-08-01', 'warning'],
      ['2022-10-01', '2022-11-01', 'watch'],
    ]);
    const back = diffBacktests(run(after), run(before), [before, after]);
    expect(back.gained).toHaveLength(3);
    expect(back.gained[0]).toMatchObject({ version: 1, warnings: 2, seriesKey: history[0].seriesKey });
  });
});
