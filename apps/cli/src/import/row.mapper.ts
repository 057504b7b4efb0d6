import type { SignalFault } from '@atalaya/contracts';
import type { ColumnMapping } from './column.mapping';
import { importFields, type FieldKey } from './import.vocabulary';
import { derivedSignalId } from './signal-id';

export type MappedRow =
  | { readonly ok: true; readonly input: Record<string, unknown> }
  | { readonly ok: false; readonly fault: SignalFault };

const numericKeys = new Set(importFields.filter((f) => f.numeric).map((f) => f.key));
/** Plain decimal notation only: "1,538" or "1.538,0" are refused rather than guessed at. */
const decimal = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const yearMonth = /^(\d{4})-(0[1-9]|1[0-2])$/;

/**
 * Turns one row into the object a sender would have written, for `validateParsedSignal` to judge by the
 * same rules as every other door. Empty cells are left out rather than sent as "", so an empty optional
 * cell is simply absent and an empty required one is MISSING_FIELD. The reporter defaults to the
 * agency's; a row that names another one is left for validation to refuse.
 */
export function mapRow(cells: readonly string[], mapping: ColumnMapping, reporter: string): MappedRow {
  const cell = (key: FieldKey): string | number | undefined => {
    const column = mapping.columns.get(key);
    const text = column === undefined ? '' : (cells[column.index] ?? '');
    if (text === '') return undefined;
    return numericKeys.has(key) && decimal.test(text) ? Number(text) : text;
  };

  let period: Record<string, unknown> | undefined;
  if (mapping.columns.has('month')) {
    const month = cell('month');
    if (month !== undefined) {
      const range = monthRange(String(month));
      if (!range) return { ok: false, fault: monthFault };
      period = range;
    }
  } else {
    period = present({ start: cell('periodStart'), end: cell('periodEnd') });
  }

  const identity = {
    reporter: cell('reporter') ?? reporter,
    indicator: cell('indicator'),
    location: present({
      country: cell('country'),
      admin1: cell('admin1'),
      place: cell('place'),
      corridor: cell('corridor'),
    }),
    period,
    revision: cell('revision'),
  };
  const input = present({
    signalId: cell('signalId') ?? derivedSignalId(identity),
    ...identity,
    value: cell('value'),
    unit: cell('unit'),
    quality: cell('quality'),
    seriesBreak: seriesBreakOf(cell('seriesBreak'), cell('seriesBreakNote')),
  });
  return { ok: true, input };
}

/** A break when the row marks one; a note alone is passed on, for validation to ask for its kind. */
function seriesBreakOf(kind: unknown, note: unknown): Record<string, unknown> | undefined {
  return kind === undefined && note === undefined ? undefined : present({ kind, note });
}

const monthFault: SignalFault = {
  code: 'INVALID_VALUE',
  message:
    'month must be a calendar month written YYYY-MM, e.g. 2023-01; a spreadsheet may have turned it ' +
    'into a date: format the column as text before exporting',
  path: '$.period',
};

function monthRange(month: string): { start: string; end: string } | undefined {
  const match = yearMonth.exec(month);
  if (!match) return undefined;
  const lastDay = new Date(Date.UTC(Number(match[1]), Number(match[2]), 0)).getUTCDate();
  return { start: `${month}-01`, end: `${month}-${String(lastDay).padStart(2, '0')}` };
}

function present<T extends Record<string, unknown>>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
