import fc from 'fast-check';
import type { AlertEvent, AlertEventType } from '@atalaya/contracts';
import { triggerSchema } from '../catalogue/trigger.schema';
import type { EvaluatedObservation } from '../evaluation/types';
import {
  KnownEventsError,
  matchesSeries,
  mean,
  median,
  monthsBefore,
  parseKnownEvents,
  scoreBacktest,
  watchedSeries,
  type KnownEvents,
} from './scoring';
import type { Backtest, TriggerActivity, WatchedSeries } from './types';

const DARIEN = 'PAN/irregular_crossings/PAN/-/darien';
const HONDURAS = 'HND/irregular_entries/HND/-/-';

const file = `
events:
  - id: darien-2022
    title: Venezuelan surge through the Darién
    series: { place: darien }
    from: 2022-09
    to: 2022-10
    source: Panama SNM
  - id: honduras-2023
    title: Record entries into Honduras
    series: { reporter: HND, indicator: irregular_entries }
    triggers: [honduras-surge]
    from: 2023-07-15
    to: 2023-12-31
    source: INM Honduras
`;

const problemsOf = (text: string): readonly string[] => {
  try {
    parseKnownEvents(text, 'known-events.yaml');
  } catch (e) {
    if (e instanceof KnownEventsError) return e.problems;
    throw e;
  }
  throw new Error('expected the file to be refused');
};

describe('parseKnownEvents', () => {
  it('reads events, a month standing for its first day as from and its last day as to', () => {
    expect(parseKnownEvents(file).events).toEqual([
      expect.objectContaining({ id: 'darien-2022', from: '2022-09-01', to: '2022-10-31' }),
      expect.objectContaining({
        id: 'honduras-2023',
        series: { reporter: 'HND', indicator: 'irregular_entries' },
        triggers: ['honduras-surge'],
        from: '2023-07-15',
        to: '2023-12-31',
      }),
    ]);
  });

  it('knows the length of February', () => {
    const text = file.replace('to: 2022-10', 'to: 2024-02');
    expect(parseKnownEvents(text).events[0].to).toBe('2024-02-29');
  });

  it('points at the file, line and field of a bad date', () => {
    expect(problemsOf(file.replace('from: 2022-09', 'from: 2022-13'))).toEqual([
      expect.stringMatching(
        /^known-events\.yaml:6:\d+: events\.0\.from: must be a month \(YYYY-MM\) or a date/,
      ),
    ]);
    expect(problemsOf(file.replace('from: 2023-07-15', 'from: 2023-02-30'))).toEqual([
      expect.stringMatching(/^known-events\.yaml:13:\d+: events\.1\.from: is not a real calendar date/),
    ]);
  });

  it('refuses an event that ends before it starts', () => {
    expect(problemsOf(file.replace('to: 2022-10', 'to: 2022-08'))).toEqual([
      expect.stringMatching(/:7:\d+: events\.0\.to: to is before from$/),
    ]);
  });

  it('refuses an event that names neither a series nor a trigger', () => {
    expect(problemsOf(file.replace('    series: { place: darien }\n', ''))).toEqual([
      expect.stringContaining('events.0: name the series the event concerns'),
    ]);
  });

  it('refuses an empty series selector and an unknown part of a series', () => {
    expect(problemsOf(file.replace('{ place: darien }', '{}'))).toEqual([
      expect.stringContaining('name at least one of reporter, indicator, country, admin1, place'),
    ]);
    expect(problemsOf(file.replace('{ place: darien }', '{ town: darien }'))).toContainEqual(
      expect.stringMatching(/:5:\d+: events\.0\.series: .*"town"/),
    );
  });

  it('refuses a second event with the same id, at the second one', () => {
    expect(problemsOf(file.replace('id: honduras-2023', 'id: darien-2022'))).toEqual([
      expect.stringMatching(/:9:\d+: events\.1\.id: id darien-2022 is used twice$/),
    ]);
  });

  it('asks for a source', () => {
    expect(problemsOf(file.replace('source: Panama SNM', 'source: ""'))).toEqual([
      expect.stringContaining('events.0.source: say where the event is documented'),
    ]);
  });

  it('reports a YAML syntax error with its position', () => {
    const problems = problemsOf('events:\n  - { id: [x\n');
    expect(problems.length).toBeGreaterThan(0);
    problems.forEach((p) => expect(p).toMatch(/^known-events\.yaml:\d+:\d+: /));
  });
});

describe('matchesSeries', () => {
  it('matches every part named, and only those', () => {
    expect(matchesSeries({ place: 'darien' }, DARIEN)).toBe(true);
    expect(matchesSeries({ reporter: 'PAN', indicator: 'irregular_crossings' }, DARIEN)).toBe(true);
    expect(matchesSeries({ reporter: 'PAN', indicator: 'encounters' }, DARIEN)).toBe(false);
    expect(matchesSeries({ place: 'darien' }, HONDURAS)).toBe(false);
    expect(matchesSeries({ admin1: 'PA-5' }, DARIEN)).toBe(false);
    expect(matchesSeries(undefined, HONDURAS)).toBe(true);
  });
});

describe('monthsBefore, median and mean', () => {
  it('steps back whole calendar months, across years, to the last day of a shorter month', () => {
    expect(monthsBefore('2022-09-01', 6)).toBe('2022-03-01');
    expect(monthsBefore('2021-03-15', 6)).toBe('2020-09-15');
    expect(monthsBefore('2023-05-31', 3)).toBe('2023-02-28');
    expect(monthsBefore('2022-09-01', 0)).toBe('2022-09-01');
  });

  it('takes the middle value, or the mean of the two middle ones', () => {
    expect(median([])).toBeNull();
    expect(median([30, 123])).toBe(76.5);
    expect(median([5, -1, 3])).toBe(3);
  });

  it('averages, and has no mean of nothing', () => {
    expect(mean([])).toBeNull();
    expect(mean([30, 123, -30])).toBe(41);
  });
});

const activity = (triggerId: string, shadow = false): TriggerActivity => ({
  triggerId,
  version: 1,
  shadow,
  firingsByYear: {},
  events: 0,
});

let counter = 0;
const event = (
  triggerId: string,
  seriesKey: string,
  start: string,
  type: AlertEventType = 'firing',
  alertId = `alert-${(counter += 1)}`,
): AlertEvent => ({
  eventId: `event-${(counter += 1)}`,
  alertId,
  type,
  level: type === 'resolved' || type === 'cancelled' ? null : 'watch',
  previousLevel: null,
  severity: 'Moderate',
  urgency: 'Expected',
  shadow: false,
  trigger: { id: triggerId, version: 1, title: triggerId },
  seriesKey,
  evidence: {
    value: 1,
    period: { start, end: start },
    threshold: 1,
    comparison: 'above',
    signalId: `signal-${counter}`,
  },
});

const watching = (...keys: string[]): WatchedSeries[] =>
  keys.map((seriesKey) => ({ seriesKey, first: '2019-01-01', last: '2025-12-01' }));

const known = (events: readonly Partial<KnownEvents['events'][number]>[]): KnownEvents => ({
  events: events.map((e, i) => ({
    id: `event-${i}`,
    title: `event ${i}`,
    from: '2022-09-01',
    to: '2022-10-31',
    source: 'test',
    series: { place: 'darien' },
    ...e,
  })),
});

const backtestOf = (events: AlertEvent[], ...triggers: TriggerActivity[]): Backtest => ({
  observations: 0,
  events,
  activity: triggers.length > 0 ? triggers : [activity('darien')],
});

const score = (
  result: Backtest,
  events: KnownEvents,
  maxLeadMonths = 6,
  watched = { darien: watching(DARIEN) },
) => scoreBacktest(result, events, { maxLeadMonths, watched });

describe('scoreBacktest: detection quality', () => {
  const OTHER = 'PAN/irregular_crossings/PAN/-/paso_canoas';

  it('gives the hit rate, the series-years evaluated and the false alarms per series-year', () => {
    const hit = event('darien', DARIEN, '2022-08-01');
    const alarm = event('darien', OTHER, '2024-03-01');
    const watched = {
      darien: [
        { seriesKey: DARIEN, first: '2019-01-01', last: '2022-12-01' },
        { seriesKey: OTHER, first: '2021-01-01', last: '2024-12-01' },
      ],
    };
    const [s] = score(
      backtestOf([hit, alarm]),
      known([{}, { from: '2023-06-01', to: '2023-07-31', series: { place: 'paso_canoas' } }]),
      6,
      watched,
    ).triggers;
    expect(s).toMatchObject({ hitRate: 0.5, seriesYears: 8, falseAlarmsPerSeriesYear: 1 / 8 });
    expect(s.series).toEqual([
      expect.objectContaining({ seriesKey: DARIEN, seriesYears: 4, knownEvents: 1, hits: 1, misses: 0 }),
      expect.objectContaining({
        seriesKey: OTHER,
        seriesYears: 4,
        knownEvents: 1,
        hits: 0,
        misses: 1,
        falseAlarms: 1,
        hitRate: 0,
        falseAlarmsPerSeriesYear: 0.25,
      }),
    ]);
  });

  it("counts the months from an event's last month to the resolution of the alert that warned of it", () => {
    const firing = event('darien', DARIEN, '2022-07-01', 'firing', 'alert-x');
    const resolved = event('darien', DARIEN, '2022-12-01', 'resolved', 'alert-x');
    const [s] = score(backtestOf([firing, resolved]), known([{}])).triggers;
    expect(s.hits.map((h) => h.resolvedAfterMonths)).toEqual([2]);
    expect(s.medianResolvedAfterMonths).toBe(2);
    expect(s.series[0].medianResolvedAfterMonths).toBe(2);
  });

  it('leaves the figures empty where there is nothing to count', () => {
    const [s] = score(backtestOf([]), known([]), 6, { darien: [] }).triggers;
    expect(s).toMatchObject({
      hitRate: null,
      seriesYears: 0,
      falseAlarmsPerSeriesYear: null,
      medianResolvedAfterMonths: null,
      series: [],
    });
  });
});

describe('scoreBacktest', () => {
  it('counts a firing before the event as a hit, with its lead in days and months', () => {
    const firing = event('darien', DARIEN, '2022-05-01');
    const [s] = score(backtestOf([firing]), known([{}])).triggers;
    expect(s).toMatchObject({ knownEvents: 1, warnings: 1, misses: [], falseAlarms: [] });
    expect(s.hits).toEqual([
      {
        id: 'event-0',
        title: 'event 0',
        from: '2022-09-01',
        to: '2022-10-31',
        warning: {
          alertEventId: firing.eventId,
          type: 'firing',
          seriesKey: DARIEN,
          periodStart: '2022-05-01',
          level: 'watch',
        },
        leadDays: 123,
        leadMonths: 4,
        resolvedAfterMonths: null,
      },
    ]);
    expect(s).toMatchObject({
      medianLeadDays: 123,
      medianLeadMonths: 4,
      meanLeadDays: 123,
      meanLeadMonths: 4,
    });
  });

  it('gives a late warning inside the event a negative lead', () => {
    const [s] = score(backtestOf([event('darien', DARIEN, '2022-10-01')]), known([{}])).triggers;
    expect(s.hits[0]).toMatchObject({ leadDays: -30, leadMonths: -1 });
  });

  it('takes the first warning of the window, and counts the window edges in', () => {
    const result = backtestOf([
      event('darien', DARIEN, '2022-10-31'),
      event('darien', DARIEN, '2022-03-01'),
      event('darien', DARIEN, '2022-02-28'),
      event('darien', DARIEN, '2022-11-01'),
    ]);
    const [s] = score(result, known([{}])).triggers;
    expect(s.hits.map((h) => h.warning.periodStart)).toEqual(['2022-03-01']);
    expect(s.falseAlarms.map((f) => f.periodStart)).toEqual(['2022-02-28', '2022-11-01']);
  });

  it('counts a known event without a warning in its window as a miss', () => {
    const [s] = score(backtestOf([event('darien', DARIEN, '2021-06-01')]), known([{}])).triggers;
    expect(s).toMatchObject({
      hits: [],
      misses: [{ id: 'event-0' }],
      medianLeadDays: null,
      medianLeadMonths: null,
    });
    expect(s.falseAlarms).toHaveLength(1);
  });

  it('counts the escalation of an alert already in force as a warning: a hit in the window, else a false alarm', () => {
    const escalation = event('darien', DARIEN, '2022-08-01', 'escalated', 'alert-early');
    const result = backtestOf([
      event('darien', DARIEN, '2021-06-01', 'firing', 'alert-early'),
      event('darien', DARIEN, '2021-08-01', 'escalated', 'alert-early'),
      escalation,
      event('darien', DARIEN, '2022-09-01', 'escalated', 'alert-early'),
      event('darien', DARIEN, '2022-11-01', 'de-escalated', 'alert-early'),
    ]);
    const [s] = score(result, known([{}])).triggers;
    expect(s).toMatchObject({ warnings: 4, misses: [] });
    expect(s.hits).toEqual([
      expect.objectContaining({
        id: 'event-0',
        warning: {
          alertEventId: escalation.eventId,
          type: 'escalated',
          seriesKey: DARIEN,
          periodStart: '2022-08-01',
          level: 'watch',
        },
        leadMonths: 1,
      }),
    ]);
    expect(s.falseAlarms.map((f) => [f.type, f.periodStart])).toEqual([
      ['firing', '2021-06-01'],
      ['escalated', '2021-08-01'],
    ]);
  });

  it('counts no other change of an alert as a warning, and names the alert in force that rose no higher', () => {
    const result = backtestOf([
      event('darien', DARIEN, '2021-06-01', 'firing', 'alert-early'),
      event('darien', DARIEN, '2022-08-01', 'updated', 'alert-early'),
      event('darien', DARIEN, '2022-09-01', 'de-escalated', 'alert-early'),
      event('darien', DARIEN, '2022-11-01', 'resolved', 'alert-early'),
    ]);
    expect(score(result, known([{}])).triggers[0]).toMatchObject({
      warnings: 1,
      hits: [],
      misses: [{ id: 'event-0', inForce: { seriesKey: DARIEN, level: 'watch', raised: '2021-06-01' } }],
    });
  });

  it('counts a new-peak re-warning of an alert already in force as a warning, and a revision as none', () => {
    const newPeak = (start: string): AlertEvent => {
      const e = event('darien', DARIEN, start, 'updated', 'alert-early');
      return { ...e, evidence: { ...e.evidence, reason: 'new-peak', previousPeak: 1 } };
    };
    const rewarned = newPeak('2022-08-01');
    const result = backtestOf([
      event('darien', DARIEN, '2021-06-01', 'firing', 'alert-early'),
      newPeak('2021-07-01'),
      event('darien', DARIEN, '2022-07-01', 'updated', 'alert-early'),
      rewarned,
    ]);
    const [s] = score(result, known([{}])).triggers;
    expect(s).toMatchObject({ warnings: 3, misses: [] });
    expect(s.hits.map((h) => [h.warning.alertEventId, h.warning.type])).toEqual([
      [rewarned.eventId, 'updated'],
    ]);
    expect(s.falseAlarms.map((f) => [f.type, f.periodStart])).toEqual([
      ['firing', '2021-06-01'],
      ['updated', '2021-07-01'],
    ]);
  });

  it('names no alert in force when the last one had ended before the event', () => {
    const result = backtestOf([
      event('darien', DARIEN, '2021-06-01', 'firing', 'alert-early'),
      event('darien', DARIEN, '2021-12-01', 'resolved', 'alert-early'),
    ]);
    expect(score(result, known([{}])).triggers[0].misses).toEqual([
      expect.objectContaining({ inForce: null }),
    ]);
  });

  it('ignores the firing and escalations of an alert later cancelled, which was never raised', () => {
    const result = backtestOf([
      event('darien', DARIEN, '2022-03-01', 'firing', 'alert-x'),
      event('darien', DARIEN, '2022-08-01', 'escalated', 'alert-x'),
      event('darien', DARIEN, '2022-10-01', 'cancelled', 'alert-x'),
    ]);
    expect(score(result, known([{}])).triggers[0]).toMatchObject({
      warnings: 0,
      hits: [],
      misses: [{ inForce: null }],
      falseAlarms: [],
    });
  });

  it('follows the maximum lead', () => {
    const result = backtestOf([event('darien', DARIEN, '2022-05-01')]);
    expect(score(result, known([{}]), 3).triggers[0]).toMatchObject({ hits: [], misses: [{}] });
    expect(score(result, known([{}]), 4).triggers[0].hits).toHaveLength(1);
    expect(() => score(result, known([{}]), -1)).toThrow(RangeError);
    expect(() => score(result, known([{}]), 1.5)).toThrow('whole number of months');
  });

  it('lets one warning count for several events close together, with the median and mean of their leads', () => {
    const events = known([
      {},
      { from: '2022-12-01', to: '2022-12-31' },
      { from: '2023-01-01', to: '2023-01-31' },
    ]);
    const [s] = score(backtestOf([event('darien', DARIEN, '2022-08-01')]), events).triggers;
    expect(s.hits.map((h) => [h.id, h.leadDays, h.leadMonths])).toEqual([
      ['event-0', 31, 1],
      ['event-1', 122, 4],
      ['event-2', 153, 5],
    ]);
    expect(s).toMatchObject({ medianLeadDays: 122, meanLeadDays: 102, medianLeadMonths: 4 });
    expect(s.meanLeadMonths).toBeCloseTo(10 / 3);
  });

  it('matches warnings on the event’s series only', () => {
    const watched = { darien: watching(DARIEN, HONDURAS) };
    const result = backtestOf([event('darien', HONDURAS, '2022-09-01')]);
    const [s] = score(result, known([{}]), 6, watched).triggers;
    expect(s).toMatchObject({
      knownEvents: 1,
      hits: [],
      misses: [{}],
      falseAlarms: [{ seriesKey: HONDURAS }],
    });
  });

  it('scores an event naming triggers on those triggers only', () => {
    const result = backtestOf(
      [event('darien', DARIEN, '2022-08-01'), event('other', DARIEN, '2022-08-01')],
      activity('darien'),
      activity('other', true),
    );
    const watched = { darien: watching(DARIEN), other: watching(DARIEN) };
    const scoring = score(result, known([{ triggers: ['other'] }]), 6, watched);
    expect(scoring.triggers.map((t) => [t.triggerId, t.shadow, t.hits.length, t.falseAlarms.length])).toEqual(
      [
        ['darien', false, 0, 1],
        ['other', true, 1, 0],
      ],
    );
    expect(scoring.unscored).toEqual([]);
  });

  it('scores an event after the end of the history on the warnings of the months before it', () => {
    const events = known([
      { id: 'just-after', from: '2023-07-01', to: '2023-12-31' },
      { id: 'long-after', from: '2024-07-01', to: '2024-12-31' },
    ]);
    const watched = { darien: [{ seriesKey: DARIEN, first: '2023-01-01', last: '2023-06-01' }] };
    const scoring = score(backtestOf([event('darien', DARIEN, '2023-01-01')]), events, 6, watched);
    expect(scoring.triggers[0]).toMatchObject({
      hits: [{ id: 'just-after', leadMonths: 6 }],
      falseAlarms: [],
    });
    expect(scoring.unscored.map((u) => u.id)).toEqual(['long-after']);
  });

  it('leaves out, with the reason, events no trigger could have seen', () => {
    const events = known([
      { id: 'usa', series: { reporter: 'USA' } },
      { id: 'gone', series: undefined, triggers: ['retired-trigger'] },
      { id: 'before-history', from: '2010-01-01', to: '2010-12-31' },
    ]);
    const watched = { darien: [{ seriesKey: DARIEN, first: '2020-01-01', last: '2025-04-01' }] };
    const scoring = score(backtestOf([]), events, 6, watched);
    expect(scoring.triggers[0].knownEvents).toBe(0);
    expect(scoring.unscored.map((u) => [u.id, u.reason])).toEqual([
      ['usa', expect.stringContaining('no trigger of the catalogue evaluated a matching series')],
      ['gone', 'the catalogue has no trigger retired-trigger'],
      ['before-history', expect.stringContaining('during the event or the months before it')],
    ]);
  });
});

describe('watchedSeries', () => {
  const trigger = (id: string, condition: unknown, places?: string[]) =>
    triggerSchema.parse({
      id,
      version: 1,
      title: id,
      scope: { indicators: ['irregular_crossings'], ...(places ? { places } : {}) },
      condition,
      levels: [{ name: 'watch', above: 1, severity: 'Moderate' }],
    });
  const darien = trigger('darien', { type: 'threshold' }, ['darien']);
  const corridor = trigger('corridor', {
    type: 'corridor_composite',
    corridor: 'darien_north',
    windowDays: 20,
    members: [
      { place: 'darien', indicator: 'irregular_crossings', above: 10 },
      { place: 'paso_canoas', indicator: 'irregular_crossings', above: 10 },
    ],
  });
  const silent = trigger('silent', { type: 'no_data' });
  const obs = (seriesKey: string, place: string, start: string): EvaluatedObservation => ({
    signalId: `${seriesKey}@${start}`,
    reporter: 'PAN',
    indicator: 'irregular_crossings',
    location: { country: 'PAN', place },
    period: { start, end: start },
    value: 100,
    seriesKey,
  });
  const history = [
    obs(DARIEN, 'darien', '2021-03-01'),
    obs(DARIEN, 'darien', '2020-01-01'),
    obs(DARIEN, 'darien', '2022-06-01'),
    obs('PAN/irregular_crossings/PAN/-/paso_canoas', 'paso_canoas', '2021-01-01'),
  ];
  const steps = (id: string) =>
    id === 'darien_north'
      ? [
          { place: 'darien', lagDays: 0 },
          { place: 'paso_canoas', lagDays: 2 },
        ]
      : undefined;

  it('gives each trigger the series it evaluated, with their first and last period', () => {
    expect(watchedSeries([darien], history, steps)).toEqual({
      darien: [{ seriesKey: DARIEN, first: '2020-01-01', last: '2022-06-01' }],
    });
  });

  it('gives a corridor trigger its derived series, not its members', () => {
    expect(watchedSeries([corridor], history, steps)).toEqual({
      corridor: [{ seriesKey: 'corridor/darien_north', first: '2020-01-01', last: '2022-06-01' }],
    });
  });

  it('gives a no-data trigger nothing: it raises nothing in a backtest, so no event is its to catch', () => {
    expect(watchedSeries([silent], history, steps)).toEqual({ silent: [] });
  });
});

describe('scoreBacktest (properties)', () => {
  const SERIES = [DARIEN, HONDURAS, 'USA/encounters/USA/-/southwest_border'];
  const TRIGGERS = ['a', 'b'];
  const monthStart = (offset: number) => new Date(Date.UTC(2020, offset, 1)).toISOString().slice(0, 10);
  const monthEnd = (offset: number) => new Date(Date.UTC(2020, offset + 1, 0)).toISOString().slice(0, 10);
  const placeOf = (key: string) => key.split('/')[4];

  /** An alert event of any kind but a cancellation, and whether its alert is later cancelled. */
  const changeArb = fc.record({
    trigger: fc.constantFrom(...TRIGGERS),
    series: fc.constantFrom(...SERIES),
    month: fc.integer({ min: 0, max: 59 }),
    type: fc.constantFrom<AlertEventType>('firing', 'escalated', 'de-escalated', 'updated', 'resolved'),
    cancelled: fc.boolean(),
  });
  const eventArb = fc.record({
    series: fc.option(fc.constantFrom(...SERIES), { nil: undefined }),
    triggers: fc.option(fc.subarray(TRIGGERS, { minLength: 1 }), { nil: undefined }),
    from: fc.integer({ min: 0, max: 59 }),
    months: fc.integer({ min: 0, max: 6 }),
  });
  const scenario = fc.record({
    changes: fc.array(changeArb, { maxLength: 25 }),
    events: fc.array(eventArb, { maxLength: 8 }),
    maxLead: fc.integer({ min: 0, max: 12 }),
    watched: fc.record({ a: fc.subarray(SERIES), b: fc.subarray(SERIES) }),
  });

  type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

  const run = ({ changes, events, maxLead, watched }: Scenario) => {
    const alerts = changes.map((c) => event(c.trigger, c.series, monthStart(c.month), c.type));
    const cancellations = changes.flatMap((c, i) =>
      c.cancelled ? [event(c.trigger, c.series, monthStart(c.month), 'cancelled', alerts[i].alertId)] : [],
    );
    const spans = events.map((e) => ({ ...e, to: e.from + e.months }));
    const list: KnownEvents = {
      events: spans.map((e, i) => ({
        id: `k-${i}`,
        title: `k ${i}`,
        from: monthStart(e.from),
        to: monthEnd(e.to),
        source: 'test',
        ...(e.series || !e.triggers ? { series: { place: placeOf(e.series ?? DARIEN) } } : {}),
        ...(e.triggers ? { triggers: e.triggers } : {}),
      })),
    };
    const seen = (keys: string[]) =>
      keys.map((seriesKey) => ({ seriesKey, first: '2020-01-01', last: '2024-12-01' }));
    const result = backtestOf([...alerts, ...cancellations], ...TRIGGERS.map((t) => activity(t)));
    const scoring = scoreBacktest(result, list, {
      maxLeadMonths: maxLead,
      watched: { a: seen(watched.a), b: seen(watched.b) },
    });
    /** Whether a change is a warning of the event: on its series, in its window, and the event scored. */
    const warnsOf = (t: (typeof scoring.triggers)[number], c: Scenario['changes'][number], i: number) =>
      [...t.hits, ...t.misses].some((e) => e.id === list.events[i].id) &&
      matchesSeries(list.events[i].series, c.series) &&
      c.month >= spans[i].from - maxLead &&
      c.month <= spans[i].to;
    const isWarning = (c: Scenario['changes'][number]) =>
      (c.type === 'firing' || c.type === 'escalated') && !c.cancelled;
    return { alerts, spans, list, scoring, changes, maxLead, warnsOf, isWarning };
  };

  it('scores every event a trigger is scored on as exactly one hit or one miss', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const { scoring } = run(s);
        scoring.triggers.forEach((t) => {
          expect(t.hits.length + t.misses.length).toBe(t.knownEvents);
          const ids = [...t.hits, ...t.misses].map((e) => e.id);
          expect(new Set(ids).size).toBe(ids.length);
        });
      }),
    );
  });

  it('counts every firing or escalation of an alert never cancelled as a warning in some window or a false alarm, never both, and nothing else', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const { alerts, list, scoring, changes, warnsOf, isWarning } = run(s);
        scoring.triggers.forEach((t) => {
          const own = changes.flatMap((c, i) => (c.trigger === t.triggerId ? [{ c, alert: alerts[i] }] : []));
          expect(t.warnings).toBe(own.filter(({ c }) => isWarning(c)).length);
          own.forEach(({ c, alert }) => {
            const inWindow = list.events.some((_, i) => warnsOf(t, c, i));
            const falseAlarm = t.falseAlarms.some((fa) => fa.alertEventId === alert.eventId);
            const warned = t.hits.some((h) => h.warning.alertEventId === alert.eventId);
            expect(falseAlarm).toBe(isWarning(c) && !inWindow);
            if (!isWarning(c)) expect(warned).toBe(false);
          });
        });
      }),
    );
  });

  it('takes as each hit the earliest warning of its window, and misses only events without one', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const { alerts, list, scoring, changes, warnsOf, isWarning } = run(s);
        scoring.triggers.forEach((t) => {
          const earliest = (id: string) => {
            const i = list.events.findIndex((e) => e.id === id);
            const months = changes
              .filter((c) => c.trigger === t.triggerId && isWarning(c) && warnsOf(t, c, i))
              .map((c) => c.month);
            return months.length > 0 ? monthStart(Math.min(...months)) : null;
          };
          t.hits.forEach((h) => {
            expect(h.warning.periodStart).toBe(earliest(h.id));
            const alert = alerts.find((a) => a.eventId === h.warning.alertEventId);
            expect(h.warning).toMatchObject({ type: alert?.type, seriesKey: alert?.seriesKey });
          });
          t.misses.forEach((m) => expect(earliest(m.id)).toBeNull());
        });
      }),
    );
  });

  it('never counts a lead beyond the maximum, nor a warning after the event', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const { scoring, spans, list, maxLead } = run(s);
        scoring.triggers
          .flatMap((t) => t.hits)
          .forEach((h) => {
            const span = spans[list.events.findIndex((e) => e.id === h.id)];
            expect(h.leadMonths).toBeLessThanOrEqual(maxLead);
            expect(h.leadMonths).toBeGreaterThanOrEqual(-span.months);
          });
      }),
    );
  });

  it('scores each known event on some trigger or lists it as unscored, never both', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const { scoring, list } = run(s);
        const scored = new Set(scoring.triggers.flatMap((t) => [...t.hits, ...t.misses].map((e) => e.id)));
        const unscored = new Set(scoring.unscored.map((u) => u.id));
        list.events.forEach((e) => expect(scored.has(e.id)).toBe(!unscored.has(e.id)));
      }),
    );
  });
});
