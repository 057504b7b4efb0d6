import type { Condition } from './trigger.schema';

export interface Measure {
  /** What the levels are compared with. */
  readonly measure: number;
  /** The earlier value the measure is relative to, for conditions that have one. */
  readonly baseline?: number;
}

/** How many earlier values of the series a condition needs to remember. */
export function historyLength(condition: Condition): number {
  return condition.type === 'rate_of_change' ? condition.window : 0;
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
  }
}

/** The remembered values after seeing `value`: only as many as the condition needs. */
export function remember(condition: Condition, history: readonly number[], value: number): readonly number[] {
  const keep = historyLength(condition);
  return keep === 0 ? [] : [...history, value].slice(-keep);
}
