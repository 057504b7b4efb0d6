import { seriesKeyOf, type SignalInput } from '@atalaya/contracts';

/**
 * The shape of a benchmark's feed: which states report where and what, how often, and how much of it is
 * noise (re-sends, hourly revisions, bad input). Everything is drawn from `seed`, so two runs, or Atalaya
 * and a baseline in one run, read the very same messages.
 */
export interface LoadShape {
  readonly seed: number;
  /** The reporting states (ISO 3166-1 alpha-3), each with its own signals topic. */
  readonly reporters: readonly string[];
  /** Places per state, all of them counted by that state. */
  readonly placesPerReporter: number;
  /** Indicators every place reports. */
  readonly indicators: readonly string[];
  /** The first day reported. */
  readonly firstDay: string;
  /** Share of series that send a running total every hour (revisions 1–24 of the day) instead of one figure. */
  readonly hourlyShare: number;
  /** Share of messages followed by an exact re-send of themselves (a duplicate). */
  readonly duplicateShare: number;
  /** Share of messages replaced by a malformed or invalid one, each kind in turn (`BAD_KINDS`). */
  readonly badShare: number;
}

/** The figure every series hovers around, and the surges the bench catalogue's levels are set against. */
export const LOAD_BASELINE = 100;

/** The bad inputs the feed carries, each rejected with its own code. */
export const BAD_KINDS = [
  'malformed_json',
  'unknown_indicator',
  'negative_value',
  'unknown_place',
  'missing_field',
  'period_in_future',
  'wrong_reporter',
] as const;
export type BadKind = (typeof BAD_KINDS)[number];

export interface GoodMessage {
  readonly kind: 'signal' | 'revision' | 'duplicate';
  /** The state whose topic the message goes to. */
  readonly reporter: string;
  readonly key: string;
  readonly value: string;
  readonly seriesKey: string;
  readonly day: string;
  readonly revision: number;
  /** Whether the series sends a running total every hour rather than one figure a day. */
  readonly hourly: boolean;
}

export type LoadMessage =
  | GoodMessage
  | {
      readonly kind: 'bad';
      readonly reporter: string;
      readonly key: string;
      readonly value: string;
      readonly bad: BadKind;
    };

export interface LoadSeries {
  readonly reporter: string;
  readonly place: string;
  readonly indicator: string;
  readonly hourly: boolean;
  /** The hour of the day (0–23) a daily series reports at. */
  readonly hour: number;
}

/** mulberry32: a small, fast, seeded generator of numbers in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The id of a generated place: `bench_<state>_<n>`, in lower case as the place registry wants. */
export function loadPlaceId(reporter: string, n: number): string {
  return `bench_${reporter.toLowerCase()}_${String(n).padStart(3, '0')}`;
}

/** Every series of the shape, in a fixed order, each with its cadence and reporting hour. */
export function loadSeries(shape: LoadShape): LoadSeries[] {
  const random = seededRandom(shape.seed);
  return shape.reporters.flatMap((reporter) =>
    Array.from({ length: shape.placesPerReporter }, (_, n) => loadPlaceId(reporter, n)).flatMap((place) =>
      shape.indicators.map((indicator) => ({
        reporter,
        place,
        indicator,
        hourly: random() < shape.hourlyShare,
        hour: Math.floor(random() * 24),
      })),
    ),
  );
}

const addDays = (day: string, n: number): string =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/**
 * A series' figure on a day: the baseline with ±20% noise, times a surge while one runs. A surge starts on
 * 0.5% of a series' days, lasts 3–10 days and multiplies the figure by 2–4, so the catalogue's levels at 1.5,
 * 2.5 and 3.5 times the baseline fire, escalate and resolve through the run.
 */
class SeriesWalk {
  private surgeLeft = 0;
  private surge = 1;

  constructor(private readonly random: () => number) {}

  next(): number {
    if (this.surgeLeft === 0 && this.random() < 0.005) {
      this.surgeLeft = 3 + Math.floor(this.random() * 8);
      this.surge = 2 + this.random() * 2;
    }
    const factor = this.surgeLeft > 0 ? this.surge : 1;
    if (this.surgeLeft > 0) this.surgeLeft -= 1;
    return Math.round(LOAD_BASELINE * factor * (0.8 + 0.4 * this.random()));
  }
}

/**
 * The feed, message by message, day after day from `firstDay`: each hour of a day, the daily series due at
 * that hour send their figure and the hourly ones their running total so far (revision hour + 1, the last
 * one the day's figure). A share of messages is followed by its exact re-send, and a share is swapped for a
 * bad one. Keys are series keys, as agencies are asked to key their signals.
 */
export function* loadFeed(shape: LoadShape, days: number): Generator<LoadMessage> {
  const series = loadSeries(shape);
  const random = seededRandom(shape.seed ^ 0x5eed);
  const walks = series.map(() => new SeriesWalk(random));
  const byHour = Array.from({ length: 24 }, (_, h) =>
    series.flatMap((s, i) => (s.hourly || s.hour === h ? [i] : [])),
  );
  let bad = 0;
  for (let d = 0; d < days; d += 1) {
    const day = addDays(shape.firstDay, d);
    const figures = walks.map((w) => w.next());
    for (let hour = 0; hour < 24; hour += 1) {
      for (const i of byHour[hour]) {
        const s = series[i];
        if (random() < shape.badShare) {
          yield badMessage(s, day, BAD_KINDS[bad++ % BAD_KINDS.length], shape);
          continue;
        }
        const revision = s.hourly ? hour + 1 : 1;
        const value = s.hourly ? Math.round((figures[i] * (hour + 1)) / 24) : figures[i];
        const message = signalMessage(s, day, value, revision);
        yield message;
        if (random() < shape.duplicateShare) yield { ...message, kind: 'duplicate' };
      }
    }
  }
}

function signalOf(s: LoadSeries, day: string, value: number, revision: number): SignalInput {
  return {
    signalId: `load-${s.place}-${s.indicator}-${day}-r${revision}`,
    reporter: s.reporter,
    indicator: s.indicator,
    location: { country: s.reporter, place: s.place },
    period: { start: day, end: day },
    value,
    revision,
  };
}

function signalMessage(s: LoadSeries, day: string, value: number, revision: number): GoodMessage {
  const signal = signalOf(s, day, value, revision);
  const seriesKey = seriesKeyOf(signal);
  return {
    kind: revision > 1 ? 'revision' : 'signal',
    reporter: s.reporter,
    key: seriesKey,
    value: JSON.stringify(signal),
    seriesKey,
    day,
    revision,
    hourly: s.hourly,
  };
}

function badMessage(s: LoadSeries, day: string, bad: BadKind, shape: LoadShape): LoadMessage {
  const signal = {
    ...signalOf(s, day, LOAD_BASELINE, 1),
    signalId: `load-bad-${s.place}-${s.indicator}-${day}`,
  };
  const other = shape.reporters.find((r) => r !== s.reporter) ?? s.reporter;
  const values: Record<BadKind, () => string> = {
    malformed_json: () => JSON.stringify(signal).slice(0, -7),
    unknown_indicator: () => JSON.stringify({ ...signal, indicator: 'not_an_indicator' }),
    negative_value: () => JSON.stringify({ ...signal, value: -5 }),
    unknown_place: () =>
      JSON.stringify({ ...signal, location: { country: s.reporter, place: 'nowhere_at_all' } }),
    missing_field: () => JSON.stringify({ ...signal, period: undefined }),
    period_in_future: () => JSON.stringify({ ...signal, period: { start: '2999-01-01', end: '2999-01-01' } }),
    wrong_reporter: () => JSON.stringify({ ...signal, reporter: other, location: { country: other } }),
  };
  return { kind: 'bad', reporter: s.reporter, key: `${s.reporter}/bad`, value: values[bad](), bad };
}
