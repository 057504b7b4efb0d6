import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { seriesBreakSchema, type SeriesBreak, type SignalInput } from '@atalaya/contracts';
import { parseLocatedWith } from '@atalaya/reference';
import { parse as parseCsv } from 'csv-parse/sync';
import { z } from 'zod';

/** A change of coverage or method, declared at the first month counted the new way. */
const declaredBreakSchema = seriesBreakSchema.extend({
  period: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month (YYYY-MM)'),
});

const manifestSchema = z.strictObject({
  series: z
    .array(
      z.strictObject({
        file: z.string(),
        place: z.string().optional(),
        breaks: z.array(declaredBreakSchema).optional(),
      }),
    )
    .min(1),
});

const rowSchema = z.object({
  date: z.string().regex(/^\d{4}-\d{2}$/, 'monthly rows only (YYYY-MM)'),
  country_iso3: z.string(),
  origin_iso3: z.string(),
  indicator: z.string(),
  value: z.coerce.number(),
});

/**
 * Turns the demo feed (a manifest of movement CSVs in the shared `date,country_iso3,origin_iso3,indicator,
 * value,source` layout) into the signals each state would have published, oldest month first. Only the
 * all-nationalities rows are used. SignalInput ids are derived from the row, so a replay re-sends the same ids.
 * A series' `breaks` put `seriesBreak` on the signal of each month they name.
 */
export function loadFeed(manifestPath: string): SignalInput[] {
  const checked = parseLocatedWith(readFileSync(manifestPath, 'utf8'), manifestPath, manifestSchema);
  if ('problems' in checked) throw new Error(checked.problems.join('\n'));
  const signals = checked.value.series.flatMap(({ file, place, breaks = [] }, s) => {
    const path = resolve(dirname(manifestPath), file);
    const records: unknown[] = parseCsv(readFileSync(path), { columns: true, skip_empty_lines: true });
    const rows = records
      .map((r, i) => {
        const row = rowSchema.safeParse(r);
        if (!row.success) throw new Error(`${path}:${i + 2}: ${row.error.issues[0].message}`);
        return row.data;
      })
      .filter((row) => row.origin_iso3 === '');
    breaks.forEach(({ period }, b) => {
      if (!rows.some((row) => row.date === period)) {
        const at = ['series', s, 'breaks', b, 'period'];
        throw new Error(
          `${checked.where(at)}: ${at.join('.')}: ${file} has no total for ${period}: ` +
            'declare a break at the first month counted the new way, one the file holds',
        );
      }
    });
    const breakOf = new Map(breaks.map(({ period, ...declared }) => [period, declared]));
    return rows.map((row) => toSignal(row, place, breakOf.get(row.date)));
  });
  return signals.sort((a, b) => a.period.start.localeCompare(b.period.start));
}

function toSignal(
  row: z.infer<typeof rowSchema>,
  place: string | undefined,
  seriesBreak: SeriesBreak | undefined,
): SignalInput {
  const [year, month] = row.date.split('-').map(Number);
  const end = new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10);
  return {
    signalId: [row.country_iso3, row.indicator, place ?? 'national', row.date].join(':'),
    reporter: row.country_iso3,
    indicator: row.indicator,
    location: { country: row.country_iso3, ...(place ? { place } : {}) },
    period: { start: `${row.date}-01`, end },
    value: row.value,
    ...(seriesBreak ? { seriesBreak } : {}),
  };
}
