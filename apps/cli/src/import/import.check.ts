import { isUtf8 } from 'node:buffer';
import {
  validateParsedSignal,
  type RejectionCode,
  type Signal,
  type SignalFault,
  type ValidationContext,
} from '@atalaya/contracts';
import { mapColumns, type ColumnMapping, type FileFault, type FileFormat } from './column.mapping';
import { readCsvRecords, type CsvRecord } from './csv-records';
import { importFields } from './import.vocabulary';
import { mapRow } from './row.mapper';

export interface RowRejection {
  readonly line: number;
  readonly code: RejectionCode;
  readonly path: string;
  readonly message: string;
  /** The header or hashtag of the column at fault, when one column is. */
  readonly column?: string;
}

export type RowOutcome =
  | { readonly ok: true; readonly line: number; readonly signal: Signal }
  | { readonly ok: false; readonly rejection: RowRejection };

export type ImportCheck =
  | { readonly ok: false; readonly faults: readonly FileFault[] }
  | {
      readonly ok: true;
      readonly format: FileFormat;
      readonly ignoredColumns: readonly string[];
      readonly rows: readonly RowOutcome[];
    };

/**
 * Reads a CSV or HXL file and judges every row by the rules of the other doors. A file that cannot yield
 * a signal at all (unreadable, a required column missing) fails as a whole and nothing is sent; otherwise
 * each bad row is refused on its own with the line and column at fault, and the others go through.
 */
export function checkImport(
  file: Buffer | string,
  ctx: ValidationContext,
  onRow: (done: number, total: number) => void = () => undefined,
): ImportCheck {
  if (typeof file !== 'string' && !isUtf8(file)) {
    const message =
      'the file is not UTF-8 text: save it as "CSV UTF-8" (a spreadsheet\'s plain CSV is often Windows-1252, whose accented letters would be misread)';
    return { ok: false, faults: [{ code: 'UNREADABLE_CSV', message }] };
  }
  const read = readCsvRecords(file.toString());
  if (!read.ok) return { ok: false, faults: [{ code: 'UNREADABLE_CSV', message: read.message }] };
  const mapped = mapColumns(read.records);
  if (!mapped.ok) return mapped;
  const { mapping } = mapped;
  const rows = mapping.data.map((record, i) => {
    const outcome = checkRow(record, mapping, ctx);
    onRow(i + 1, mapping.data.length);
    return outcome;
  });
  return { ok: true, format: mapping.format, ignoredColumns: mapping.ignored, rows };
}

function checkRow(record: CsvRecord, mapping: ColumnMapping, ctx: ValidationContext): RowOutcome {
  const reject = (fault: SignalFault): RowOutcome => ({
    ok: false,
    rejection: { line: record.line, ...fault, ...columnAt(fault, mapping) },
  });
  // Trailing empty cells are harmless (some tools end every row with a separator); filled ones are not.
  if (record.cells.slice(mapping.width).some((c) => c !== '')) {
    return reject({
      code: 'INVALID_VALUE',
      message:
        `the row has ${record.cells.length} cells but the header has ${mapping.width}; ` +
        'a cell holding the separator must be quoted',
      path: '$',
    });
  }
  const row = mapRow(record.cells, mapping, ctx.reporter);
  if (!row.ok) return reject(row.fault);
  const verdict = validateParsedSignal(row.input, ctx);
  return verdict.ok ? { ok: true, line: record.line, signal: verdict.signal } : reject(verdict.fault);
}

/** Points a fault at the column the operator has to fix, and says how to write a number in CSV. */
function columnAt(fault: SignalFault, mapping: ColumnMapping): { column?: string; message: string } {
  const field = importFields.find(
    (f) =>
      mapping.columns.has(f.key) &&
      (f.path === fault.path || (f.key === 'month' && fault.path.startsWith(`${f.path}.`))),
  );
  const message =
    field?.numeric && fault.code === 'WRONG_TYPE'
      ? `${fault.message}: write digits only, with a point for decimals and no thousands separators`
      : fault.message;
  return { column: field && mapping.columns.get(field.key)?.label, message };
}
