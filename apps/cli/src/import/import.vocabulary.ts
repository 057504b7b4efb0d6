/**
 * The columns `atalaya import` reads, by plain CSV header or by HXL hashtag. docs/import.md is the reader's
 * version of this table; keep the two together.
 *
 * One plain name per field keeps spreadsheets from drifting into dialects; the hashtags follow HXL use
 * (`#indicator+value+num` is how HDX indicator datasets tag a figure). Columns outside the vocabulary are
 * ignored and listed in the report, so a misspelt optional column is seen rather than silently dropped.
 */
export type FieldKey =
  | 'signalId'
  | 'reporter'
  | 'indicator'
  | 'country'
  | 'admin1'
  | 'place'
  | 'corridor'
  | 'periodStart'
  | 'periodEnd'
  | 'month'
  | 'value'
  | 'unit'
  | 'revision'
  | 'quality'
  | 'seriesBreak'
  | 'seriesBreakNote';

export interface ImportField {
  readonly key: FieldKey;
  /** The plain CSV header. */
  readonly column: string;
  /** HXL hashtags, any of which names the field. */
  readonly hashtags: readonly string[];
  /** Where the field lands in the signal, for messages and to point a rejection back at its column. */
  readonly path: string;
  /** Cells are read as numbers; anything else is passed on as text so validation says WRONG_TYPE. */
  readonly numeric?: true;
}

export const importFields: readonly ImportField[] = [
  { key: 'signalId', column: 'signal_id', hashtags: ['#meta+id'], path: '$.signalId' },
  { key: 'reporter', column: 'reporter', hashtags: ['#meta+reporter'], path: '$.reporter' },
  { key: 'indicator', column: 'indicator', hashtags: ['#indicator+code'], path: '$.indicator' },
  { key: 'country', column: 'country', hashtags: ['#country+code'], path: '$.location.country' },
  { key: 'admin1', column: 'admin1', hashtags: ['#adm1+code'], path: '$.location.admin1' },
  { key: 'place', column: 'place', hashtags: ['#loc+code'], path: '$.location.place' },
  { key: 'corridor', column: 'corridor', hashtags: ['#loc+corridor'], path: '$.location.corridor' },
  { key: 'periodStart', column: 'period_start', hashtags: ['#date+start'], path: '$.period.start' },
  { key: 'periodEnd', column: 'period_end', hashtags: ['#date+end'], path: '$.period.end' },
  { key: 'month', column: 'month', hashtags: ['#date', '#date+month'], path: '$.period' },
  {
    key: 'value',
    column: 'value',
    hashtags: ['#affected+num', '#value', '#indicator+value+num'],
    path: '$.value',
    numeric: true,
  },
  { key: 'unit', column: 'unit', hashtags: ['#meta+unit'], path: '$.unit' },
  { key: 'revision', column: 'revision', hashtags: ['#meta+revision'], path: '$.revision', numeric: true },
  { key: 'quality', column: 'quality', hashtags: ['#status'], path: '$.quality' },
  { key: 'seriesBreak', column: 'series_break', hashtags: ['#meta+break'], path: '$.seriesBreak.kind' },
  {
    key: 'seriesBreakNote',
    column: 'series_break_note',
    hashtags: ['#meta+break+note'],
    path: '$.seriesBreak.note',
  },
];

export function fieldOf(key: FieldKey): ImportField {
  const field = importFields.find((f) => f.key === key);
  if (!field) throw new Error(`no import field "${key}"`);
  return field;
}

/** Plain headers match ignoring case, spaces and punctuation: "Signal ID", "signal-id" and "signalId" agree. */
export function normaliseColumnName(header: string): string {
  return header.toLowerCase().replace(/[^a-z0-9]/g, '');
}

const hashtagSyntax = /^#[a-z][a-z0-9_]*(\+[a-z][a-z0-9_]*)*$/;

/**
 * The canonical form of an HXL hashtag with attributes (lower case, attributes sorted), or undefined when
 * the cell is not one. HXL hashtags are case-insensitive, their attributes unordered, and spaces may
 * surround the `+` of an attribute. Cells come trimmed.
 */
export function canonicalHashtag(cell: string): string | undefined {
  const compact = cell.replace(/\s*\+\s*/g, '+').toLowerCase();
  if (!hashtagSyntax.test(compact)) return undefined;
  const [tag, ...attributes] = compact.split('+');
  return [tag, ...[...new Set(attributes)].sort()].join('+');
}
