import fc from 'fast-check';
import { appliesTo, evaluate, initialState, type EvaluatedObservation, type TriggerState } from './evaluator';
import type { Trigger } from './trigger.schema';

const trigger: Trigger = {
  id: 'darien-crossings-surge',
  version: 3,
  title: 'Darién crossings surge',
  scope: { indicators: ['irregular_crossings'], reporters: ['PAN'] },
  condition: { type: 'threshold' },
  levels: [
    { name: 'watch', above: 20000, clearBelow: 15000, severity: 'Moderate' },
    { name: 'warning', above: 40000, clearBelow: 35000, severity: 'Severe' },
  ],
};

let month = 0;
const obs = (value: number): EvaluatedObservation => {
  month += 1;
  const start = new Date(Date.UTC(2022, month, 1)).toISOString().slice(0, 10);
  return {
    signalId: `sig-${month}`,
    reporter: 'PAN',
    indicator: 'irregular_crossings',
    location: { country: 'PAN', place: 'darien' },
    period: { start, end: start },
    value,
    seriesKey: 'PAN/irregular_crossings/PAN/-/darien',
  };
};

function run(values: number[]) {
  let state: TriggerState = initialState;
  const events = values.flatMap((v) => {
    const result = evaluate(trigger, state, obs(v));
    state = result.state;
    return result.events;
  });
  return { state, events };
}

describe('evaluate (threshold)', () => {
  beforeEach(() => (month = 0));

  it('stays quiet below the lowest level', () => {
    expect(run([100, 19999]).events).toEqual([]);
  });

  it('fires with the evidence of the crossing', () => {
    const [event] = run([10000, 24634]).events;
    expect(event).toMatchObject({
      type: 'firing',
      level: 'watch',
      previousLevel: null,
      severity: 'Moderate',
      trigger: { id: 'darien-crossings-surge', version: 3 },
      evidence: { value: 24634, threshold: 20000, comparison: 'above', signalId: 'sig-2' },
    });
  });

  it('walks the whole lifecycle under one alert id', () => {
    const { events, state } = run([25000, 45000, 34000, 14000]);
    expect(events.map((e) => [e.type, e.level])).toEqual([
      ['firing', 'watch'],
      ['escalated', 'warning'],
      ['de-escalated', 'watch'],
      ['resolved', null],
    ]);
    expect(new Set(events.map((e) => e.alertId)).size).toBe(1);
    expect(events[3].evidence).toMatchObject({ threshold: 15000, comparison: 'below-clear' });
    expect(state).toMatchObject({ level: null, alertId: null });
  });

  it('opens a new alert for a new episode', () => {
    const { events } = run([25000, 1000, 25000]);
    expect(events[0].alertId).not.toBe(events[2].alertId);
  });

  it('gives the same ids to the same history', () => {
    const first = run([25000, 45000, 100]).events;
    month = 0;
    expect(run([25000, 45000, 100]).events).toEqual(first);
  });

  it('ignores an observation older than the newest one seen', () => {
    const fired = evaluate(trigger, initialState, { ...obs(25000) });
    const late = { ...obs(90000), period: { start: '2020-01-01', end: '2020-01-31' } };
    expect(evaluate(trigger, fired.state, late)).toEqual({ state: fired.state, events: [] });
  });

  it('never flaps on values between the clear and fire levels', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 15000, max: 19999 }), { maxLength: 30 }), (between) => {
        month = 0;
        const { events } = run([20000, ...between]);
        expect(events).toHaveLength(1);
      }),
    );
  });

  it('always resolves what it fired once values fall to zero', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 80000 }), { maxLength: 40 }), (values) => {
        month = 0;
        const { events, state } = run([...values, 0]);
        const opened = events.filter((e) => e.type === 'firing').length;
        const closed = events.filter((e) => e.type === 'resolved').length;
        expect(opened).toBe(closed);
        expect(state.level).toBeNull();
      }),
    );
  });
});

describe('appliesTo', () => {
  it('matches on indicator and reporter', () => {
    expect(appliesTo(trigger, obs(1))).toBe(true);
    expect(appliesTo(trigger, { ...obs(1), reporter: 'HND' })).toBe(false);
    expect(appliesTo(trigger, { ...obs(1), indicator: 'returns' })).toBe(false);
  });

  it('matches on place when the scope names places', () => {
    const scoped: Trigger = { ...trigger, scope: { ...trigger.scope, places: ['darien'] } };
    expect(appliesTo(scoped, obs(1))).toBe(true);
    expect(appliesTo(scoped, { ...obs(1), location: { country: 'PAN' } })).toBe(false);
  });
});
