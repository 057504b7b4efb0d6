import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import type { AlertEvent } from '@atalaya/contracts';
import { evaluateBatch, type BatchEvaluation, type StateChange } from './batch.evaluator';
import { appliesTo, evaluate } from './evaluator';
import { initialState, type EvaluatedObservation, type TriggerState } from './types';
import { byCodeUnits } from './order';
import { triggerSchema, type Trigger, type TriggerInput } from '../catalogue/trigger.schema';

/**
 * `evaluateBatch` walks series with a compiled form of each trigger; `evaluate` is the reference. For any
 * per-series trigger and any batch, including periods out of order or repeated and a batch that starts
 * from the states an earlier batch left, the two must give the same events in the same order and the same
 * states, to the key order and the sign of zero.
 */

const states = ['PAN', 'HND', 'CRI'] as const;
const places = ['darien', 'tapachula', 'choluteca'] as const;
const levelNames = ['watch', 'warning', 'emergency'] as const;

type ConditionInput = TriggerInput['condition'];

/** A condition and the range its measure moves in, so that the levels drawn for it are reached and left. */
const condition: fc.Arbitrary<{ condition: ConditionInput; scale: number }> = fc.oneof(
  fc.constant({ condition: { type: 'threshold' as const }, scale: 100 }),
  fc
    .record({
      window: fc.integer({ min: 1, max: 4 }),
      mode: fc.constantFrom('percent' as const, 'absolute' as const),
    })
    .map((c) => ({
      condition: { type: 'rate_of_change' as const, ...c },
      scale: c.mode === 'percent' ? 200 : 60,
    })),
  fc
    .integer({ min: 1, max: 5 })
    .chain((of) => fc.record({ of: fc.constant(of), atLeast: fc.integer({ min: 1, max: of }) }))
    .map((c) => ({ condition: { type: 'sustained' as const, ...c }, scale: 100 })),
  fc
    .record({
      baseline: fc.constantFrom('season' as const, 'rolling' as const),
      season: fc.integer({ min: 2, max: 4 }),
      years: fc.integer({ min: 2, max: 4 }),
      window: fc.integer({ min: 3, max: 6 }),
    })
    .map((c) => ({ condition: { type: 'seasonal_anomaly' as const, ...c }, scale: 6 })),
  fc
    .record({ window: fc.integer({ min: 1, max: 3 }), lookback: fc.integer({ min: 1, max: 4 }) })
    .map((c) => ({ condition: { type: 'rolling_high' as const, ...c }, scale: 2.5 })),
);

/** Up to three levels, lowest first, each with or without a clear level below it. */
const levels = (scale: number) =>
  fc
    .uniqueArray(fc.double({ min: 0, max: scale, noNaN: true }), { minLength: 1, maxLength: 3 })
    .chain((aboves) =>
      fc.tuple(
        ...[...aboves]
          .sort((a, b) => a - b)
          .map((above, i) =>
            fc.record({
              name: fc.constant(levelNames[i]),
              above: fc.constant(above),
              clearBelow: fc.option(fc.double({ min: 0, max: above, noNaN: true }), { nil: undefined }),
              severity: fc.constantFrom('Minor' as const, 'Moderate' as const, 'Severe' as const),
              urgency: fc.constantFrom('Expected' as const, 'Immediate' as const),
            }),
          ),
      ),
    );

/** A state's own thresholds for some levels, or its opt-out. */
const overrides = (names: string[], scale: number) =>
  fc.uniqueArray(
    fc.oneof(
      fc.record({ state: fc.constantFrom(...states), optOut: fc.constant(true as const) }),
      fc.record({
        state: fc.constantFrom(...states),
        levels: fc
          .subarray(names, { minLength: 1 })
          .chain((chosen) =>
            fc.tuple(
              ...chosen.map((name) =>
                fc.double({ min: 0, max: scale, noNaN: true }).chain((above) =>
                  fc.record({
                    name: fc.constant(name),
                    above: fc.constant(above),
                    clearBelow: fc.option(fc.double({ min: 0, max: above, noNaN: true }), { nil: undefined }),
                  }),
                ),
              ),
            ),
          )
          .map((ls) => Object.fromEntries(ls.map(({ name, ...l }) => [name, l]))),
      }),
    ),
    { selector: (o) => o.state, maxLength: 2 },
  );

/** The catalogue refuses national thresholds that put the levels out of order. */
function keepsOrder(ls: readonly { name: string; above: number }[], o: object): boolean {
  if (!('levels' in o)) return true;
  const own = o.levels as Record<string, { above: number } | undefined>;
  const above = ls.map((l) => own[l.name]?.above ?? l.above);
  return above.every((a, j) => j === 0 || a > above[j - 1]);
}

/** A scope restriction or an effective range, present in one trigger of four. */
const seldom = <T>(arbitrary: fc.Arbitrary<T>) =>
  fc.oneof({ weight: 3, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary });

const month = (m: number) => `${2020 + Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}-01`;

const trigger = (id: string): fc.Arbitrary<Trigger> =>
  condition.chain(({ condition, scale }) =>
    levels(scale).chain((ls) =>
      fc
        .record({
          pending: fc.integer({ min: 1, max: 3 }),
          cooldown: fc.integer({ min: 0, max: 3 }),
          minHistory: fc.integer({ min: 1, max: 4 }),
          shadow: fc.boolean(),
          rewarnAbove: fc.option(fc.double({ min: 1.01, max: 2, noNaN: true }), { nil: undefined }),
          rewarnBelowTop: fc.boolean(),
          overrides: overrides(
            ls.map((l) => l.name),
            scale,
          ),
          reporters: seldom(fc.subarray([...states], { minLength: 1 })),
          places: seldom(fc.subarray([...places], { minLength: 1 })),
          effective: seldom(
            fc
              .tuple(
                fc.integer({ min: 0, max: 20 }),
                fc.option(fc.integer({ min: 0, max: 20 }), { nil: undefined }),
              )
              .map(([from, length]) => ({
                from: month(from),
                ...(length === undefined ? {} : { to: month(from + length) }),
              })),
          ),
        })
        .map(({ reporters, places: scopedPlaces, effective, overrides: national, rewarnAbove, ...rest }) =>
          triggerSchema.parse({
            overrides: national.filter((o) => keepsOrder(ls, o)),
            id,
            version: 1,
            title: id,
            scope: { indicators: ['flow'], reporters, places: scopedPlaces },
            condition,
            levels: ls,
            ...(effective ? { effective } : {}),
            ...(rewarnAbove === undefined ? {} : { rewarnAbove }),
            ...rest,
          }),
        ),
    ),
  );

/**
 * Values around every scale above: whole counts mostly, fractions, repeats, zero of either sign, and now and
 * then a finite extreme whose sums and deviations overflow.
 */
const value = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: 0, max: 120 }) },
  { weight: 4, arbitrary: fc.double({ min: -20, max: 150, noNaN: true }) },
  { weight: 2, arbitrary: fc.constantFrom(0, -0, 1, 50, 100) },
  { weight: 1, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }) },
);

interface SeriesPlace {
  readonly seriesKey: string;
  readonly country: string;
  readonly place: string | undefined;
  /** Some observations of the series are of another indicator, state or place than the series'. */
  readonly mixed: boolean;
}

const location = fc.record({
  country: fc.constantFrom(...states),
  place: fc.option(fc.constantFrom(...places), { nil: undefined }),
});

const series: fc.Arbitrary<SeriesPlace[]> = fc.uniqueArray(
  fc
    .record({ seriesKey: fc.constantFrom('s-a', 's-b', 's-c', 's-d'), location, mixed: fc.boolean() })
    .map(({ location: l, ...s }) => ({ ...s, ...l })),
  { selector: (s) => s.seriesKey, minLength: 1, maxLength: 3 },
);

/** Now and then, in a mixed series: an indicator no trigger watches, another state or another place. */
const disturbance = fc.oneof(
  { weight: 12, arbitrary: fc.constant(undefined) },
  { weight: 1, arbitrary: fc.constant('other indicator' as const) },
  { weight: 1, arbitrary: location },
);

/** Now and then, a figure declared the first under a new coverage or method. */
const seriesBreak = fc.oneof(
  { weight: 15, arbitrary: fc.constant(undefined) },
  { weight: 1, arbitrary: fc.constant({ kind: 'method' as const }) },
);

/**
 * Observations of the series in arrival order, periods out of order and repeated, now and then at a break.
 * Long enough for the conditions with the longest memory to measure.
 */
const observations = (of: SeriesPlace[]): fc.Arbitrary<EvaluatedObservation[]> =>
  fc
    .array(
      fc.record({
        s: fc.constantFrom(...of),
        m: fc.integer({ min: 0, max: 47 }),
        value,
        disturbance,
        seriesBreak,
      }),
      { maxLength: 120, size: 'max' },
    )
    .map((drawn) =>
      drawn.map(({ s, m, value, disturbance, seriesBreak: declared }, i) => {
        const other = s.mixed ? disturbance : undefined;
        const indicator = other === 'other indicator' ? 'other' : 'flow';
        const { country, place } = typeof other === 'object' ? other : s;
        return {
          signalId: `sig-${i}`,
          reporter: country,
          indicator,
          location: place === undefined ? { country } : { country, place },
          period: { start: month(m), end: month(m) },
          value,
          seriesKey: s.seriesKey,
          ...(declared ? { seriesBreak: declared } : {}),
        };
      }),
    );

const scenario = fc.record({
  triggers: fc
    .tuple(trigger('t-one'), trigger('t-two'), trigger('t-three'))
    .chain((ts) => fc.subarray(ts, { minLength: 1 })),
  observations: series.chain(observations),
  split: fc.nat(),
});

/** `evaluate` folded over each series in event-time order, in the order `evaluateBatch` documents. */
function foldedBatch(
  triggers: readonly Trigger[],
  stateOf: (triggerId: string, seriesKey: string) => TriggerState | undefined,
  observations: readonly EvaluatedObservation[],
): BatchEvaluation {
  const changes: StateChange[] = [];
  const events: AlertEvent[] = [];
  const keys = [...new Set(observations.map((o) => o.seriesKey))].sort(byCodeUnits);
  for (const seriesKey of keys) {
    const ordered = observations
      .filter((o) => o.seriesKey === seriesKey)
      .sort((a, b) => byCodeUnits(a.period.start, b.period.start));
    for (const t of triggers) {
      const applying = ordered.filter((o) => appliesTo(t, o));
      if (applying.length === 0) continue;
      let state = stateOf(t.id, seriesKey) ?? initialState;
      for (const o of applying) {
        const step = evaluate(t, state, o);
        state = step.state;
        events.push(...step.events);
      }
      changes.push({ trigger: t, seriesKey, state });
    }
  }
  return { changes, events };
}

const stateKey = (triggerId: string, seriesKey: string) => `${triggerId}\u0000${seriesKey}`;

/** The states a batch left, as the engine stores them and loads them for the next batch. */
function stored(
  changes: readonly StateChange[],
): (triggerId: string, seriesKey: string) => TriggerState | undefined {
  const byKey = new Map(changes.map((c) => [stateKey(c.trigger.id, c.seriesKey), c.state]));
  return (triggerId, seriesKey) => byKey.get(stateKey(triggerId, seriesKey));
}

function expectSame(actual: BatchEvaluation, expected: BatchEvaluation): void {
  expect(actual).toStrictEqual(expected);
  expect(JSON.stringify(actual.events)).toBe(JSON.stringify(expected.events));
}

describe('evaluateBatch against evaluate folded over each series', () => {
  it('gives the same events and states, from empty states and from the states an earlier batch left', () => {
    fc.assert(
      fc.property(scenario, ({ triggers, observations, split }) => {
        const at = split % (observations.length + 1);
        const first = observations.slice(0, at);
        const rest = observations.slice(at);

        const firstBatch = evaluateBatch(triggers, () => undefined, first);
        const firstFolded = foldedBatch(triggers, () => undefined, first);
        expectSame(firstBatch, firstFolded);

        const loaded = stored(firstFolded.changes);
        expectSame(evaluateBatch(triggers, loaded, rest), foldedBatch(triggers, loaded, rest));
        expectSame(
          evaluateBatch(triggers, () => undefined, observations),
          foldedBatch(triggers, () => undefined, observations),
        );
      }),
      { numRuns: 500 },
    );
  });

  it('draws scenarios in which every condition raises and every kind of event happens', () => {
    const raised = new Set<string>();
    for (const { triggers, observations } of fc.sample(scenario, { numRuns: 500, seed: 1 })) {
      for (const e of evaluateBatch(triggers, () => undefined, observations).events) {
        raised.add(triggers.find((t) => t.id === e.trigger.id)?.condition.type ?? '');
        raised.add(e.type);
        if (e.evidence.comparison === 'below') raised.add('lapsed');
        if (e.evidence.override) raised.add('override');
        if (e.evidence.reason === 'new-peak')
          raised.add(e.level === levelNames[0] ? 'new-peak below top' : 'new-peak');
      }
      const unbroken = observations.map(({ seriesBreak: _, ...o }) => o);
      const withBreaks = evaluateBatch(triggers, () => undefined, observations);
      if (
        !isDeepStrictEqual(
          withBreaks,
          evaluateBatch(triggers, () => undefined, unbroken),
        )
      )
        raised.add('break');
    }
    expect([...raised].sort()).toEqual(
      [
        'threshold',
        'rate_of_change',
        'sustained',
        'seasonal_anomaly',
        'rolling_high',
        'pending',
        'lapsed',
        'firing',
        'escalated',
        'de-escalated',
        'resolved',
        'override',
        'updated',
        'new-peak',
        'new-peak below top',
        'break',
      ].sort(),
    );
  });
});
