import type { Condition } from './trigger.schema';

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
      return 0;
    case 'rate_of_change':
      return condition.window;
    case 'sustained':
      return condition.of - 1;
    case 'seasonal_anomaly':
      return condition.season * condition.years;
    case 'rolling_high':
      return condition.window - 1 + condition.lookback;
  }
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
    case 'rate_of_change': {
      if (history.length < condition.window) return undefined;
      const baseline = history[history.length - condition.window];
      if (condition.mode === 'absolute') return { measure: value - baseline, baseline };
      return baseline === 0 ? undefined : { measure: ((value - baseline) / baseline) * 100, baseline };
    }
    case 'sustained': {
      // The atLeast-th highest of the last `of` values: at least atLeast of them reach any level at or below it.
      if (history.length < condition.of - 1) return undefined;
      const recent = [...history.slice(history.length - (condition.of - 1)), value].sort((a, b) => b - a);
      return { measure: recent[condition.atLeast - 1] };
    }
    case 'seasonal_anomaly':
      return seasonalZ(condition.season, condition.years, history, value);
    case 'rolling_high':
      return rollingHigh(condition.window, condition.lookback, history, value);
  }
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

/** MAD scaled to a standard deviation for normal data, so z-scores read as usual. */
const MAD_TO_SD = 1.4826;

function seasonalZ(
  season: number,
  years: number,
  history: readonly number[],
  value: number,
): Measure | undefined {
  if (history.length < season * years) return undefined;
  const same = Array.from({ length: years }, (_, k) => history[history.length - season * (k + 1)]);
  const baseline = median(same);
  const spread = MAD_TO_SD * median(same.map((v) => Math.abs(v - baseline)));
  // Identical earlier seasons leave no spread: fall back to a tenth of the baseline so a jump still counts.
  const scale = spread > 0 ? spread : Math.max(Math.abs(baseline) * 0.1, 1);
  return { measure: (value - baseline) / scale, baseline };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** The remembered values after seeing `value`: only as many as the condition needs. */
export function remember(condition: Condition, history: readonly number[], value: number): readonly number[] {
  const keep = historyLength(condition);
  return keep === 0 ? [] : [...history, value].slice(-keep);
}
