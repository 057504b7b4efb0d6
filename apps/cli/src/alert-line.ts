import type { AlertEvent } from '@atalaya/contracts';

const count = new Intl.NumberFormat('en-US');

/** One line a person reads in a terminal: when, what happened, how bad, where, and why. */
export function alertLine(e: AlertEvent): string {
  const { value, threshold, comparison, period, previousPeak } = e.evidence;
  const why = {
    above: `${count.format(value)} ≥ ${count.format(threshold)}`,
    'below-clear': `${count.format(value)} < ${count.format(threshold)} (clear level)`,
    below: `${count.format(value)} < ${count.format(threshold)} (fell back before it held)`,
  }[comparison];
  const level = e.level ?? `(was ${e.previousLevel ?? '-'})`;
  return [
    period.start.slice(0, 7),
    e.type.toUpperCase().padEnd(12),
    level.padEnd(16),
    e.severity.padEnd(8),
    `${e.trigger.id}@${e.trigger.version}`.padEnd(40),
    e.seriesKey.padEnd(42),
    why,
    ...(e.evidence.reason === 'new-peak' && previousPeak !== undefined
      ? [`(new peak: the previous was ${count.format(previousPeak)})`]
      : []),
    ...(e.shadow ? ['(shadow: not dispatched)'] : []),
    ...(e.evidence.override ? [`(${e.evidence.override} thresholds)`] : []),
  ].join(' ');
}
