import type { Signal } from '@atalaya/contracts';
import type { RowOutcome } from './import.check';
import { exitCodeOf, formatFileFaults, formatSummary, summarise } from './import.report';

const signal = { signalId: 'pan-2023-01' } as Signal;
const rows: RowOutcome[] = [
  { ok: true, line: 2, signal },
  {
    ok: false,
    rejection: {
      line: 3,
      code: 'WRONG_TYPE',
      path: '$.value',
      column: 'value',
      message: '$.value must be of type number',
    },
  },
  {
    ok: false,
    rejection: { line: 4, code: 'UNKNOWN_PLACE', path: '$.location.place', message: 'not registered' },
  },
  { ok: false, rejection: { line: 7, code: 'WRONG_TYPE', path: '$.revision', message: 'not a number' } },
];
const run = { file: 'pan.csv', reporter: 'PAN', topic: 'atalaya.signals.PAN', dryRun: false, sent: 1 };
const check = { format: 'csv' as const, ignoredColumns: ['source'], rows };

describe('summarise', () => {
  it('counts rows read, valid, sent and rejected by code', () => {
    expect(summarise(check, run)).toMatchObject({
      rowsRead: 4,
      valid: 1,
      sent: 1,
      rejectedByCode: { WRONG_TYPE: 2, UNKNOWN_PLACE: 1 },
      rejected: rows.flatMap((r) => (r.ok ? [] : [r.rejection])),
    });
  });
});

describe('exitCodeOf', () => {
  it('is 0 when every row went through and 2 when some were rejected', () => {
    expect(exitCodeOf(summarise(check, run))).toBe(2);
    expect(exitCodeOf(summarise({ ...check, rows: [rows[0]] }, run))).toBe(0);
  });
});

describe('formatSummary', () => {
  it('prints the counts, then one line per rejected row', () => {
    expect(formatSummary(summarise(check, run))).toBe(
      [
        'pan.csv (CSV, reporter PAN)',
        '  rows read   4',
        '  valid       1',
        '  sent        1 to atalaya.signals.PAN',
        '  rejected    3 (WRONG_TYPE 2, UNKNOWN_PLACE 1)',
        '  ignored columns (not in the vocabulary): source',
        'line 3: WRONG_TYPE at $.value (column value): $.value must be of type number',
        'line 4: UNKNOWN_PLACE at $.location.place: not registered',
        'line 7: WRONG_TYPE at $.revision: not a number',
      ].join('\n'),
    );
  });

  it('says what a dry run would send', () => {
    const text = formatSummary(
      summarise({ ...check, rows: [rows[0]], ignoredColumns: [] }, { ...run, dryRun: true, sent: 0 }),
    );
    expect(text).toContain('  would send  1 to atalaya.signals.PAN (dry run: nothing sent)');
    expect(text).toContain('  rejected    0\n'.trimEnd());
    expect(text).not.toContain('ignored');
  });
});

describe('formatFileFaults', () => {
  it('says nothing was sent, and why', () => {
    expect(
      formatFileFaults('pan.csv', [
        { code: 'MISSING_COLUMN', column: 'value', message: 'the file has no "value" column' },
      ]),
    ).toBe('pan.csv: nothing was sent\n  MISSING_COLUMN: the file has no "value" column');
  });
});
