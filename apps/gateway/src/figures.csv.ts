import type { DeepReadonly, SharedFiguresResponse } from '@atalaya/contracts';
import { stringify } from 'csv-stringify/sync';

/** The columns of a figures export, in order. */
export const FIGURES_CSV_COLUMNS = [
  'reporter',
  'indicator',
  'granularity',
  'country',
  'admin1',
  'place',
  'period_start',
  'period_end',
  'value',
  'aggregated_from',
  'breakdown',
  'category',
  'suppressed',
  'policy_version',
  'keep_for',
  'withheld',
] as const;

type Row = Partial<Record<(typeof FIGURES_CSV_COLUMNS)[number], string | number>>;

/**
 * Shared figures as CSV: a row per figure; under it a row per cell of each breakdown (`breakdown` names its
 * dimensions, `category` the cell's categories, `value` empty where `suppressed` says why); then a row per
 * figure, breakdown or cell left out, its reason and message in `withheld`. What the JSON shows, in one table.
 */
export function figuresCsv(shared: DeepReadonly<SharedFiguresResponse>): string {
  const rows: Row[] = [];
  for (const f of shared.figures) {
    const common: Row = {
      reporter: f.reporter,
      indicator: f.indicator,
      granularity: f.granularity,
      country: f.location.country,
      admin1: f.location.admin1,
      place: f.location.place,
      period_start: f.period.start,
      period_end: f.period.end,
      policy_version: f.policy.basis === 'policy' ? f.policy.version : undefined,
      keep_for: f.retention,
    };
    rows.push({ ...common, value: f.value, aggregated_from: f.aggregatedFrom });
    for (const b of f.breakdowns)
      for (const cell of b.cells)
        rows.push({
          ...common,
          breakdown: b.dimensions.join('×'),
          category: b.dimensions.map((d) => `${d}=${cell.key[d] ?? 'all'}`).join(';'),
          value: cell.value ?? undefined,
          suppressed: cell.suppressed,
        });
  }
  for (const o of shared.omissions)
    rows.push({
      reporter: o.reporter,
      indicator: o.indicator,
      country: o.location?.country,
      admin1: o.location?.admin1,
      place: o.location?.place,
      period_start: o.period?.start,
      period_end: o.period?.end,
      breakdown: o.dimensions?.join('×'),
      category:
        o.cell &&
        Object.entries(o.cell)
          .map(([d, c]) => `${d}=${c}`)
          .join(';'),
      policy_version: o.policy?.basis === 'policy' ? o.policy.version : undefined,
      withheld: `${o.reason}: ${o.message}`,
    });
  return stringify(rows, { header: true, columns: [...FIGURES_CSV_COLUMNS] });
}
