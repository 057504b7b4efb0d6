import type { EvaluatedObservation } from '../evaluation/types';
import {
  corridorSeries,
  lagsToEnd,
  deriveSeries,
  derivedKeyOf,
  feeds,
  isDerived,
  ratioSeries,
  type DerivedTrigger,
} from './derived.series';
import { fold } from '../evaluation/series.memory';
import { triggerSchema, type Condition, type TriggerInput } from '../catalogue/trigger.schema';

function derived(input: TriggerInput): DerivedTrigger {
  const trigger = triggerSchema.parse(input);
  if (!isDerived(trigger)) throw new Error(`${trigger.id} is not a derived trigger`);
  return trigger;
}

function conditionOf<K extends Condition['type']>(
  trigger: DerivedTrigger,
  type: K,
): Extract<Condition, { type: K }> {
  const c = trigger.condition;
  if (c.type !== type) throw new Error(`expected a ${type} condition, not ${c.type}`);
  return c as Extract<Condition, { type: K }>;
}

const o = (
  indicator: string,
  place: string,
  start: string,
  value: number,
  reporter = 'MEX',
): EvaluatedObservation => ({
  signalId: `${indicator}-${place}-${start}`,
  reporter,
  indicator,
  location: { country: reporter, place },
  period: { start, end: start },
  value,
  seriesKey: `${reporter}/${indicator}/${reporter}/-/${place}`,
});

const shelter = derived({
  id: 'shelter-saturation',
  version: 1,
  title: 'Shelter saturation',
  scope: { indicators: ['shelter_occupancy', 'shelter_capacity'] },
  condition: {
    type: 'ratio',
    numerator: 'shelter_occupancy',
    denominator: 'shelter_capacity',
    inflowWindow: 2,
  },
  levels: [
    { name: 'watch', above: 0.85, clearBelow: 0.75, severity: 'Moderate' },
    { name: 'warning', above: 1, clearBelow: 0.9, severity: 'Severe' },
  ],
});
const ratio = conditionOf(shelter, 'ratio');

describe('ratioSeries', () => {
  it('divides each figure by the latest capacity at or before it, and projects the days to full', () => {
    const series = ratioSeries(ratio, [
      o('shelter_capacity', 'tapachula', '2024-03-01', 1000),
      o('shelter_occupancy', 'tapachula', '2024-03-01', 600),
      o('shelter_occupancy', 'tapachula', '2024-03-02', 700),
      o('shelter_occupancy', 'tapachula', '2024-03-03', 800),
      o('shelter_capacity', 'tapachula', '2024-03-04', 2000),
      o('shelter_occupancy', 'tapachula', '2024-03-04', 900),
    ]);
    expect(series.map((s) => s.value)).toEqual([0.6, 0.7, 0.8, 0.45]);
    expect(series[2].evidence).toEqual({ value: 800, baseline: 1000, daysToFull: 2 });
    expect(series[3].evidence).toEqual({ value: 900, baseline: 2000, daysToFull: 11 });
    expect(series[0].evidence).toEqual({ value: 600, baseline: 1000 });
    expect(series.every((s) => s.seriesKey === 'MEX/shelter_occupancy/MEX/-/tapachula')).toBe(true);
  });

  it('skips figures with no capacity yet, and gives no projection without an earlier figure or a rise', () => {
    const series = ratioSeries(ratio, [
      o('shelter_occupancy', 'tapachula', '2024-03-01', 600),
      o('shelter_capacity', 'tapachula', '2024-03-02', 1000),
      o('shelter_occupancy', 'tapachula', '2024-03-02', 900),
      o('shelter_occupancy', 'tapachula', '2024-03-03', 900),
      o('shelter_occupancy', 'tapachula', '2024-03-04', 850),
    ]);
    expect(series.map((s) => s.period.start)).toEqual(['2024-03-02', '2024-03-03', '2024-03-04']);
    expect(series.map((s) => s.evidence?.daysToFull)).toEqual([undefined, 0.7, undefined]);
  });

  it('keeps places apart', () => {
    const series = ratioSeries(ratio, [
      o('shelter_capacity', 'a', '2024-03-01', 100),
      o('shelter_capacity', 'b', '2024-03-01', 10),
      o('shelter_occupancy', 'a', '2024-03-01', 50),
      o('shelter_occupancy', 'b', '2024-03-01', 5),
      o('shelter_occupancy', 'b', '2024-03-02', 9),
    ]);
    expect(series.map((s) => [s.location.place, s.value])).toEqual([
      ['a', 0.5],
      ['b', 0.5],
      ['b', 0.9],
    ]);
  });

  it('raises and resolves a saturation alert whose evidence carries occupancy, capacity and days to full', () => {
    const members = [o('shelter_capacity', 't', '2024-03-01', 1000)].concat(
      [600, 700, 880, 950, 1020, 800, 500].map((v, d) => o('shelter_occupancy', 't', `2024-03-0${d + 1}`, v)),
    );
    const { events } = fold(
      shelter,
      deriveSeries(shelter, members, () => undefined),
    );
    expect(events.map((e) => [e.type, e.level, e.evidence.period.start])).toEqual([
      ['firing', 'watch', '2024-03-03'],
      ['escalated', 'warning', '2024-03-05'],
      ['de-escalated', 'watch', '2024-03-06'],
      ['resolved', null, '2024-03-07'],
    ]);
    expect(events[0].evidence).toMatchObject({ value: 880, baseline: 1000, measure: 0.88, daysToFull: 0.9 });
  });
});

const steps = [
  { place: 'darien', lagDays: 0 },
  { place: 'agua_caliente', lagDays: 20 },
  { place: 'tapachula', lagDays: 10 },
];
const corridor = derived({
  id: 'corridor-surge',
  version: 1,
  title: 'Corridor surge',
  scope: { indicators: ['irregular_crossings', 'irregular_entries'] },
  condition: {
    type: 'corridor_composite',
    corridor: 'darien_north',
    windowDays: 20,
    members: [
      { place: 'darien', indicator: 'irregular_crossings', above: 100 },
      { place: 'agua_caliente', indicator: 'irregular_entries', above: 50 },
      { place: 'tapachula', indicator: 'irregular_entries', above: 50 },
    ],
  },
  levels: [
    { name: 'watch', above: 2, severity: 'Moderate' },
    { name: 'warning', above: 3, severity: 'Severe' },
  ],
});
const composite = conditionOf(corridor, 'corridor_composite');

describe('corridorSeries', () => {
  it('adds up each step’s travel time to the corridor’s end', () => {
    expect([...lagsToEnd(steps)]).toEqual([
      ['darien', 30],
      ['agua_caliente', 10],
      ['tapachula', 0],
    ]);
  });

  it('counts members with a surge in play: within the window, or still travelling to the corridor’s end', () => {
    const series = corridorSeries(composite, steps, [
      o('irregular_crossings', 'darien', '2024-01-01', 150, 'PAN'),
      o('irregular_entries', 'agua_caliente', '2024-01-25', 60, 'HND'),
      o('irregular_entries', 'tapachula', '2024-02-05', 70, 'MEX'),
      o('irregular_crossings', 'darien', '2024-03-01', 10, 'PAN'),
    ]);
    expect(series.map((s) => [s.period.start, s.value])).toEqual([
      ['2024-01-01', 1],
      ['2024-01-25', 2],
      ['2024-02-05', 3],
      ['2024-03-01', 0],
    ]);
    expect(series[2].evidence?.members).toEqual([
      {
        place: 'agua_caliente',
        indicator: 'irregular_entries',
        value: 60,
        period: { start: '2024-01-25', end: '2024-01-25' },
        lagDays: 10,
      },
      {
        place: 'darien',
        indicator: 'irregular_crossings',
        value: 150,
        period: { start: '2024-01-01', end: '2024-01-01' },
        lagDays: 30,
      },
      {
        place: 'tapachula',
        indicator: 'irregular_entries',
        value: 70,
        period: { start: '2024-02-05', end: '2024-02-05' },
        lagDays: 0,
      },
    ]);
    expect(new Set(series.map((s) => s.seriesKey))).toEqual(new Set(['corridor/darien_north']));
  });

  it('does not count a surge that fell out of the window, nor members below their level', () => {
    const series = corridorSeries(composite, steps, [
      o('irregular_crossings', 'darien', '2024-01-01', 150, 'PAN'),
      o('irregular_entries', 'agua_caliente', '2024-03-01', 60, 'HND'),
      o('irregular_entries', 'tapachula', '2024-03-01', 10, 'MEX'),
    ]);
    expect(series.map((s) => [s.period.start, s.value])).toEqual([
      ['2024-01-01', 1],
      ['2024-03-01', 1],
    ]);
  });

  it('raises the corridor alert when k of n members surge together, and names the corridor series', () => {
    const members = [
      o('irregular_crossings', 'darien', '2024-01-01', 150, 'PAN'),
      o('irregular_entries', 'agua_caliente', '2024-01-25', 60, 'HND'),
      o('irregular_entries', 'tapachula', '2024-02-05', 70, 'MEX'),
      o('irregular_crossings', 'darien', '2024-03-01', 10, 'PAN'),
    ];
    const { events } = fold(
      corridor,
      deriveSeries(corridor, members, () => steps),
    );
    expect(events.map((e) => [e.type, e.level, e.seriesKey])).toEqual([
      ['firing', 'watch', 'corridor/darien_north'],
      ['escalated', 'warning', 'corridor/darien_north'],
      ['resolved', null, 'corridor/darien_north'],
    ]);
  });

  it('says which corridor is missing from the reference data', () => {
    expect(() => deriveSeries(corridor, [], () => undefined)).toThrow(
      /corridor darien_north is not in corridors.yaml/,
    );
  });
});

describe('derived triggers', () => {
  it('are the ratio and corridor conditions, fed by their member series', () => {
    const plain = triggerSchema.parse({
      ...corridor,
      condition: { type: 'threshold' },
      levels: [{ name: 'watch', above: 1, severity: 'Minor' }],
    });
    expect(isDerived(plain)).toBe(false);
    expect(feeds(shelter, o('shelter_capacity', 't', '2024-01-01', 1))).toBe(true);
    expect(feeds(shelter, o('irregular_entries', 't', '2024-01-01', 1))).toBe(false);
    expect(feeds(corridor, o('irregular_entries', 'tapachula', '2024-01-01', 1))).toBe(true);
    expect(feeds(corridor, o('irregular_crossings', 'tapachula', '2024-01-01', 1))).toBe(false);
    expect(derivedKeyOf(shelter, o('shelter_capacity', 't', '2024-01-01', 1))).toBe(
      'MEX/shelter_occupancy/MEX/-/t',
    );
    expect(derivedKeyOf(corridor, o('irregular_entries', 'tapachula', '2024-01-01', 1))).toBe(
      'corridor/darien_north',
    );
  });

  it('must list the indicators and places they read in their scope, and levels no higher than the members', () => {
    const bad = triggerSchema.safeParse({
      ...corridor,
      scope: { indicators: ['irregular_crossings'], places: ['darien'] },
      levels: [{ name: 'watch', above: 4, severity: 'Severe' }],
    });
    expect(bad.success).toBe(false);
    const messages = bad.error?.issues.map((i) => i.message) ?? [];
    expect(messages).toEqual(
      expect.arrayContaining([
        'the condition reads irregular_entries: list it in scope.indicators',
        'member place agua_caliente is outside scope.places: add it or leave scope.places out',
        'level watch needs 4 members but the corridor condition has 3',
      ]),
    );
  });
});
