import { measureOf, remember } from './measure';

const rate = (window: number, mode: 'percent' | 'absolute') => ({
  type: 'rate_of_change' as const,
  window,
  mode,
});

describe('measureOf', () => {
  it('measures a threshold by the value itself', () => {
    expect(measureOf({ type: 'threshold' }, [], 42)).toEqual({ measure: 42 });
  });

  it('measures a percent change against the value `window` observations back', () => {
    expect(measureOf(rate(3, 'percent'), [100, 200, 300], 150)).toEqual({ measure: 50, baseline: 100 });
    expect(measureOf(rate(1, 'percent'), [100, 200, 300], 150)).toEqual({ measure: -50, baseline: 300 });
  });

  it('measures an absolute change', () => {
    expect(measureOf(rate(2, 'absolute'), [10, 40], 100)).toEqual({ measure: 90, baseline: 10 });
  });

  it('cannot measure without enough history, or a percent change from zero', () => {
    expect(measureOf(rate(3, 'percent'), [100, 200], 150)).toBeUndefined();
    expect(measureOf(rate(1, 'percent'), [0], 150)).toBeUndefined();
  });
});

describe('measureOf (sustained and seasonal)', () => {
  const anomaly = {
    type: 'seasonal_anomaly' as const,
    baseline: 'season' as const,
    season: 12,
    years: 3,
    window: 12,
  };
  const sustained = { type: 'sustained' as const, atLeast: 2, of: 3 };

  it('takes the atLeast-th highest of the last `of` values', () => {
    expect(measureOf(sustained, [10, 500, 20], 300)).toEqual({ measure: 300 });
    expect(measureOf(sustained, [500, 5], 20)).toEqual({ measure: 20 });
    expect(measureOf(sustained, [500], 20)).toBeUndefined();
  });

  it('scores a value against the same season of earlier years, robustly', () => {
    const seasonal = { ...anomaly, season: 4, years: 3 };
    // Three cycles of four; the same point of each cycle was 100, 110 and 90.
    const history = [100, 1, 1, 1, 110, 1, 1, 1, 90, 1, 1, 1];
    const z = measureOf(seasonal, history, 130);
    expect(z?.baseline).toBe(100);
    expect(z?.measure).toBeCloseTo(30 / (1.4826 * 10));
    expect(measureOf(seasonal, history.slice(1), 130)).toBeUndefined();
  });

  it('scores a value against a rolling baseline of the observations just before it', () => {
    const rolling = { ...anomaly, baseline: 'rolling' as const, window: 3 };
    // The three before it are 90, 100 and 120: median 100, deviations 10, 0, 20, their median 10.
    const z = measureOf(rolling, [5000, 90, 100, 120], 130);
    expect(z?.baseline).toBe(100);
    expect(z?.measure).toBeCloseTo(30 / (1.4826 * 10));
    expect(measureOf(rolling, [100, 120], 130)).toBeUndefined();
  });

  it('still scores a jump when the earlier seasons were identical', () => {
    const seasonal = { ...anomaly, season: 2, years: 2 };
    expect(measureOf(seasonal, [100, 7, 100, 7], 150)).toEqual({ measure: 5, baseline: 100 });
  });
});

describe('measureOf (rolling high)', () => {
  const quarterOverYear = { type: 'rolling_high' as const, window: 3, lookback: 4 };

  it('compares the rolling sum with its highest earlier rolling sum', () => {
    // Earlier 3-value sums: 1+2+3=6, 2+3+4=9, 3+4+1=8, 4+1+1=6; now 1+1+12=14 against the high of 9.
    expect(measureOf(quarterOverYear, [1, 2, 3, 4, 1, 1], 12)).toEqual({ measure: 14 / 9, baseline: 9 });
  });

  it('waits for a full lookback, and for a high above zero', () => {
    expect(measureOf(quarterOverYear, [1, 2, 3, 4, 1], 12)).toBeUndefined();
    expect(measureOf(quarterOverYear, [0, 0, 0, 0, 0, 0], 12)).toBeUndefined();
  });
});

describe('remember', () => {
  it('keeps only what the condition needs', () => {
    expect(remember(rate(2, 'percent'), [1, 2], 3)).toEqual([2, 3]);
    expect(remember({ type: 'threshold' }, [], 3)).toEqual([]);
  });
});
