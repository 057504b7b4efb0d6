import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { SignalInput } from '@atalaya/contracts';
import { parse as parseCsv } from 'csv-parse/sync';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';

const manifestSchema = z.strictObject({
  series: z.array(z.strictObject({ file: z.string(), place: z.string().optional() })).min(1),
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
 */
export function loadFeed(manifestPath: string): SignalInput[] {
  const manifest = manifestSchema.parse(parseYaml(readFileSync(manifestPath, 'utf8')));
  const signals = manifest.series.flatMap(({ file, place }) => {
    const path = resolve(dirname(manifestPath), file);
    const records: unknown[] = parseCsv(readFileSync(path), { columns: true, skip_empty_lines: true });
    return records
      .map((r, i) => {
        const row = rowSchema.safeParse(r);
        if (!row.success) throw new Error(`${path}:${i + 2}: ${row.error.issues[0].message}`);
        return row.data;
      })
      .filter((row) => row.origin_iso3 === '')
      .map((row) => toSignal(row, place));
  });
  return signals.sort((a, b) => a.period.start.localeCompare(b.period.start));
}

function toSignal(row: z.infer<typeof rowSchema>, place: string | undefined): SignalInput {
  const [year, month] = row.date.split('-').map(Number);
  const end = new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10);
  return {
    signalId: [row.country_iso3, row.indicator, place ?? 'national', row.date].join(':'),
    reporter: row.country_iso3,
    indicator: row.indicator,
    location: { country: row.country_iso3, ...(place ? { place } : {}) },
    period: { start: `${row.date}-01`, end },
    value: row.value,
  };
}
