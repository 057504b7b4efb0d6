import { Condition } from '../catalogue/trigger.schema';

/** Always built with `measure` before `baseline`: an event's evidence lists them in that order. */
export interface Measure {
  /** What the levels are compared with. */
  readonly measure: number;
  /** The earlier value the measure is relative to, for conditions that have one. */
  readonly baseline?: number;
}

/** How many earlier values of the series a condition needs to remember. */
export function historyLength(condition: Condition): number {
  switch (condition.type) {
    case 'threshold':
    case 'ratio':
    case 'corridor_composite':
    case 'no_data':
      return 0;
    case 'rate_of_change':
      return condition.window;
    case 'sustained':
      return condition.of - 1;
    case 'seasonal_anomaly':
      return condition.baseline === 'rolling' ? condition.window : condition.season * condition.years;
    case 'rolling_high':
      return condition.window - 1 + condition.lookback;
  }
}

/**
 * Whether a condition measures a figure against earlier ones (a baseline) and so restarts its history at a
 * series break, where the earlier figures counted something else. The others read the figure as it is.
 */
export function restartsAtBreak(condition: Condition): boolean {
  return (
    condition.type === 'rate_of_change' ||
    condition.type === 'seasonal_anomaly' ||
    condition.type === 'rolling_high'
  );
}

/**
 * The measure a condition takes of a series, from its remembered values (oldest first) and the new one.
 * Undefined when it cannot be taken yet (too little history, or a percent change from zero), in which case
 * the trigger holds its level.
 */
export function measureOf(
  condition: Condition,
  history: readonly number[],
  value: number,
): Measure | undefined {
  switch (condition.type) {
    case 'threshold':
      return { measure: value };
    case 'ratio':
    case 'corridor_composite':
    case 'no_data':
      // Measured before the evaluator sees them: the value of a derived series is already the measure.
      return { measure: value };
    case 'rate_of_change': {
      if (history.length < condition.window) return undefined;
      const baseline = history[history.length - condition.window];
      const measure = change(condition.mode, value, baseline);
      return measure === undefined ? undefined : { measure, baseline };
    }
    case 'sustained': {
      // The atLeast-th highest of the last `of` values: at least atLeast of them reach any level at or below it.
      if (history.length < condition.of - 1) return undefined;
      const recent = [...history.slice(history.length - (condition.of - 1)), value].sort((a, b) => b - a);
      return { measure: recent[condition.atLeast - 1] };
    }
    case 'seasonal_anomaly':
      return anomalyZ(condition, history, value);
    case 'rolling_high':
      return rollingHigh(condition.window, condition.lookback, history, value);
  }
}

/** A rate of change against `baseline`; undefined for a percent change from zero. */
export function change(mode: 'percent' | 'absolute', value: number, baseline: number): number | undefined {
  if (mode === 'absolute') return value - baseline;
  return baseline === 0 ? undefined : ((value - baseline) / baseline) * 100;
}

function rollingHigh(
  window: number,
  lookback: number,
  history: readonly number[],
  value: number,
): Measure | undefined {
  if (history.length < window - 1 + lookback) return undefined;
  const values = [...history.slice(history.length - (window - 1 + lookback)), value];
  const sumEndingAt = (end: number) => values.slice(end - window + 1, end + 1).reduce((a, b) => a + b, 0);
  const earlier = Array.from({ length: lookback }, (_, k) => sumEndingAt(window - 1 + k));
  const high = Math.max(...earlier);
  return high > 0 ? { measure: sumEndingAt(values.length - 1) / high, baseline: high } : undefined;
}

function anomalyZ(
  condition: Extract<Condition, { type: 'seasonal_anomaly' }>,
  history: readonly number[],
  value: number,
): Measure | undefined {
  if (history.length < historyLength(condition)) return undefined;
  const reference = Array.from(
    { length: referenceCount(condition) },
    (_, k) => history[history.length - referenceLag(condition, k)],
  );
  const baseline = median(reference);
  const deviation = median(reference.map((v) => Math.abs(v - baseline)));
  return { measure: robustZ(value, baseline, deviation), baseline };
}

/** How many earlier observations an anomaly is measured against: one per earlier cycle, or the window. */
export function referenceCount(condition: Extract<Condition, { type: 'seasonal_anomaly' }>): number {
  return condition.baseline === 'rolling' ? condition.window : condition.years;
}

/** How many observations back the `k`-th of them is (0-based): whole cycles back, or one by one. */
export function referenceLag(condition: Extract<Condition, { type: 'seasonal_anomaly' }>, k: number): number {
  return condition.baseline === 'rolling' ? k + 1 : condition.season * (k + 1);
}

/** MAD scaled to a standard deviation for normal data, so z-scores read as usual. */
const MAD_TO_SD = 1.4826;

/** The z-score of `value` against the median of its reference values and their median absolute deviation. */
export function robustZ(value: number, baseline: number, medianDeviation: number): number {
  const spread = MAD_TO_SD * medianDeviation;
  // Identical earlier seasons leave no spread: fall back to a tenth of the baseline so a jump still counts.
  const scale = spread > 0 ? spread : Math.max(Math.abs(baseline) * 0.1, 1);
  return (value - baseline) / scale;
}

function median(values: readonly number[]): number {
  return middleOf([...values].sort((a, b) => a - b));
}

/** The median of values already sorted in ascending order. */
export function middleOf(sorted: ArrayLike<number>): number {
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** The remembered values after seeing `value`: only as many as the condition needs. */
export function remember(condition: Condition, history: readonly number[], value: number): readonly number[] {
  const keep = historyLength(condition);
  return keep === 0 ? [] : [...history, value].slice(-keep);
}
