import fc from 'fast-check';
import { alertEventSchema, type AlertEvent } from '@atalaya/contracts';
import type { Duration } from 'luxon';
import { parseCatalogue } from '../catalogue/catalogue.parser';
import { initialState } from '../evaluation/types';
import {
  evaluateSilence,
  missedReports,
  parseExpectedEvery,
  silenceSeriesKey,
  silenceWatches,
  silentObservations,
  type Heard,
  type Silence,
} from './silence';
import { triggerSchema, type Trigger, type TriggerInput } from '../catalogue/trigger.schema';

const base: TriggerInput = {
  id: 'reporter-silent',
  version: 1,
  title: 'A reporting state has gone silent',
  scope: { indicators: ['irregular_crossings'], reporters: ['PAN'] },
  condition: { type: 'no_data', expectedEvery: 'PT10S' },
  levels: [
    { name: 'watch', above: 1, severity: 'Minor' },
    { name: 'warning', above: 3, severity: 'Moderate' },
  ],
};
const trigger: Trigger = triggerSchema.parse(base);
const variant = (over: Partial<TriggerInput>): Trigger => triggerSchema.parse({ ...base, ...over });
const tenSeconds = parseExpectedEvery('PT10S', trigger.id);

const T0 = Date.parse('2024-03-01T00:00:00.000Z');
/** A time `s` seconds after T0. */
const at = (s: number): string => new Date(T0 + Math.round(s * 1000)).toISOString();
const heard = (s: number, id = `sig-${s}`): Heard => ({ at: at(s), signalId: id });
const fresh: Silence = { state: initialState, since: null };

/**
 * Ticks at the given times over a timeline of reports, as the engine does: each tick sees the reports
 * received before it (on the first, only the latest) and carries the silence to the next.
 */
function run(
  reports: readonly Heard[],
  ticks: readonly string[],
  t: Trigger = trigger,
  every: Duration = tenSeconds,
  limit?: number,
): { events: AlertEvent[]; silence: Silence } {
  let silence = fresh;
  const events: AlertEvent[] = [];
  for (const until of ticks) {
    const visible = reports.filter((r) => r.at < until);
    const since = silence.since;
    const seen = since === null ? visible.slice(-1) : visible.filter((r) => r.at > since.at);
    const step = evaluateSilence(t, every, 'PAN', silence, { heard: seen, until }, limit);
    silence = step.silence;
    events.push(...step.events);
  }
  return { events, silence };
}

const everySecond = (from: number, to: number): string[] =>
  Array.from({ length: to - from + 1 }, (_, i) => at(from + i));

describe('parseExpectedEvery', () => {
  it('reads calendar and clock durations', () => {
    expect(parseExpectedEvery('P1M', 't').toObject()).toEqual({ months: 1 });
    expect(parseExpectedEvery('PT2S', 't').toMillis()).toBe(2000);
  });

  it('refuses a zero duration, naming the trigger and what to write instead', () => {
    expect(() => parseExpectedEvery('PT0S', 'reporter-silent')).toThrow(
      'trigger reporter-silent: expectedEvery "PT0S" must be an ISO 8601 duration longer than zero',
    );
  });
});

describe('evaluateSilence', () => {
  it('says nothing while the reporter keeps to its cadence', () => {
    const reports = [0, 8, 16, 24, 33].map((s) => heard(s));
    expect(run(reports, everySecond(1, 40)).events).toEqual([]);
  });

  it('fires at the first missed deadline and escalates as the silence goes on', () => {
    const { events } = run([heard(0)], everySecond(1, 45));
    expect(events.map((e) => [e.type, e.level, e.evidence.period.start, e.evidence.value])).toEqual([
      ['firing', 'watch', '2024-03-01', 1],
      ['escalated', 'warning', '2024-03-01', 3],
    ]);
    expect(new Set(events.map((e) => e.alertId)).size).toBe(1);
  });

  it('gives the evidence the alert contract expects: when the reporter went silent and what it last sent', () => {
    const [firing] = run([heard(0, 'pan-last')], [at(1), at(11)]).events;
    expect(alertEventSchema.parse(firing)).toEqual(firing);
    expect(firing).toMatchObject({
      seriesKey: 'silence/PAN',
      severity: 'Minor',
      shadow: false,
      trigger: { id: 'reporter-silent', version: 1 },
      evidence: {
        value: 1,
        measure: 1,
        threshold: 1,
        comparison: 'above',
        signalId: 'pan-last',
        silentSince: at(0),
        period: { start: '2024-03-01', end: '2024-03-01' },
      },
    });
  });

  it('resolves once the reporter is heard again, under the same alert', () => {
    const { events, silence } = run([heard(0), heard(25, 'pan-back')], everySecond(1, 30));
    expect(events.map((e) => e.type)).toEqual(['firing', 'resolved']);
    expect(events[1]).toMatchObject({
      alertId: events[0].alertId,
      level: null,
      previousLevel: 'watch',
      evidence: { value: 0, signalId: 'pan-back', silentSince: at(0), comparison: 'below-clear' },
    });
    expect(silence.since).toEqual(heard(25, 'pan-back'));
  });

  it('opens a new alert for a new silence', () => {
    const { events } = run([heard(0), heard(15), heard(40)], everySecond(1, 60));
    const firings = events.filter((e) => e.type === 'firing');
    expect(firings).toHaveLength(3);
    expect(new Set(firings.map((e) => e.alertId)).size).toBe(3);
    expect(firings.map((e) => e.evidence.silentSince)).toEqual([at(0), at(15), at(40)]);
  });

  it('counts a report exactly at the deadline as on time', () => {
    expect(run([heard(0), heard(10), heard(20)], everySecond(1, 29)).events).toEqual([]);
  });

  it('adds calendar months in UTC, each from the last report rather than from the deadline before', () => {
    const every = parseExpectedEvery('P1M', 't');
    const since: Heard = { at: '2024-01-31T12:00:00.000Z', signalId: 'jan' };
    const { observations } = silentObservations(
      every,
      'PAN',
      { state: initialState, since },
      { heard: [], until: '2024-05-01T00:00:00.000Z' },
    );
    expect(observations.map((o) => [o.period.start, o.value])).toEqual([
      ['2024-02-29T12:00:00.000Z', 1],
      ['2024-03-31T12:00:00.000Z', 2],
      ['2024-04-30T12:00:00.000Z', 3],
    ]);
  });

  it('starts watching from the latest report the first tick finds', () => {
    const { observations, since } = silentObservations(tenSeconds, 'PAN', fresh, {
      heard: [heard(5)],
      until: at(26),
    });
    expect(since).toEqual(heard(5));
    expect(observations.map((o) => o.period.start)).toEqual([at(15), at(25)]);
  });

  it('watches nobody it has never heard', () => {
    expect(silentObservations(tenSeconds, 'PAN', fresh, { heard: [], until: at(100) })).toEqual({
      observations: [],
      since: null,
    });
  });

  it('counts the silences between reports that arrived while no tick ran', () => {
    const reports = [heard(0), heard(15), heard(42)];
    const { observations } = silentObservations(
      tenSeconds,
      'PAN',
      { state: initialState, since: reports[0] },
      { heard: reports.slice(1), until: at(43) },
    );
    expect(observations.map((o) => [o.period.start, o.value, o.signalId])).toEqual([
      [at(10), 1, 'sig-0'],
      [at(15), 0, 'sig-15'],
      [at(25), 1, 'sig-15'],
      [at(35), 2, 'sig-15'],
      [at(42), 0, 'sig-42'],
    ]);
  });

  it('adds no point for a report that broke no silence', () => {
    const { observations } = silentObservations(
      tenSeconds,
      'PAN',
      { state: initialState, since: heard(0) },
      { heard: [heard(9)], until: at(12) },
    );
    expect(observations).toEqual([]);
  });

  it('resolves after a report that became visible only after a later deadline was counted', () => {
    // The report was received at 12 s but stored after the tick at 21 s had counted the deadline at 20 s.
    const first = evaluateSilence(
      trigger,
      tenSeconds,
      'PAN',
      { state: initialState, since: heard(0) },
      { heard: [], until: at(21) },
    );
    const second = evaluateSilence(trigger, tenSeconds, 'PAN', first.silence, {
      heard: [heard(12)],
      until: at(22),
    });
    expect(second.events.map((e) => e.type)).toEqual(['resolved']);
    expect(second.silence.state.lastPeriodStart).toBe('2024-03-01T00:00:20.001Z');
  });

  it('holds a rise for `pending` missed deadlines', () => {
    const { events } = run([heard(0)], everySecond(1, 35), variant({ pending: 2 }));
    expect(events.map((e) => [e.type, e.level, e.evidence.value])).toEqual([
      ['pending', 'watch', 1],
      ['firing', 'watch', 2],
    ]);
  });

  it('stays quiet on a state that opted out of the trigger', () => {
    const optedOut = variant({ overrides: [{ state: 'PAN', optOut: true }] });
    expect(run([heard(0)], everySecond(1, 60), optedOut).events).toEqual([]);
  });

  it("applies a state's own thresholds to its own silence", () => {
    const own = variant({ overrides: [{ state: 'PAN', levels: { watch: { above: 2 } } }] });
    const [firing] = run([heard(0)], everySecond(1, 25), own).events;
    expect(firing.evidence).toMatchObject({ value: 2, threshold: 2, override: 'PAN' });
  });

  it('marks the events of a shadow trigger', () => {
    const events = run([heard(0)], everySecond(1, 15), variant({ shadow: true })).events;
    expect(events.map((e) => e.shadow)).toEqual([true]);
  });

  it('does not fire again during the cooldown after a resolution, counted in derived points', () => {
    const reports = [heard(0), heard(12), heard(25)];
    const { events } = run(reports, everySecond(1, 40), variant({ cooldown: 2 }));
    expect(events.map((e) => [e.type, e.evidence.silentSince, e.evidence.period.start])).toEqual([
      ['firing', at(0), '2024-03-01'],
      ['resolved', at(0), '2024-03-01'],
      ['firing', at(25), '2024-03-01'],
    ]);
  });

  it('does nothing outside the dates the trigger is in effect', () => {
    const later = variant({ effective: { from: '2024-04-01' } });
    expect(run([heard(0)], everySecond(1, 40), later)).toEqual({ events: [], silence: fresh });
  });

  it('catches a long outage up over several ticks, with the same events as in one', () => {
    const ticks = [at(1), at(95), at(96), at(97), at(98)];
    const limited = run([heard(0), heard(93)], ticks, trigger, tenSeconds, 3);
    const whole = run([heard(0), heard(93)], [at(1), at(98)]);
    expect(limited.events).toEqual(whole.events);
    expect(limited.silence).toEqual(whole.silence);
    expect(whole.events.map((e) => e.type)).toEqual(['firing', 'escalated', 'resolved']);
  });
});

describe('missedReports', () => {
  it('counts the deadlines let pass since the last report', () => {
    expect(missedReports(tenSeconds, heard(0), at(9))).toBe(0);
    expect(missedReports(tenSeconds, heard(0), at(10))).toBe(0);
    expect(missedReports(tenSeconds, heard(0), at(10.001))).toBe(1);
    expect(missedReports(parseExpectedEvery('P1M', 't'), heard(0), '2024-07-15T00:00:00.000Z')).toBe(4);
  });
});

describe('silenceSeriesKey', () => {
  it('names one series per reporter', () => {
    expect(silenceSeriesKey('HND')).toBe('silence/HND');
  });
});

describe('silence properties', () => {
  const reportTimes = fc
    .uniqueArray(fc.integer({ min: 1, max: 600 }), { maxLength: 12 })
    .map((xs) => [0, ...xs.sort((a, b) => a - b)].map((s) => heard(s)));
  const tickTimes = fc
    .uniqueArray(fc.integer({ min: 2, max: 700_000 }), { maxLength: 40 })
    .map((xs) => xs.sort((a, b) => a - b).map((ms) => new Date(T0 + ms).toISOString()));
  const end = at(701);

  it('raises nothing before one full expectedEvery of silence, and nothing once the reporter was heard', () => {
    fc.assert(
      fc.property(reportTimes, tickTimes, (reports, ticks) => {
        const { events } = run(reports, [at(0.001), ...ticks, end]);
        for (const e of events.filter((x) => x.type === 'firing' || x.type === 'escalated')) {
          const silentSince = Date.parse(e.evidence.silentSince ?? '');
          const nextReport = reports.find((r) => Date.parse(r.at) > silentSince);
          const deadline = silentSince + 10_000 * e.evidence.value;
          expect(e.evidence.value).toBeGreaterThanOrEqual(1);
          expect(nextReport === undefined || Date.parse(nextReport.at) > deadline).toBe(true);
        }
      }),
    );
  });

  it('gives the same events whenever the ticks run, and however few points one tick may take', () => {
    fc.assert(
      fc.property(reportTimes, tickTimes, tickTimes, (reports, ticksA, ticksB) => {
        const a = run(reports, [at(0.001), ...ticksA, end]);
        const b = run(reports, [at(0.001), ...ticksB, end, end, end, end, end], trigger, tenSeconds, 20);
        expect(b.events.map((e) => e.eventId)).toEqual(a.events.map((e) => e.eventId));
        expect(b.events).toEqual(a.events);
      }),
    );
  });
});

const watchReference = {
  reporters: [
    { iso3: 'PAN', cadence: 'weekly' },
    { iso3: 'HND', cadence: 'monthly' },
    { iso3: 'MEX', cadence: 'daily' },
  ] as const,
};

const watchCatalogue = (condition: string, reporters = '') =>
  parseCatalogue(
    `triggers:
  - id: crossings-surge
    version: 1
    title: Crossings surge
    scope: { indicators: [irregular_crossings] }
    condition: { type: threshold }
    levels: [{ name: watch, above: 10, severity: Moderate }]
  - id: reporter-silent
    version: 2
    title: A reporting state has gone silent
    scope: { indicators: [irregular_crossings]${reporters} }
    condition: ${condition}
    levels: [{ name: watch, above: 1, severity: Minor }]
`,
    'triggers.yaml',
  );

const everies = (watches: ReturnType<typeof silenceWatches>) =>
  watches.map((w) => [w.trigger.id, w.reporters.map((r) => [r.reporter, r.every.toISO()])]);

describe('silenceWatches', () => {
  it('watches every reporter at its agreed cadence when the trigger names neither', () => {
    expect(everies(silenceWatches(watchCatalogue('{ type: no_data }'), watchReference))).toEqual([
      [
        'reporter-silent',
        [
          ['PAN', 'P1W'],
          ['HND', 'P1M'],
          ['MEX', 'P1D'],
        ],
      ],
    ]);
  });

  it("watches only the trigger's reporters, at its own expectedEvery", () => {
    const watches = silenceWatches(
      watchCatalogue('{ type: no_data, expectedEvery: PT30S }', ', reporters: [HND]'),
      watchReference,
    );
    expect(everies(watches)).toEqual([['reporter-silent', [['HND', 'PT30S']]]]);
  });

  it('refuses a reporter with no cadence, saying how to fix it', () => {
    expect(() =>
      silenceWatches(watchCatalogue('{ type: no_data }', ', reporters: [USA]'), watchReference),
    ).toThrow(
      'trigger reporter-silent watches USA, which has no cadence in reporters.yaml: add USA to reporters.yaml ' +
        'or give the trigger condition an expectedEvery',
    );
  });

  it('refuses an expectedEvery of zero', () => {
    expect(() =>
      silenceWatches(watchCatalogue('{ type: no_data, expectedEvery: P0D }'), watchReference),
    ).toThrow('trigger reporter-silent: expectedEvery "P0D" must be an ISO 8601 duration longer than zero');
  });

  it('has nothing to watch in a catalogue without no-data triggers', () => {
    expect(silenceWatches(watchCatalogue('{ type: threshold }'), watchReference)).toEqual([]);
  });
});
