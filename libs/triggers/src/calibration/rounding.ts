/**
 * How calibrated levels are rounded: always down, so that rounding never delays an alert. A tolerance of a
 * millionth of a step keeps a value that is a whole number of steps (1.3, 25,000) from falling to the step
 * below through binary floating point.
 */
const TOLERANCE = 1e-6;

/** Rounded down to `figures` significant figures: 18,813 → 18,000 with two. */
export function floorToFigures(value: number, figures: number): number {
  if (value <= 0) return 0;
  const step = 10 ** (Math.floor(Math.log10(value)) - (figures - 1));
  return tidy(Math.floor(value / step + TOLERANCE) * step);
}

/** Rounded down to a multiple of `step`: 1.298 → 1.25 with 0.05. */
export function floorToStep(value: number, step: number): number {
  return tidy(Math.floor(value / step + TOLERANCE) * step);
}

/** The next value above `value` on the same grid: the smallest step up at its precision. */
export function stepAboveFigures(value: number, figures: number): number {
  if (value <= 0) return 1;
  const step = 10 ** (Math.floor(Math.log10(value)) - (figures - 1));
  return tidy(value + step);
}

/** Drops the binary noise of a product of decimals (0.1 × 3 = 0.30000000000000004). */
function tidy(value: number): number {
  return Number(value.toPrecision(12));
}
