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

describe('remember', () => {
  it('keeps only what the condition needs', () => {
    expect(remember(rate(2, 'percent'), [1, 2], 3)).toEqual([2, 3]);
    expect(remember({ type: 'threshold' }, [], 3)).toEqual([]);
  });
});
