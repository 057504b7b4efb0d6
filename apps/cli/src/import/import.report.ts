import type { FileFault, FileFormat } from './column.mapping';
import type { RowOutcome, RowRejection } from './import.check';

export interface ImportSummary {
  readonly file: string;
  readonly format: FileFormat;
  readonly reporter: string;
  readonly topic: string;
  readonly dryRun: boolean;
  readonly rowsRead: number;
  readonly valid: number;
  /** Signals published; 0 on a dry run, where `valid` is what would be sent. */
  readonly sent: number;
  readonly rejectedByCode: Readonly<Record<string, number>>;
  readonly rejected: readonly RowRejection[];
  readonly ignoredColumns: readonly string[];
}

export interface ImportRun {
  readonly file: string;
  readonly reporter: string;
  readonly topic: string;
  readonly dryRun: boolean;
  readonly sent: number;
}

export function summarise(
  check: { format: FileFormat; ignoredColumns: readonly string[]; rows: readonly RowOutcome[] },
  run: ImportRun,
): ImportSummary {
  const rejected = check.rows.flatMap((r) => (r.ok ? [] : [r.rejection]));
  const rejectedByCode: Record<string, number> = {};
  rejected.forEach(({ code }) => (rejectedByCode[code] = (rejectedByCode[code] ?? 0) + 1));
  return {
    ...run,
    format: check.format,
    rowsRead: check.rows.length,
    valid: check.rows.length - rejected.length,
    rejectedByCode,
    rejected,
    ignoredColumns: check.ignoredColumns,
  };
}

/** 0 when every row went through, 2 when some were refused: a script can tell a partial import apart. */
export function exitCodeOf(summary: ImportSummary): 0 | 2 {
  return summary.rejected.length === 0 ? 0 : 2;
}

export function formatSummary(s: ImportSummary): string {
  const byCode = Object.entries(s.rejectedByCode)
    .map(([code, n]) => `${code} ${n}`)
    .join(', ');
  const lines = [
    `${s.file} (${s.format === 'hxl' ? 'HXL' : 'CSV'}, reporter ${s.reporter})`,
    `  rows read   ${s.rowsRead}`,
    `  valid       ${s.valid}`,
    s.dryRun
      ? `  would send  ${s.valid} to ${s.topic} (dry run: nothing sent)`
      : `  sent        ${s.sent} to ${s.topic}`,
    `  rejected    ${s.rejected.length}${byCode ? ` (${byCode})` : ''}`,
  ];
  if (s.ignoredColumns.length > 0) {
    lines.push(`  ignored columns (not in the vocabulary): ${s.ignoredColumns.join(', ')}`);
  }
  return [...lines, ...s.rejected.map(rejectionLine)].join('\n');
}

function rejectionLine(r: RowRejection): string {
  const column = r.column === undefined ? '' : ` (column ${r.column})`;
  return `line ${r.line}: ${r.code} at ${r.path}${column}: ${r.message}`;
}

export function formatFileFaults(file: string, faults: readonly FileFault[]): string {
  return [`${file}: nothing was sent`, ...faults.map((f) => `  ${f.code}: ${f.message}`)].join('\n');
}
