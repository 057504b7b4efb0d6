import { type Trigger } from '../catalogue/trigger.schema';
import { reconcile } from '../evaluation/reconcile';
import { fold } from '../evaluation/series.memory';
import { darienObservation } from '../testing/darien.observation';
import { darienSurge } from '../testing/trigger.fixtures';
import { derivedPassOf, passToVersion } from './version.pass';

const version = (v: number, watch: number, warning: number): Trigger =>
  darienSurge({
    version: v,
    title: `Darién v${v}`,
    levels: [
      { name: 'watch', above: watch, severity: 'Moderate' },
      { name: 'warning', above: warning, severity: 'Severe' },
    ],
  });

/** Month 0 is January 2022. */
const seriesOf = (values: readonly number[]) => values.map((v, m) => darienObservation(m, v));
const SERIES = seriesOf([0])[0].seriesKey;
const [v1, v2] = [version(1, 100, 200), version(2, 50, 120)];

/** What the engine published: the series under v1, then passed to v2 at its last figure. */
function published(values: readonly number[]) {
  const series = seriesOf(values);
  const before = fold(v1, series);
  const passed = passToVersion(v2, { previousVersion: 1, state: before.state, seriesKey: SERIES, series });
  return { said: [...before.events, ...passed.events], passed };
}

describe('the story of an alert across a version change', () => {
  it('a figure replayed after the change restates nothing before it, and tells what follows under the alert it carried', () => {
    // v1 fires in March (150); v2 would have fired in February (60), under another id. The alert passes in April.
    const { said, passed } = published([10, 60, 150, 140]);
    expect(passed.events.map((e) => [e.type, e.level])).toEqual([['updated', 'warning']]);
    const carried = passed.events[0].alertId;
    // May comes in, then a revision of January: the new version's story replayed from nothing.
    const replayed = fold(v2, seriesOf([12, 60, 150, 140, 300])).events;
    const told = reconcile(said, replayed, 'sig-revised');
    expect(told).toEqual([]);
    const withMay = reconcile(said, fold(v2, seriesOf([10, 60, 150, 140, 40])).events, 'sig-4');
    expect(withMay.map((e) => [e.type, e.alertId, e.evidence.period.start])).toEqual([
      ['resolved', carried, '2022-05-01'],
    ]);
  });

  it('after a change that resolved the alert, the old version’s alerts are not cancelled and new ones are told', () => {
    const v3 = version(2, 500, 900);
    const series = seriesOf([10, 150, 140]);
    const before = fold(v1, series);
    const passed = passToVersion(v3, { previousVersion: 1, state: before.state, seriesKey: SERIES, series });
    expect(passed.events.map((e) => e.type)).toEqual(['resolved']);
    const said = [...before.events, ...passed.events];
    const replayed = fold(v3, seriesOf([10, 150, 140, 600])).events;
    expect(reconcile(said, replayed, 'sig-3').map((e) => [e.type, e.level])).toEqual([['firing', 'watch']]);
  });

  it('a derived series passes once, at its first rebuild under the new version', () => {
    const { said } = published([10, 60, 150]);
    const underV1 = said.filter((e) => e.trigger.version === 1);
    const series = seriesOf([10, 60, 150, 160]);
    const passed = derivedPassOf(v2, SERIES, underV1, series);
    expect(passed.map((e) => [e.type, e.level, e.evidence.reason, e.evidence.period.start])).toEqual([
      ['updated', 'warning', 'version-change', '2022-04-01'],
    ]);
    expect(reconcile([...underV1, ...passed], fold(v2, series).events, 'sig-3')).toEqual([]);
    expect(derivedPassOf(v2, SERIES, [...underV1, ...passed], series)).toEqual([]);
    expect(derivedPassOf(v2, SERIES, [], series)).toEqual([]);
  });
});
