import { Figure } from './figure.types';

/** Only the latest period of each series: the latest values, place by place. */
export function latestOnly(figures: readonly Figure[]): Figure[] {
  const latest = new Map<string, Figure>();
  for (const f of figures) {
    const { country, admin1, place } = f.location;
    const key = [f.reporter, f.indicator, country, admin1 ?? '-', place ?? '-'].join('|');
    const before = latest.get(key);
    if (!before || f.period.start > before.period.start) latest.set(key, f);
  }
  return [...latest.values()];
}
