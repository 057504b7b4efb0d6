import fc from 'fast-check';
import { Trigger, triggerSchema, TriggerInput } from '../catalogue/trigger.schema';
import { darienObservation } from '../testing/darien.observation';
import { darienSurge, quarterHigh } from '../testing/trigger.fixtures';
import { EvaluatedObservation } from '../evaluation/types';
import { calibrationWindow, recalibrate } from './recalibrate';
import { percentile } from './quantile';
import { floorToFigures, floorToStep } from './rounding';

const trigger = (over: Partial<TriggerInput> = {}): Trigger =>
  darienSurge({ version: 2, scope: { indicators: ['irregular_crossings'], reporters: ['PAN'] }, ...over });

/** Month 0 is January 2022. */
const series = (values: readonly number[]): EvaluatedObservation[] =>
  values.map((v, m) => darienObservation(m, v));

const elsewhere = (obs: EvaluatedObservation, country: string): EvaluatedObservation => ({
  ...obs,
  reporter: country,
  location: { country },
  seriesKey: `${country}/irregular_crossings/${country}/-/-`,
});

describe('percentile', () => {
  it('interpolates between order statistics (type 7, as R and NumPy)', () => {
    expect(percentile([1, 2, 3, 4], 50)).toBe(2.5);
    expect(percentile([4, 1, 3, 2], 75)).toBe(3.25);
    expect(percentile([7], 97.5)).toBe(7);
  });
  it('refuses what has no percentile', () => {
    expect(() => percentile([], 50)).toThrow('no values');
    expect(() => percentile([1], 101)).toThrow('between 0 and 100');
  });
});

describe('rounding down', () => {
  it('to significant figures and to steps, never up', () => {
    expect(floorToFigures(18813, 2)).toBe(18000);
    expect(floorToFigures(25000, 2)).toBe(25000);
    expect(floorToFigures(2701.4, 2)).toBe(2700);
    expect(floorToStep(1.298, 0.05)).toBe(1.25);
    expect(floorToStep(1.3, 0.05)).toBe(1.3);
  });
});

describe('calibrationWindow', () => {
  it('is the trailing years before the as-of month', () => {
    expect(calibrationWindow('2024-01', 5)).toEqual({ from: '2019-01-01', until: '2024-01-01' });
    expect(calibrationWindow('2024-07', 2)).toEqual({ from: '2022-07-01', until: '2024-07-01' });
  });
  it('refuses a malformed month or a window of no years', () => {
    expect(() => calibrationWindow('2024-13', 5)).toThrow('YYYY-MM');
    expect(() => calibrationWindow('2024-01', 0)).toThrow('whole years');
  });
});

describe('recalibrate', () => {
  const rising = series(Array.from({ length: 36 }, (_, m) => 1000 + 100 * m));

  it('sets absolute levels at the 75th, 90th and 97.5th percentiles, rounded down, clearing at 80%', () => {
    const run = recalibrate([trigger()], rising, '2025-01', { ...defaults, years: 3 });
    const [proposal] = run.proposals;
    // 1,000 to 4,500: the percentiles are 3,625, 4,150 and 4,412.5.
    expect(proposal.to.levels.map((l) => [l.above, l.clearBelow])).toEqual([
      [3600, 2800],
      [4100, 3200],
      [4400, 3500],
    ]);
    expect(proposal.to).toMatchObject({ version: 3, status: 'proposed', effective: { from: '2025-01-01' } });
    expect(proposal.to.description).toBe(
      'Recalibrated as of 2025-01 on the figures from 2022-01 (docs/catalogue.md, "Calibration").',
    );
    const again = recalibrate([proposal.to], rising, '2026-01', { ...defaults, years: 3 }).proposals[0];
    expect(again.to.description).toBe(
      'Recalibrated as of 2026-01 on the figures from 2023-01 (docs/catalogue.md, "Calibration").',
    );
    expect(proposal.basis[0]).toMatchObject({
      seriesKeys: ['PAN/irregular_crossings/PAN/-/darien'],
      values: 36,
    });
  });

  it('leaves a trigger with too few months in the window, saying how many it had', () => {
    const run = recalibrate([trigger()], rising.slice(0, 10), '2025-01');
    expect(run.proposals).toEqual([]);
    expect(run.skipped).toEqual([
      {
        triggerId: 'darien-crossings-surge',
        reason: '10 months in the window, fewer than the 24 needed',
        calibrates: true,
      },
    ]);
  });

  it('sets relative levels on the pooled measure, with a state’s own levels once it has enough measures', () => {
    const pan = series(Array.from({ length: 60 }, (_, m) => 100 + ((m * 37) % 50)));
    const col = pan.slice(0, 30).map((o) => elsewhere({ ...o, value: o.value * 3 }, 'COL'));
    const run = recalibrate([quarterHigh()], [...pan, ...col], '2027-01');
    const [proposal] = run.proposals;
    expect(proposal.basis.map((b) => [b.state, b.values])).toEqual([
      [undefined, 46 + 16],
      ['PAN', 46],
    ]);
    const [watch, warning] = proposal.to.levels;
    expect(watch.clearBelow).toBe(1);
    expect(warning.clearBelow).toBe(watch.above);
    expect(proposal.to.overrides.map((o) => [o.state, o.note])).toEqual([
      ['PAN', "percentiles 90 and 97.5 of PAN's own measure, 46 months"],
    ]);
  });

  it('keeps a state’s opt-out, and never sets a relative level at or under the series’ own high', () => {
    const flat = series(Array.from({ length: 60 }, () => 100));
    const run = recalibrate([quarterHigh({ overrides: [{ state: 'PAN', optOut: true }] })], flat, '2027-01');
    const [proposal] = run.proposals;
    expect(proposal.to.levels.map((l) => l.above)).toEqual([1.05, 1.1]);
    expect(proposal.to.overrides).toEqual([{ state: 'PAN', optOut: true }]);
  });

  it('restarts the figures at a declared break: the old coverage does not set the levels', () => {
    const before = Array.from({ length: 30 }, (_, m) => darienObservation(m, 10));
    const after = Array.from({ length: 30 }, (_, m) => darienObservation(30 + m, 10000 + m));
    after[0] = { ...after[0], seriesBreak: { kind: 'coverage' } };
    const run = recalibrate([trigger()], [...before, ...after], '2027-01');
    expect(run.proposals[0].basis[0].values).toBe(30);
    expect(run.proposals[0].to.levels[0].above).toBeGreaterThanOrEqual(10000);
  });

  const monthly = fc.array(fc.integer({ min: 0, max: 500_000 }), { minLength: 24, maxLength: 96 });

  it('gives levels that are strictly increasing and clear at or below themselves, for any history', () => {
    fc.assert(
      fc.property(monthly, fc.boolean(), (values, relative) => {
        const t = relative ? quarterHigh() : trigger();
        const run = recalibrate([t], series(values), '2030-01', { ...defaults, years: 8 });
        for (const p of run.proposals) {
          // The catalogue's own schema holds every rule of level order and hysteresis.
          expect(triggerSchema.safeParse(p.to).success).toBe(true);
          p.to.levels.forEach((l, i) => {
            expect(l.clearBelow ?? l.above).toBeLessThanOrEqual(l.above);
            if (i > 0) expect(l.above).toBeGreaterThan(p.to.levels[i - 1].above);
          });
        }
      }),
    );
  });

  it('is reproducible, whatever order the history comes in', () => {
    fc.assert(
      fc.property(monthly, fc.integer(), (values, seed) => {
        const history = series(values);
        const shuffled = [...history].sort((a, b) => (hash(a.signalId, seed) - hash(b.signalId, seed)) | 0);
        expect(
          recalibrate([trigger(), quarterHigh()], shuffled, '2030-01', { ...defaults, years: 8 }),
        ).toEqual(recalibrate([trigger(), quarterHigh()], history, '2030-01', { ...defaults, years: 8 }));
      }),
    );
  });

  it('never reads the as-of month or later: changing them changes nothing', () => {
    fc.assert(
      fc.property(monthly, fc.integer({ min: 0, max: 95 }), fc.nat(), (values, cut, noise) => {
        const asOf = darienObservation(Math.min(cut, values.length - 1), 0).period.start.slice(0, 7);
        const history = series(values);
        const changed = history.map((o) =>
          o.period.start >= `${asOf}-01` ? { ...o, value: o.value + noise + 1 } : o,
        );
        expect(recalibrate([trigger(), quarterHigh()], changed, asOf)).toEqual(
          recalibrate([trigger(), quarterHigh()], history, asOf),
        );
      }),
    );
  });
});

const defaults = recalibrate([], [], '2020-01').settings;

function hash(s: string, seed: number): number {
  let h = seed;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h;
}
