import { seriesKeyOf, type SignalInput } from '@atalaya/contracts';

/** What a message of the bench is to a pipeline: a new signal, one sent again, or one to reject. */
export type BenchMessageKind = 'valid' | 'duplicate' | 'invalid';

export interface BenchMessage {
  readonly reporter: string;
  readonly key: string;
  readonly value: string;
  readonly kind: BenchMessageKind;
}

/** Series that the default catalogue's per-series triggers watch, over six reporters. */
const SERIES: readonly Pick<SignalInput, 'reporter' | 'indicator' | 'location'>[] = [
  { reporter: 'PAN', indicator: 'irregular_crossings', location: { country: 'PAN', place: 'darien' } },
  { reporter: 'HND', indicator: 'irregular_entries', location: { country: 'HND' } },
  { reporter: 'HND', indicator: 'irregular_entries', location: { country: 'HND', place: 'trojes' } },
  { reporter: 'MEX', indicator: 'irregular_migrants_presented', location: { country: 'MEX' } },
  {
    reporter: 'MEX',
    indicator: 'irregular_migrants_presented',
    location: { country: 'MEX', place: 'tapachula' },
  },
  { reporter: 'USA', indicator: 'encounters', location: { country: 'USA', place: 'southwest_border' } },
  { reporter: 'CRI', indicator: 'arrivals_transit', location: { country: 'CRI' } },
  { reporter: 'COL', indicator: 'asylum_applications', location: { country: 'COL' } },
];

export const BENCH_REPORTERS = [...new Set(SERIES.map((s) => s.reporter))];

const FIRST_DAY = Date.UTC(1950, 0, 1);
const DAY_MS = 24 * 60 * 60 * 1000;
/** Every 20th message sends the previous signal again, every 25th is one to reject (half of them not JSON). */
const DUPLICATE_EVERY = 20;
const INVALID_EVERY = 25;
/** Where in its 25 the invalid one sits: never on a duplicate's place. */
const INVALID_AT = 12;

/** The k-th new signal: series after series, a day each, values swinging through every level of the triggers. */
function signalOf(k: number): SignalInput {
  const s = k % SERIES.length;
  const day = Math.floor(k / SERIES.length);
  const date = new Date(FIRST_DAY + day * DAY_MS).toISOString().slice(0, 10);
  return {
    ...SERIES[s],
    signalId: `bench-${SERIES[s].reporter}-${k}`,
    period: { start: date, end: date },
    value: Math.round(30000 * (1 + Math.sin((2 * Math.PI * day) / 90 + s))),
  };
}

function message(signal: SignalInput, kind: BenchMessageKind, value = JSON.stringify(signal)): BenchMessage {
  return { reporter: signal.reporter, key: seriesKeyOf(signal), value, kind };
}

/**
 * `n` messages for the signals topics, in the order to produce them, and the new signals among them in
 * that order. Each series' messages share a key (one partition), so its periods arrive in order.
 */
export function benchMessages(
  n: number,
  today = new Date(),
): { messages: BenchMessage[]; signals: SignalInput[] } {
  const messages: BenchMessage[] = [];
  const signals: SignalInput[] = [];
  for (let j = 0; j < n; j++) {
    const previous = signals[signals.length - 1];
    if (previous && j % DUPLICATE_EVERY === DUPLICATE_EVERY - 1) {
      messages.push(message(previous, 'duplicate'));
    } else if (j % INVALID_EVERY === INVALID_AT) {
      const bad = { ...signalOf(signals.length), signalId: `bench-bad-${j}`, value: -1 };
      const broken = j % (2 * INVALID_EVERY) < INVALID_EVERY ? `{"signalId": "${bad.signalId}",` : undefined;
      messages.push(message(bad, 'invalid', broken));
    } else {
      const signal = signalOf(signals.length);
      if (signal.period.end >= today.toISOString().slice(0, 10)) {
        throw new Error(`${n} messages need periods up to today over ${SERIES.length} series: ask for fewer`);
      }
      signals.push(signal);
      messages.push(message(signal, 'valid'));
    }
  }
  return { messages, signals };
}
