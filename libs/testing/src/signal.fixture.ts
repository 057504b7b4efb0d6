import { seriesKeyOf, type SignalInput } from '@atalaya/contracts';

/** A valid signal as Panama's SNM would send it: Darién crossings, January 2023 (a real figure). */
export const darienJanuary2023 = {
  signalId: 'pan-2023-01-crossings',
  reporter: 'PAN',
  indicator: 'irregular_crossings',
  location: { country: 'PAN', place: 'darien' },
  period: { start: '2023-01-01', end: '2023-01-31' },
  value: 24634,
} satisfies SignalInput;

/** Signals as Kafka messages keyed by series, as the CLI sends them, so that one series keeps its order. */
export function signalMessages(signals: readonly SignalInput[]): { key: string; value: string }[] {
  return signals.map((s) => ({ key: seriesKeyOf(s), value: JSON.stringify(s) }));
}
