import fc from 'fast-check';
import { alertLevels } from '@atalaya/contracts';
import { triggerSchema, type Trigger, type TriggerInput } from '../catalogue/trigger.schema';
import { fold } from '../evaluation/series.memory';
import { darienObservation } from '../testing/darien.observation';
import { passToVersion } from './version.pass';

const version = (v: number, levels: TriggerInput['levels'], over: Partial<TriggerInput> = {}): Trigger =>
  triggerSchema.parse({
    id: 'darien-crossings-surge',
    version: v,
    title: `Darién v${v}`,
    scope: { indicators: ['irregular_crossings'] },
    condition: { type: 'threshold' },
    levels,
    ...over,
  });

const v1 = version(1, [
  { name: 'watch', above: 100, clearBelow: 80, severity: 'Moderate' },
  { name: 'warning', above: 200, clearBelow: 160, severity: 'Severe' },
]);
const seriesOf = (values: readonly number[]) => values.map((v, m) => darienObservation(m, v));
const SERIES = seriesOf([0]).at(0)!.seriesKey;

/** The series under `previous` as the engine holds it, passed to `next`. */
function pass(previous: Trigger, next: Trigger, values: readonly number[]) {
  const series = seriesOf(values);
  const before = fold(previous, series);
  return {
    before,
    ...passToVersion(next, {
      previousVersion: previous.version,
      state: before.state,
      seriesKey: SERIES,
      series,
    }),
  };
}

describe('passToVersion', () => {
  it('an alert both versions hold is updated at the new level, under its id, citing the version change', () => {
    const v2 = version(2, [
      { name: 'watch', above: 50, severity: 'Moderate' },
      { name: 'warning', above: 120, severity: 'Severe' },
    ]);
    const { before, events, state } = pass(v1, v2, [10, 150, 140]);
    expect(before.state).toMatchObject({ level: 'watch' });
    expect(events).toMatchObject([
      {
        eventId: `${before.state.alertId}/updated/version/2`,
        alertId: before.state.alertId,
        type: 'updated',
        level: 'warning',
        previousLevel: 'watch',
        severity: 'Severe',
        trigger: { id: 'darien-crossings-surge', version: 2, title: 'Darién v2' },
        evidence: {
          value: 140,
          period: { start: '2022-03-01', end: '2022-03-01' },
          threshold: 120,
          comparison: 'above',
          reason: 'version-change',
          previousVersion: 1,
        },
      },
    ]);
    expect(state).toMatchObject({ level: 'warning', alertId: before.state.alertId });
  });

  it('an alert the new levels no longer support resolves with that reason', () => {
    const v2 = version(2, [{ name: 'watch', above: 500, clearBelow: 400, severity: 'Moderate' }]);
    const { before, events, state } = pass(v1, v2, [10, 150, 140]);
    expect(events).toMatchObject([
      {
        alertId: before.state.alertId,
        type: 'resolved',
        level: null,
        previousLevel: 'watch',
        evidence: {
          threshold: 400,
          comparison: 'below-clear',
          reason: 'version-change',
        },
      },
    ]);
    expect(state).toMatchObject({ level: null, alertId: null, sinceResolved: 0 });
  });

  it('an alert only the new levels raise fires at the latest observation, under the id the new version gives it', () => {
    const v2 = version(2, [{ name: 'watch', above: 5, severity: 'Moderate' }]);
    const { events, state } = pass(v1, v2, [10, 20, 30]);
    expect(events).toMatchObject([
      {
        type: 'firing',
        level: 'watch',
        evidence: { value: 30, reason: 'version-change' },
      },
    ]);
    expect(state.alertId).toBe(fold(v2, seriesOf([10, 20, 30])).state.alertId);
    expect(events[0].alertId).toBe(state.alertId);
  });

  it('an alert in force that the new version would still wait on stays in force at that level', () => {
    const v2 = version(2, [{ name: 'watch', above: 100, severity: 'Moderate' }], { pending: 3 });
    const { before, events, state } = pass(v1, v2, [10, 10, 150]);
    expect(events).toMatchObject([{ type: 'updated', level: 'watch', alertId: before.state.alertId }]);
    expect(state).toMatchObject({ level: 'watch', pendingLevel: null, alertId: before.state.alertId });
  });

  it('says nothing of a series no version alerts on, and takes the new version’s state', () => {
    const v2 = version(2, [{ name: 'watch', above: 500, severity: 'Moderate' }], {
      condition: { type: 'rate_of_change', window: 1 },
    });
    const { events, state } = pass(v1, v2, [10, 20, 30]);
    expect(events).toEqual([]);
    expect(state).toEqual(fold(v2, seriesOf([10, 20, 30])).state);
  });

  it('shows the measure of a condition other than a threshold', () => {
    const v2 = version(2, [{ name: 'watch', above: 20, severity: 'Moderate' }], {
      condition: { type: 'rate_of_change', window: 1 },
    });
    const { events } = pass(v1, v2, [10, 150, 180]);
    expect(events[0].evidence).toMatchObject({
      value: 180,
      measure: 20,
      baseline: 150,
      reason: 'version-change',
    });
  });
});

const levelsArb = fc
  .uniqueArray(fc.integer({ min: 1, max: 400 }), { minLength: 1, maxLength: 3 })
  .chain((aboves) =>
    fc.tuple(
      ...[...aboves]
        .sort((a, b) => a - b)
        .map((above) => fc.integer({ min: 0, max: above }).map((clear) => ({ above, clear }))),
    ),
  )
  .map((ls) =>
    ls.map((l, i) => ({
      name: alertLevels[i],
      above: l.above,
      clearBelow: l.clear,
      severity: 'Moderate' as const,
    })),
  );
const versionArb = (v: number) =>
  fc
    .record({
      levels: levelsArb,
      pending: fc.integer({ min: 1, max: 3 }),
      cooldown: fc.integer({ min: 0, max: 2 }),
    })
    .map(({ levels, pending, cooldown }) => version(v, levels, { pending, cooldown }));

describe('passToVersion, for any two versions and any series', () => {
  const cases = fc.record({
    previous: versionArb(1),
    next: versionArb(2),
    values: fc.array(fc.integer({ min: 0, max: 500 }), { minLength: 1, maxLength: 24 }),
  });

  it('says at most one thing of the alert, never a resolution and a firing, and keeps an alert it still holds under its id', () => {
    fc.assert(
      fc.property(cases, ({ previous, next, values }) => {
        const { before, events, state } = pass(previous, next, values);
        expect(events.length).toBeLessThanOrEqual(1);
        const [event] = events;
        if (!event) return;
        expect(event.evidence).toMatchObject({ reason: 'version-change', previousVersion: 1 });
        expect(event.trigger.version).toBe(2);
        if (before.state.level !== null && event.type !== 'resolved') {
          expect(event).toMatchObject({ type: 'updated', alertId: before.state.alertId });
          expect(state.alertId).toBe(before.state.alertId);
        }
        if (before.state.alertId !== null) expect(event.alertId).toBe(before.state.alertId);
        expect(state.level).toBe(event.level);
        expect(state.alertId).toBe(event.level === null ? null : event.alertId);
      }),
    );
  });

  it('passes the same way every time: same events, same ids, same state', () => {
    fc.assert(
      fc.property(cases, ({ previous, next, values }) => {
        expect(pass(previous, next, values)).toEqual(pass(previous, next, values));
      }),
    );
  });

  it('hands on a state the new version steps on as if it had been in force', () => {
    fc.assert(
      fc.property(cases, ({ previous, next, values }) => {
        const { state } = pass(previous, next, values);
        const own = fold(next, seriesOf(values)).state;
        expect({
          ...state,
          level: null,
          alertId: null,
          pendingLevel: null,
          pendingCount: 0,
          sinceResolved: null,
        }).toEqual({
          ...own,
          level: null,
          alertId: null,
          pendingLevel: null,
          pendingCount: 0,
          sinceResolved: null,
        });
      }),
    );
  });
});
