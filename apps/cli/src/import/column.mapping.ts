import type { RejectionCode } from '@atalaya/contracts';
import type { CsvRecord } from './csv-records';
import {
  canonicalHashtag,
  fieldOf,
  importFields,
  normaliseColumnName,
  type FieldKey,
} from './import.vocabulary';

/**
 * What stops a whole file. MISSING_COLUMN is the shared rejection code; the other two exist only here,
 * because no other door has columns to duplicate or a file to be unreadable.
 */
export interface FileFault {
  readonly code: Extract<RejectionCode, 'MISSING_COLUMN' | 'DUPLICATE_COLUMN' | 'UNREADABLE_CSV'>;
  readonly message: string;
  readonly column?: string;
}

export type FileFormat = 'csv' | 'hxl';

export interface MappedColumn {
  readonly index: number;
  /** The header or hashtag as written in the file: what the operator will look for. */
  readonly label: string;
}

export interface ColumnMapping {
  readonly format: FileFormat;
  readonly columns: ReadonlyMap<FieldKey, MappedColumn>;
  /** Cells in the header row: a data row with more has a stray separator. */
  readonly width: number;
  /** Labelled columns outside the vocabulary, reported so a misspelt optional column does not go unseen. */
  readonly ignored: readonly string[];
  /** The records after the header (and, in HXL, the hashtag row). */
  readonly data: readonly CsvRecord[];
}

export type ColumnMappingResult =
  | { readonly ok: true; readonly mapping: ColumnMapping }
  | { readonly ok: false; readonly faults: readonly FileFault[] };

const required: readonly FieldKey[] = ['indicator', 'country', 'value'];

/**
 * Reads the header: plain CSV names its columns in the first row; HXL tags them in a hashtag row, which
 * is the first row or the second (under a row of human headers). Then checks that every required field
 * has exactly one column, so a file that cannot yield a single signal is refused as a whole.
 */
export function mapColumns(records: readonly CsvRecord[]): ColumnMappingResult {
  if (records.length === 0) {
    return fail({
      code: 'UNREADABLE_CSV',
      message: 'the file is empty; its first row must name the columns',
    });
  }
  const tagRow = [0, 1].find((i) => i < records.length && isHashtagRow(records[i].cells));
  const format: FileFormat = tagRow === undefined ? 'csv' : 'hxl';
  const labels = records[tagRow ?? 0].cells;
  const keyOf = format === 'hxl' ? hxlKey : csvKey;

  const found = new Map<FieldKey, MappedColumn[]>();
  const ignored: string[] = [];
  labels.forEach((label, index) => {
    const key = keyOf(label);
    if (key) found.set(key, [...(found.get(key) ?? []), { index, label }]);
    else if (label !== '') ignored.push(label);
  });

  const faults = [...duplicateFaults(found), ...missingFaults(found, format)];
  if (faults.length > 0) return fail(...faults);
  const columns = new Map([...found].map(([key, [column]]) => [key, column]));
  return {
    ok: true,
    mapping: { format, columns, width: labels.length, ignored, data: records.slice((tagRow ?? 0) + 1) },
  };
}

function isHashtagRow(cells: readonly string[]): boolean {
  const tagged = cells.filter((c) => c !== '');
  return tagged.length > 0 && tagged.every((c) => canonicalHashtag(c) !== undefined);
}

const csvKeys = new Map(importFields.map((f) => [normaliseColumnName(f.column), f.key]));
const hxlKeys = new Map(importFields.flatMap((f) => f.hashtags.map((h) => [canonicalHashtag(h), f.key])));

function csvKey(label: string): FieldKey | undefined {
  return csvKeys.get(normaliseColumnName(label));
}

function hxlKey(label: string): FieldKey | undefined {
  const tag = canonicalHashtag(label);
  return tag === undefined ? undefined : hxlKeys.get(tag);
}

function duplicateFaults(found: ReadonlyMap<FieldKey, readonly MappedColumn[]>): FileFault[] {
  const faults = [...found.values()]
    .filter((columns) => columns.length > 1)
    .map((columns) =>
      duplicate(
        columns.map((c) => c.label),
        'the same field',
      ),
    );
  const month = found.get('month');
  const range = [...(found.get('periodStart') ?? []), ...(found.get('periodEnd') ?? [])];
  if (month && range.length > 0) {
    faults.push(
      duplicate(
        [...month, ...range].map((c) => c.label),
        'the period',
      ),
    );
  }
  return faults;
}

function duplicate(labels: readonly string[], what: string): FileFault {
  return {
    code: 'DUPLICATE_COLUMN',
    message: `columns ${labels.map((l) => `"${l}"`).join(', ')} all give ${what}; keep one of them`,
    column: labels[1],
  };
}

function missingFaults(found: ReadonlyMap<FieldKey, unknown>, format: FileFormat): FileFault[] {
  const missing = required.filter((key) => !found.has(key));
  if (!found.has('month')) {
    missing.push(...(['periodStart', 'periodEnd'] as const).filter((key) => !found.has(key)));
  }
  const name = (key: FieldKey) => (format === 'hxl' ? fieldOf(key).hashtags[0] : fieldOf(key).column);
  const needs =
    `every file needs ${name('indicator')}, ${name('country')}, ${name('value')}, ` +
    `and ${name('month')} or ${name('periodStart')} with ${name('periodEnd')} (see docs/import.md)`;
  return missing.map((key) => ({
    code: 'MISSING_COLUMN',
    column: name(key),
    message:
      (format === 'hxl'
        ? `no column is tagged ${fieldOf(key).hashtags.join(' or ')}`
        : `the file has no "${name(key)}" column`) + `; ${needs}`,
  }));
}

function fail(...faults: FileFault[]): ColumnMappingResult {
  return { ok: false, faults };
}
