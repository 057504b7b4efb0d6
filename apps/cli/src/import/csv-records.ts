import { CsvError, parse, type Info } from 'csv-parse/sync';

/** One record of the file, with the line it starts on, as the operator will look for it. */
export interface CsvRecord {
  readonly line: number;
  readonly cells: readonly string[];
}

export type CsvRead =
  | { readonly ok: true; readonly records: readonly CsvRecord[] }
  | { readonly ok: false; readonly message: string };

/**
 * Splits a CSV text into records. Spreadsheets export with a byte-order mark, with `;` as the separator
 * where the decimal separator is a comma (Colombia, much of South America), and with rows of empty cells
 * left by formatting; all three are taken in stride. Ragged rows are kept: the caller says which row is
 * at fault rather than refusing the whole file.
 */
export function readCsvRecords(text: string): CsvRead {
  try {
    // With `info`, csv-parse yields { record, info } pairs; its typings know only plain records.
    const parsed = parse(text, {
      bom: true,
      delimiter: delimiterOf(text),
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
    }) as unknown as { record: string[]; info: Info }[];
    const records = parsed
      .map(({ record, info }) => ({
        line: startLine(info.lines, record),
        cells: record.map((c) => c.trim()),
      }))
      .filter((r) => r.cells.some((c) => c !== ''));
    return { ok: true, records };
  } catch (e) {
    if (!(e instanceof CsvError)) throw e;
    return { ok: false, message: `not a readable CSV file: ${e.message}` };
  }
}

/** The header line decides: a `;` export has more semicolons than commas there, and no header has neither. */
function delimiterOf(text: string): string {
  const header = text.slice(0, text.search(/\r?\n|$/));
  const count = (c: string) => header.split(c).length - 1;
  return count(';') > count(',') ? ';' : ',';
}

/** csv-parse reports the line a record ends on; a quoted cell may span lines. */
function startLine(endLine: number, cells: readonly string[]): number {
  return endLine - cells.reduce((n, c) => n + (c.split('\n').length - 1), 0);
}
