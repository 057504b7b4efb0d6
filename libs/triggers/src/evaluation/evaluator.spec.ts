import fc from 'fast-check';
import { appliesTo, evaluate } from './evaluator';
import { initialState, type EvaluatedObservation, type TriggerState } from './types';
import { triggerSchema, type Trigger, type TriggerInput } from '../catalogue/trigger.schema';
import { darienObservation } from '../testing/darien.observation';

const base: TriggerInput = {
  id: 'darien-crossings-surge',
  version: 3,
  title: 'Darién crossings surge',
  scope: { indicators: ['irregular_crossings'], reporters: ['PAN'] },
  condition: { type: 'threshold' },
  levels: [
    { name: 'watch', above: 20000, clearBelow: 15000, severity: 'Moderate' },
    { name: 'warning', above: 40000, clearBelow: 35000, severity: 'Severe', urgency: 'Immediate' },
  ],
};
const trigger: Trigger = triggerSchema.parse(base);
const variant = (over: Partial<TriggerInput>): Trigger => triggerSchema.parse({ ...base, ...over });

let month = 0;
const obs = (value: number): EvaluatedObservation => darienObservation((month += 1), value);

function run(values: number[], t: Trigger = trigger, country = 'PAN') {
  let state: TriggerState = initialState;
  const events = values.flatMap((v) => {
    const o = obs(v);
    const result = evaluate(t, state, { ...o, location: { ...o.location, country } });
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

describe('evaluate (catalogue rules)', () => {
  beforeEach(() => (month = 0));

  it('carries urgency and the shadow flag into the event', () => {
    const [, escalated] = run([25000, 45000], variant({ shadow: true })).events;
    expect(escalated).toMatchObject({ urgency: 'Immediate', shadow: true, severity: 'Severe' });
  });

  it("applies a state's own thresholds on its territory and records it", () => {
    const own = variant({
      overrides: [{ state: 'PAN', levels: { watch: { above: 30000, clearBelow: 20000 } } }],
    });
    expect(run([25000], own).events).toEqual([]);
    month = 0;
    const [fired] = run([31000], own).events;
    expect(fired.evidence).toMatchObject({ threshold: 30000, override: 'PAN' });
    month = 0;
    expect(run([25000], own, 'COL').events).toHaveLength(1);
  });

  it('stays silent on the territory of a state that opted out', () => {
    expect(run([25000, 90000], variant({ overrides: [{ state: 'PAN', optOut: true }] })).events).toEqual([]);
  });

  it('raises a level only once it has held for the pending period, announcing it as pending first', () => {
    const patient = variant({ pending: 2 });
    month = 0;
    const { events } = run([25000, 26000], patient);
    expect(events.map((e) => [e.type, e.level, e.evidence.period.start])).toEqual([
      ['pending', 'watch', '2022-02-01'],
      ['firing', 'watch', '2022-03-01'],
    ]);
    expect(events[1].alertId).toBe(events[0].alertId);
  });

  it('ends a pending rise that falls back before it held, without firing', () => {
    const patient = variant({ pending: 2 });
    const { events, state } = run([25000, 1000, 25000], patient);
    expect(events.map((e) => [e.type, e.level, e.previousLevel, e.evidence.comparison])).toEqual([
      ['pending', 'watch', null, 'above'],
      ['resolved', null, null, 'below'],
      ['pending', 'watch', null, 'above'],
    ]);
    expect(events[1].alertId).toBe(events[0].alertId);
    expect(events[2].alertId).not.toBe(events[0].alertId);
    expect(state).toMatchObject({ level: null, alertId: events[2].alertId, pendingCount: 1 });
  });

  it('does not fire again during the cooldown after a resolution', () => {
    const calm = variant({ cooldown: 2 });
    expect(run([25000, 1000, 25000, 25000], calm).events.map((e) => e.type)).toEqual(['firing', 'resolved']);
    month = 0;
    expect(run([25000, 1000, 1000, 1000, 25000], calm).events.map((e) => e.type)).toEqual([
      'firing',
      'resolved',
      'firing',
    ]);
  });

  it('only counts periods in effect', () => {
    const later = variant({ effective: { from: '2022-06-01' } });
    expect(appliesTo(later, obs(1))).toBe(false);
    month = 10;
    expect(appliesTo(later, obs(1))).toBe(true);
  });

  it('never fires on less than its minimum history', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }),
        fc.array(fc.integer({ min: 0, max: 80000 }), { maxLength: 30 }),
        (minHistory, values) => {
          month = 0;
          const { events } = run(values, variant({ minHistory }));
          const first = events.find((e) => e.type === 'firing');
          if (first) expect(Number(first.evidence.signalId.slice(4))).toBeGreaterThanOrEqual(minHistory);
        },
      ),
    );
  });
});

describe('evaluate (rate of change)', () => {
  beforeEach(() => (month = 0));

  const surge = variant({
    condition: { type: 'rate_of_change', window: 1, mode: 'percent' },
    levels: [{ name: 'watch', above: 50, clearBelow: 20, severity: 'Moderate' }],
  });

  it('fires on a rise against the value one observation back, with baseline and measure', () => {
    const { events } = run([100, 160, 170], surge);
    expect(events.map((e) => [e.type, e.evidence.measure, e.evidence.baseline])).toEqual([
      ['firing', 60, 100],
      ['resolved', 6.25, 160],
    ]);
    expect(events[0].evidence).toMatchObject({ value: 160, threshold: 50, comparison: 'above' });
  });

  it('holds while it has no baseline yet, and after a zero', () => {
    expect(run([100], surge).events).toEqual([]);
    month = 0;
    expect(run([0, 5000], surge).events).toEqual([]);
  });

  it('remembers no more history than its window', () => {
    month = 0;
    const yearOnYear = variant({ condition: { type: 'rate_of_change', window: 12 } });
    expect(
      run(
        Array.from({ length: 30 }, (_, i) => i + 1),
        yearOnYear,
      ).state.history,
    ).toHaveLength(12);
  });
});

describe('evaluate (sustained and seasonal anomaly)', () => {
  beforeEach(() => (month = 0));

  it('fires a sustained trigger only when 2 of the last 3 observations reach the level', () => {
    const sustained = variant({ condition: { type: 'sustained', atLeast: 2, of: 3 } });
    expect(run([25000, 1000, 1000, 25000, 1000], sustained).events).toEqual([]);
    month = 0;
    const { events } = run([25000, 1000, 25000], sustained);
    expect(events.map((e) => [e.type, e.evidence.period.start, e.evidence.measure])).toEqual([
      ['firing', '2022-04-01', 25000],
    ]);
  });

  it('fires a seasonal anomaly on a month far above the same month of earlier years', () => {
    const seasonal = variant({
      condition: { type: 'seasonal_anomaly', season: 12, years: 3 },
      levels: [{ name: 'watch', above: 3, clearBelow: 2, severity: 'Moderate' }],
    });
    const quiet = Array.from({ length: 36 }, (_, i) => 1000 + (i % 12) * 100 + Math.floor(i / 12) * 10);
    expect(run([...quiet, 1015], seasonal).events).toEqual([]);
    month = 0;
    const [fired] = run([...quiet, 5000], seasonal).events;
    expect(fired).toMatchObject({ type: 'firing', evidence: { value: 5000, baseline: 1010 } });
  });
});

describe('appliesTo', () => {
  it('matches on indicator and reporter', () => {
    expect(appliesTo(trigger, obs(1))).toBe(true);
    expect(appliesTo(trigger, { ...obs(1), reporter: 'HND' })).toBe(false);
    expect(appliesTo(trigger, { ...obs(1), indicator: 'returns' })).toBe(false);
  });

  it('matches on place when the scope names places', () => {
    const scoped = variant({ scope: { ...base.scope, places: ['darien'] } });
    expect(appliesTo(scoped, obs(1))).toBe(true);
    expect(appliesTo(scoped, { ...obs(1), location: { country: 'PAN' } })).toBe(false);
  });
});

describe('evaluate (new-peak re-warnings)', () => {
  beforeEach(() => (month = 0));

  const rewarning = variant({ rewarnAbove: 1.25 });
  const summary = (values: number[], t: Trigger) =>
    run(values, t).events.map((e) => [e.type, e.level, e.evidence.value]);

  it('re-warns at its top level once per margin step, with the peak it exceeded', () => {
    const { events, state } = run([45000, 50000, 56250, 56300, 70000, 70313], rewarning);
    expect(events.map((e) => [e.type, e.level, e.previousLevel, e.evidence.value])).toEqual([
      ['firing', 'warning', null, 45000],
      ['updated', 'warning', 'warning', 56250],
      ['updated', 'warning', 'warning', 70313],
    ]);
    expect(events[1]).toMatchObject({
      eventId: `${events[0].alertId}/updated/2022-04-01/new-peak`,
      alertId: events[0].alertId,
      severity: 'Severe',
      urgency: 'Immediate',
      evidence: { threshold: 56250, comparison: 'above', reason: 'new-peak', previousPeak: 45000 },
    });
    expect(events[2].evidence).toMatchObject({ threshold: 70312.5, previousPeak: 56250 });
    expect(state.peak).toBe(70313);
  });

  it('never flaps: a measure that falls back and rises again re-warns only past the margin over its last peak', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 36000, max: 62499 }), { maxLength: 30 }), (wandering) => {
        month = 0;
        const { events } = run([50000, ...wandering], rewarning);
        expect(events.map((e) => e.type)).toEqual(['firing']);
      }),
    );
    month = 0;
    expect(summary([50000, 63000, 40000, 63000, 78750, 40000, 78749], rewarning)).toEqual([
      ['firing', 'warning', 50000],
      ['updated', 'warning', 63000],
      ['updated', 'warning', 78750],
    ]);
  });

  it('counts the peak from the last escalation, and not below the top level unless rewarnBelowTop', () => {
    expect(summary([21000, 30000, 39999, 50000, 62500], rewarning)).toEqual([
      ['firing', 'watch', 21000],
      ['escalated', 'warning', 50000],
      ['updated', 'warning', 62500],
    ]);
    month = 0;
    expect(
      summary([21000, 30000, 36000, 50000], variant({ rewarnAbove: 1.25, rewarnBelowTop: true })),
    ).toEqual([
      ['firing', 'watch', 21000],
      ['updated', 'watch', 30000],
      ['escalated', 'warning', 50000],
    ]);
  });

  it('says nothing new at a peak without rewarnAbove', () => {
    expect(summary([45000, 60000, 90000, 200000], trigger)).toEqual([['firing', 'warning', 45000]]);
  });

  it('starts every episode from its own first peak', () => {
    const { events, state } = run([45000, 60000, 1000, 42000, 50000, 53000], rewarning);
    expect(events.map((e) => [e.type, e.evidence.value, e.evidence.previousPeak])).toEqual([
      ['firing', 45000, undefined],
      ['updated', 60000, 45000],
      ['resolved', 1000, undefined],
      ['firing', 42000, undefined],
      ['updated', 53000, 42000],
    ]);
    expect(state.peak).toBe(53000);
    expect(events[3].alertId).not.toBe(events[0].alertId);
    expect(events[4].alertId).toBe(events[3].alertId);
    expect(run([45000, 1000], rewarning).state.peak).toBeNull();
  });

  it('measures the margin on the condition’s measure', () => {
    const surge = variant({
      rewarnAbove: 1.5,
      condition: { type: 'rate_of_change', window: 1, mode: 'percent' },
      levels: [{ name: 'watch', above: 50, clearBelow: 20, severity: 'Moderate' }],
    });
    const { events } = run([100, 160, 272, 544], surge);
    expect(events.map((e) => [e.type, e.evidence.measure, e.evidence.threshold])).toEqual([
      ['firing', 60, 50],
      ['updated', 100, 90],
    ]);
  });
});

describe('evaluate (series breaks)', () => {
  beforeEach(() => (month = 0));

  const quarterHigh = variant({
    condition: { type: 'rolling_high', window: 2, lookback: 3 },
    levels: [{ name: 'watch', above: 1.5, clearBelow: 1, severity: 'Moderate' }],
    minHistory: 6,
  });
  const quiet = [280, 300, 290, 310, 300, 295];
  /** The values as consecutive months, the one at `breakAt` the first under a new coverage. */
  const months = (values: number[], breakAt = -1): EvaluatedObservation[] =>
    values.map((v, i) =>
      i === breakAt ? { ...obs(v), seriesBreak: { kind: 'coverage', note: 'a new register' } } : obs(v),
    );
  function feed(t: Trigger, observations: EvaluatedObservation[], from: TriggerState = initialState) {
    let state = from;
    const events = observations.flatMap((o) => {
      const step = evaluate(t, state, o);
      state = step.state;
      return step.events;
    });
    return { state, events };
  }
  const afterBreak = [29000, 30000, 29500, 31000, 30500];

  it('reads a hundredfold jump as a surge without a break', () => {
    const { events } = feed(quarterHigh, months([...quiet, ...afterBreak]));
    expect(events.map((e) => [e.type, e.evidence.value])).toEqual([['firing', 29000]]);
  });

  it('restarts the baseline at a break, then fires on a real surge once history has refilled', () => {
    const settled = feed(quarterHigh, months([...quiet, ...afterBreak], quiet.length));
    expect(settled.events).toEqual([]);
    expect(settled.state).toMatchObject({ seen: 5, history: [30000, 29500, 31000, 30500] });
    month = 0;
    const surge = feed(quarterHigh, months([...quiet, ...afterBreak, 30000, 90000], quiet.length));
    expect(surge.events.map((e) => [e.type, e.evidence.value])).toEqual([['firing', 90000]]);
  });

  it('waits the minimum history again from the break', () => {
    const patient = variant({ ...quarterHigh, minHistory: 8 });
    const values = [...quiet, ...afterBreak, 30000, 90000, 200000];
    const { events } = feed(patient, months(values, quiet.length));
    expect(events.map((e) => e.evidence.signalId)).toEqual([`sig-${quiet.length + 8}`]);
  });

  it('holds the alert in force across a break', () => {
    const fired = feed(quarterHigh, months([...quiet, 1000]));
    expect(fired.state.level).toBe('watch');
    const after = feed(quarterHigh, months([10, 10], 0), fired.state);
    expect(after.events).toEqual([]);
    expect(after.state).toMatchObject({
      level: 'watch',
      alertId: fired.state.alertId,
      seen: 2,
      history: [10, 10],
    });
  });

  it('leaves a threshold trigger as it is', () => {
    const plain = feed(trigger, months([1000, 25000]));
    month = 0;
    expect(feed(trigger, months([1000, 25000], 1))).toEqual(plain);
  });
});
