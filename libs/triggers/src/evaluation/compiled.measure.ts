import { Condition } from '../catalogue/trigger.schema';
import { change, historyLength, middleOf, referenceCount, referenceLag, robustZ, Measure } from './measure';

type RateOfChange = Extract<Condition, { type: 'rate_of_change' }>;
type Sustained = Extract<Condition, { type: 'sustained' }>;
type SeasonalAnomaly = Extract<Condition, { type: 'seasonal_anomaly' }>;
type RollingHigh = Extract<Condition, { type: 'rolling_high' }>;

/**
 * A condition's measure of one series through a walk of `evaluateBatch`, taken without allocating.
 * `measureOf` copies, slices and sorts arrays on every observation, which dominated the backtest's profile;
 * here the series' values sit in one buffer sized for the whole walk, sorts are insertion sorts into
 * scratch arrays made once per walk, and every sum and quotient is taken in the order `measureOf` takes
 * it, so the two give the same numbers to the bit.
 */
export abstract class SeriesMeter {
  /** What the levels are compared with, after a `push` that returned true. */
  measure = 0;
  /** Its reference value, for conditions that have one. */
  baseline = 0;
  /** The remembered history, then every value pushed since, oldest first. */
  protected readonly values: Float64Array;
  protected count: number;
  /** How many of the last values the state remembers (`historyLength`). */
  private readonly keep: number;

  constructor(
    condition: Condition,
    private readonly hasBaseline: boolean,
    history: readonly number[],
    steps: number,
  ) {
    this.keep = historyLength(condition);
    const kept = Math.min(history.length, this.keep);
    this.values = new Float64Array(kept + steps);
    for (let i = 0; i < kept; i++) this.values[i] = history[history.length - kept + i];
    this.count = kept;
  }

  /** Takes in the series' next value; true when the condition can measure the series now. */
  push(value: number): boolean {
    const earlier = this.count;
    this.values[earlier] = value;
    this.count = earlier + 1;
    return this.take(earlier, value);
  }

  /** Forgets every value taken so far: the series starts anew at a break. */
  restart(): void {
    this.count = 0;
  }

  /** The last measure as `measureOf` returns it, for the evidence of an event. */
  measured(): Measure {
    return this.hasBaseline ? { measure: this.measure, baseline: this.baseline } : { measure: this.measure };
  }

  /** What `remember` would have kept: the last values the condition needs, oldest first. */
  history(): number[] {
    const kept: number[] = [];
    for (let i = Math.max(0, this.count - this.keep); i < this.count; i++) kept.push(this.values[i]);
    return kept;
  }

  /** Measures `value`, the newest of the buffer, with `earlier` values before it. */
  protected abstract take(earlier: number, value: number): boolean;
}

/** The meter of a condition for a walk of at most `steps` values, from the history the series remembered. */
export function meterFor(condition: Condition, history: readonly number[], steps: number): SeriesMeter {
  switch (condition.type) {
    case 'threshold':
    case 'ratio':
    case 'corridor_composite':
    case 'no_data':
      return new ValueMeter(condition, history, steps);
    case 'rate_of_change':
      return new ChangeMeter(condition, history, steps);
    case 'sustained':
      return new SustainedMeter(condition, history, steps);
    case 'seasonal_anomaly':
      return new SeasonalMeter(condition, history, steps);
    case 'rolling_high':
      return new RollingHighMeter(condition, history, steps);
  }
}

/** The value itself: thresholds, and derived series whose value is already the measure. */
class ValueMeter extends SeriesMeter {
  constructor(condition: Condition, history: readonly number[], steps: number) {
    super(condition, false, history, steps);
  }

  protected take(_earlier: number, value: number): boolean {
    this.measure = value;
    return true;
  }
}

class ChangeMeter extends SeriesMeter {
  private readonly window: number;
  private readonly mode: 'percent' | 'absolute';

  constructor(condition: RateOfChange, history: readonly number[], steps: number) {
    super(condition, true, history, steps);
    this.window = condition.window;
    this.mode = condition.mode;
  }

  protected take(earlier: number, value: number): boolean {
    if (earlier < this.window) return false;
    const baseline = this.values[earlier - this.window];
    const measure = change(this.mode, value, baseline);
    if (measure === undefined) return false;
    this.measure = measure;
    this.baseline = baseline;
    return true;
  }
}

class SustainedMeter extends SeriesMeter {
  private readonly of: number;
  private readonly highest: Float64Array;

  constructor(condition: Sustained, history: readonly number[], steps: number) {
    super(condition, false, history, steps);
    this.of = condition.of;
    this.highest = new Float64Array(condition.atLeast);
  }

  protected take(earlier: number): boolean {
    if (earlier < this.of - 1) return false;
    this.measure = kthHighest(this.values, earlier - (this.of - 1), earlier + 1, this.highest);
    return true;
  }
}

class SeasonalMeter extends SeriesMeter {
  /** How far back each reference value is: whole cycles, or one by one for a rolling baseline. */
  private readonly lags: Int32Array;
  private readonly needed: number;
  private readonly reference: Float64Array;
  private readonly deviations: Float64Array;
  private readonly sorted: Float64Array;

  constructor(condition: SeasonalAnomaly, history: readonly number[], steps: number) {
    super(condition, true, history, steps);
    const count = referenceCount(condition);
    this.lags = Int32Array.from({ length: count }, (_, k) => referenceLag(condition, k));
    this.needed = historyLength(condition);
    this.reference = new Float64Array(count);
    this.deviations = new Float64Array(count);
    this.sorted = new Float64Array(count);
  }

  protected take(earlier: number, value: number): boolean {
    const { lags, reference, deviations } = this;
    if (earlier < this.needed) return false;
    for (let k = 0; k < lags.length; k++) reference[k] = this.values[earlier - lags[k]];
    const baseline = sortedMiddle(reference, this.sorted);
    for (let k = 0; k < lags.length; k++) deviations[k] = Math.abs(reference[k] - baseline);
    this.measure = robustZ(value, baseline, sortedMiddle(deviations, this.sorted));
    this.baseline = baseline;
    return true;
  }
}

/**
 * The sum of each `window` values is taken once, when its last value arrives, and kept beside it: the high
 * over the lookback then reads sums instead of re-adding every window. Each sum still adds its values from
 * zero, oldest first, as `measureOf` does (a running sum would round differently).
 */
class RollingHighMeter extends SeriesMeter {
  private readonly window: number;
  private readonly lookback: number;
  private readonly sums: Float64Array;

  constructor(condition: RollingHigh, history: readonly number[], steps: number) {
    super(condition, true, history, steps);
    this.window = condition.window;
    this.lookback = condition.lookback;
    this.sums = new Float64Array(this.values.length);
    for (let end = this.window - 1; end < this.count; end++) this.sums[end] = this.sumEndingAt(end);
  }

  protected take(earlier: number): boolean {
    const { window, lookback, sums } = this;
    if (earlier >= window - 1) sums[earlier] = this.sumEndingAt(earlier);
    if (earlier < window - 1 + lookback) return false;
    let high = -Infinity;
    for (let end = earlier - lookback; end < earlier; end++) high = Math.max(high, sums[end]);
    if (!(high > 0)) return false;
    this.measure = sums[earlier] / high;
    this.baseline = high;
    return true;
  }

  private sumEndingAt(end: number): number {
    let sum = 0;
    for (let i = end - this.window + 1; i <= end; i++) sum += this.values[i];
    return sum;
  }
}

/**
 * The `highest.length`-th highest of `values[from, to)`, as a stable descending sort would place it: a value
 * moves ahead of an earlier one only when strictly higher. Only the top ranks are kept, in `highest`.
 */
function kthHighest(values: Float64Array, from: number, to: number, highest: Float64Array): number {
  const k = highest.length;
  let size = 0;
  for (let i = from; i < to; i++) {
    const value = values[i];
    let at = size;
    while (at > 0 && highest[at - 1] < value) at--;
    if (at >= k) continue;
    for (let j = Math.min(size, k - 1); j > at; j--) highest[j] = highest[j - 1];
    highest[at] = value;
    if (size < k) size++;
  }
  return highest[k - 1];
}

/** The median of `values`, sorted stably into `scratch` (of the same length) by insertion. */
function sortedMiddle(values: Float64Array, scratch: Float64Array): number {
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    let at = i;
    for (; at > 0 && scratch[at - 1] > value; at--) scratch[at] = scratch[at - 1];
    scratch[at] = value;
  }
  return middleOf(scratch);
}
