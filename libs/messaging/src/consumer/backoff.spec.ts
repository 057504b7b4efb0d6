import fc from 'fast-check';
import { backoffMs } from './backoff';

describe('backoffMs', () => {
  const policy = { initialMs: 100, maxMs: 5000 };

  it('doubles the step at each retry, up to the cap', () => {
    const top = (attempt: number) => backoffMs(policy, attempt, () => 1);
    expect([1, 2, 3, 4, 5, 6, 7, 10].map(top)).toEqual([100, 200, 400, 800, 1600, 3200, 5000, 5000]);
  });

  it('waits at least half the step and at most the step', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.double({ min: 0, max: 1, noNaN: true }), (n, r) => {
        const step = Math.min(5000, 100 * 2 ** (n - 1));
        const wait = backoffMs(policy, n, () => r);
        return wait >= step / 2 && wait <= step;
      }),
    );
  });
});
