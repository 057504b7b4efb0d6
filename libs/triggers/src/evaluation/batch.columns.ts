import { byCodeUnits } from './order';
import { EvaluatedObservation } from './types';

/** One series of a batch: its observations are `from` to `to` (exclusive) of the batch's columns. */
export interface SeriesRange {
  readonly key: string;
  readonly from: number;
  readonly to: number;
  /** Every observation has the first one's indicator, reporter and place: one scope check does for all. */
  readonly alike: boolean;
}

interface ArrivedSeries extends SeriesRange {
  /** Whether the series arrived in event-time order. */
  readonly ordered: boolean;
}

/**
 * A batch's observations series by series, the series in key order and each in event-time order, with what
 * a walk reads of every observation laid out side by side: each trigger walking a series then reads three
 * arrays instead of three objects per observation. Observations arrive period by period, so those of one
 * series lie far apart in memory; each is read once, in the order it arrived (the order they lie in), and
 * the columns are then put in series order. They are a few arrays the size of the batch rather than a few
 * small arrays per series, so the collector sets them aside instead of copying them while the walks run.
 */
export class BatchColumns {
  readonly observations: EvaluatedObservation[];
  readonly starts: string[];
  readonly values: Float64Array;
  readonly countries: string[];
  readonly series: readonly SeriesRange[];

  constructor(batch: readonly EvaluatedObservation[]) {
    const arrived = new Arrivals(batch);
    const { order, series } = arrived.inSeriesOrder();
    this.observations = new Array<EvaluatedObservation>(batch.length);
    this.starts = new Array<string>(batch.length);
    this.values = new Float64Array(batch.length);
    this.countries = new Array<string>(batch.length);
    for (let k = 0; k < order.length; k++) {
      const i = order[k];
      this.observations[k] = batch[i];
      this.starts[k] = arrived.starts[i];
      this.values[k] = arrived.values[i];
      this.countries[k] = arrived.countries[i];
    }
    for (const s of series) if (!s.ordered) this.sortByStart(s);
    this.series = series;
  }

  /** Sorts a series that arrived out of event-time order by period start, stably. */
  private sortByStart({ from, to }: SeriesRange): void {
    const sorted = this.observations
      .slice(from, to)
      .sort((a, b) => byCodeUnits(a.period.start, b.period.start));
    sorted.forEach((o, j) => {
      this.observations[from + j] = o;
      this.starts[from + j] = o.period.start;
      this.values[from + j] = o.value;
      this.countries[from + j] = o.location.country;
    });
  }
}

/** What a walk reads of each observation, in the order they arrived, and the series each belongs to. */
class Arrivals {
  readonly starts: string[];
  readonly values: Float64Array;
  readonly countries: string[];
  private readonly seriesOf: Int32Array;
  private readonly indexes = new Map<string, number>();
  /** By series, in the order series first appear. */
  private readonly keys: string[] = [];
  private readonly sizes: number[] = [];
  private readonly firsts: EvaluatedObservation[] = [];
  private readonly latest: string[] = [];
  private readonly ordered: boolean[] = [];
  private readonly alike: boolean[] = [];

  constructor(batch: readonly EvaluatedObservation[]) {
    this.starts = new Array<string>(batch.length);
    this.values = new Float64Array(batch.length);
    this.countries = new Array<string>(batch.length);
    this.seriesOf = new Int32Array(batch.length);
    // A history read series by series repeats a key row after row: the lookup is skipped while it does.
    let key: string | undefined;
    let s = -1;
    for (let i = 0; i < batch.length; i++) {
      const obs = batch[i];
      if (obs.seriesKey !== key) {
        key = obs.seriesKey;
        s = this.indexes.get(key) ?? this.newSeries(key, obs);
      }
      const start = obs.period.start;
      if (this.sizes[s]++ > 0) {
        const first = this.firsts[s];
        this.ordered[s] &&= start >= this.latest[s];
        this.alike[s] &&=
          obs.indicator === first.indicator &&
          obs.reporter === first.reporter &&
          obs.location.place === first.location.place;
      }
      this.latest[s] = start;
      this.seriesOf[i] = s;
      this.starts[i] = start;
      this.values[i] = obs.value;
      this.countries[i] = obs.location.country;
    }
  }

  /**
   * Where each observation goes: `order[k]` is the arrival index of the `k`th observation series by series,
   * the series in key order, each series' observations in the order they arrived; and the series' ranges.
   */
  inSeriesOrder(): { order: Int32Array; series: ArrivedSeries[] } {
    const byKey = this.keys.map((_, s) => s).sort((a, b) => byCodeUnits(this.keys[a], this.keys[b]));
    const next = new Int32Array(this.keys.length);
    let offset = 0;
    const series = byKey.map((s): ArrivedSeries => {
      next[s] = offset;
      offset += this.sizes[s];
      return { key: this.keys[s], from: next[s], to: offset, alike: this.alike[s], ordered: this.ordered[s] };
    });
    const order = new Int32Array(this.seriesOf.length);
    for (let i = 0; i < this.seriesOf.length; i++) order[next[this.seriesOf[i]]++] = i;
    return { order, series };
  }

  private newSeries(key: string, first: EvaluatedObservation): number {
    const s = this.keys.length;
    this.indexes.set(key, s);
    this.keys.push(key);
    this.sizes.push(0);
    this.firsts.push(first);
    this.latest.push(first.period.start);
    this.ordered.push(true);
    this.alike.push(true);
    return s;
  }
}
