import fc from 'fast-check';
import { Trigger, triggerSchema } from '../catalogue/trigger.schema';
import { defaultCalibration as defaults } from '../calibration/calibration.settings';
import { darienObservation } from '../testing/darien.observation';
import { darienSurge, quarterHigh } from '../testing/trigger.fixtures';
import { EvaluatedObservation } from '../evaluation/types';
import { walkForward, walkForwardCatalogues } from './walk-forward';

const surge = darienSurge({ version: 2, scope: { indicators: ['irregular_crossings'], reporters: ['PAN'] } });
const quarterHighTrigger = quarterHigh();

const silent: Trigger = triggerSchema.parse({
  id: 'reporter-silent',
  version: 1,
  title: 'Silent',
  scope: { indicators: ['irregular_crossings'] },
  condition: { type: 'no_data' },
  levels: [{ name: 'watch', above: 2, severity: 'Minor' }],
});

/** Month 0 is January 2022: 2022 to 2027 for 72 values. */
const series = (values: readonly number[]): EvaluatedObservation[] =>
  values.map((v, m) => darienObservation(m, v));
const YEARS = [2023, 2024, 2025, 2026, 2027];
const yearOf = (o: { period: { start: string } } | { evidence: { period: { start: string } } }) =>
  Number(('period' in o ? o.period : o.evidence.period).start.slice(0, 4));

const monthly = fc.array(fc.integer({ min: 0, max: 100_000 }), { minLength: 72, maxLength: 72 });

describe('walkForwardCatalogues', () => {
  it('recalibrates each January on the years before it, numbering the versions on, and leaves out what it cannot calibrate yet', () => {
    const history = series(Array.from({ length: 72 }, (_, m) => 100 + m * 10));
    const years = walkForwardCatalogues([surge, silent], history, YEARS, { ...defaults, years: 2 });
    expect(years.map((y) => [y.year, y.catalogue.map((t) => `${t.id}@${t.version}`)])).toEqual([
      // 2023 has 12 months before it: too few for the 24 the method needs.
      [2023, ['reporter-silent@1']],
      [2024, ['darien-crossings-surge@3', 'reporter-silent@1']],
      [2025, ['darien-crossings-surge@4', 'reporter-silent@1']],
      [2026, ['darien-crossings-surge@5', 'reporter-silent@1']],
      [2027, ['darien-crossings-surge@6', 'reporter-silent@1']],
    ]);
    expect(years[1].catalogue[0]).toMatchObject({ status: 'adopted', effective: undefined });
    expect(years[0].leftOut).toEqual([expect.objectContaining({ triggerId: 'darien-crossings-surge' })]);
  });

  it('never reads a figure of its own year or later (property)', () => {
    fc.assert(
      fc.property(monthly, fc.constantFrom(...YEARS), fc.nat({ max: 1000 }), (values, year, noise) => {
        const history = series(values);
        const altered = history.map((o) => (yearOf(o) >= year ? { ...o, value: o.value * 3 + noise } : o));
        const at = (h: EvaluatedObservation[]) =>
          walkForwardCatalogues([surge, quarterHighTrigger], h, YEARS, { ...defaults, years: 2 }).find(
            (y) => y.year === year,
          );
        expect(at(altered)).toEqual(at(history));
      }),
    );
  });
});

describe('walkForward', () => {
  it('gives a year’s events from nothing of the years after it (property)', () => {
    fc.assert(
      fc.property(monthly, fc.constantFrom(...YEARS.slice(0, -1)), (values, year) => {
        const history = series(values);
        const altered = history.map((o) => (yearOf(o) > year ? { ...o, value: o.value + 7 } : o));
        const eventsOf = (h: EvaluatedObservation[]) =>
          walkForward([surge, quarterHighTrigger], h, YEARS, undefined, { ...defaults, years: 2 }).years.find(
            (y) => y.year === year,
          )?.events;
        expect(eventsOf(altered)).toEqual(eventsOf(history));
      }),
    );
  });

  it('passes an alert open across a January to the new version without a resolve-and-fire', () => {
    // Two calm years, each calmest in December, then a surge from January 2024 that holds to the end.
    const values = [
      ...Array.from({ length: 24 }, (_, m) => 150 - (m % 12) * 5),
      ...Array.from({ length: 48 }, () => 5000),
    ];
    const walk = walkForward([surge], series(values), YEARS, undefined, { ...defaults, years: 2 });
    const events = walk.backtest.events;
    const firings = events.filter((e) => e.type === 'firing' && e.evidence.period.start >= '2024-01-01');
    expect(firings.map((e) => [e.evidence.period.start, e.trigger.version, e.evidence.reason])).toEqual([
      ['2024-01-01', 3, undefined],
    ]);
    const alertIds = new Set(firings.map((e) => e.alertId));
    const passes = events.filter((e) => e.evidence.reason === 'version-change');
    expect(passes.map((e) => [e.type, e.trigger.version])).toEqual([
      ['updated', 4],
      ['updated', 5],
      ['updated', 6],
    ]);
    expect(passes.every((e) => e.alertId === [...alertIds][0])).toBe(true);
    expect(events.some((e) => e.type === 'resolved' && alertIds.has(e.alertId))).toBe(false);
  });

  it('leaves no-data triggers out, having no receipt times', () => {
    const walk = walkForward([surge, silent], series(Array.from({ length: 72 }, () => 50)), YEARS);
    expect(walk.backtest.activity.map((a) => a.triggerId)).toEqual(['darien-crossings-surge']);
  });
});
