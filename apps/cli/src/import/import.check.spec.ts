import { readFileSync } from 'node:fs';
import { fakeReference } from '@atalaya/testing';
import { checkImport, type ImportCheck, type RowRejection } from './import.check';

const ctx = { reporter: 'PAN', reference: fakeReference, today: '2025-06-30' };

const checked = (text: string, reporter = 'PAN'): Extract<ImportCheck, { ok: true }> => {
  const check = checkImport(text, { ...ctx, reporter });
  if (!check.ok) throw new Error(check.faults.map((f) => f.message).join('; '));
  return check;
};

const rejections = (check: Extract<ImportCheck, { ok: true }>): RowRejection[] =>
  check.rows.flatMap((r) => (r.ok ? [] : [r.rejection]));

const header = 'signal_id,indicator,country,place,month,value';

describe('checkImport', () => {
  it('turns valid rows into signals, with the defaults of the contract', () => {
    const check = checked(`${header}\npan-2023-01,irregular_crossings,PAN,darien,2023-01,24634\n`);
    expect(check.rows).toEqual([
      {
        ok: true,
        line: 2,
        signal: {
          signalId: 'pan-2023-01',
          reporter: 'PAN',
          indicator: 'irregular_crossings',
          location: { country: 'PAN', place: 'darien' },
          period: { start: '2023-01-01', end: '2023-01-31' },
          value: 24634,
          revision: 1,
          quality: 'provisional',
        },
      },
    ]);
  });

  it('refuses a file that is not UTF-8 as a whole, and reads the same file in UTF-8', () => {
    const row = `pan-2023-01,irregular_crossings,PAN,darien,2023-01,24634,Darién\n`;
    const latin1 = Buffer.from(`${header},note\n${row}`, 'latin1');
    expect(checkImport(latin1, ctx)).toEqual({
      ok: false,
      faults: [{ code: 'UNREADABLE_CSV', message: expect.stringContaining('CSV UTF-8') as string }],
    });
    expect(checkImport(Buffer.from(`${header}\n${row.replace(',Darién', '')}`), ctx).ok).toBe(true);
  });

  it('refuses a file missing a required column with one MISSING_COLUMN and no rows', () => {
    const check = checkImport('indicator,country,month\nirregular_crossings,PAN,2023-01\n', ctx);
    expect(check).toEqual({
      ok: false,
      faults: [expect.objectContaining({ code: 'MISSING_COLUMN', column: 'value' })],
    });
  });

  it('refuses a bad row with its line, column and code, and lets the rest through', () => {
    const check = checked(
      [
        header,
        'pan-2023-01,irregular_crossings,PAN,darien,2023-01,24634',
        'pan-2023-02,irregular_crossings,PAN,darian,2023-02,24657',
        'pan-2023-03,irregular_crossings,PAN,darien,2023-03,38099',
      ].join('\n'),
    );
    expect(check.rows.map((r) => r.ok)).toEqual([true, false, true]);
    expect(rejections(check)).toEqual([
      {
        line: 3,
        code: 'UNKNOWN_PLACE',
        path: '$.location.place',
        column: 'place',
        message: 'place "darian" is not in the place registry',
      },
    ]);
  });

  it('calls a value that is no number WRONG_TYPE and says how to write one', () => {
    const [rejection] = rejections(
      checked(`${header}\npan-2023-01,irregular_crossings,PAN,darien,2023-01,"24,634"\n`),
    );
    expect(rejection).toMatchObject({ line: 2, code: 'WRONG_TYPE', path: '$.value', column: 'value' });
    expect(rejection.message).toMatch(/no thousands separators/);
  });

  it('calls a row naming another reporter REPORTER_MISMATCH', () => {
    const [rejection] = rejections(
      checked('reporter,indicator,country,month,value\nCOL,irregular_crossings,PAN,2023-01,1\n'),
    );
    expect(rejection).toMatchObject({ code: 'REPORTER_MISMATCH', path: '$.reporter', column: 'reporter' });
  });

  it('points a fault of the period at the month column it came from', () => {
    const check = checked(
      `${header}\npan-2099-01,irregular_crossings,PAN,darien,2099-01,1\np-2,x,PAN,,2023-13,1\n`,
    );
    expect(rejections(check)).toEqual([
      expect.objectContaining({ code: 'PERIOD_IN_FUTURE', path: '$.period.end', column: 'month' }),
      expect.objectContaining({ code: 'INVALID_VALUE', path: '$.period', column: 'month' }),
    ]);
  });

  it('calls an empty required cell MISSING_FIELD', () => {
    const [rejection] = rejections(checked(`${header}\npan-2023-01,,PAN,darien,2023-01,1\n`));
    expect(rejection).toMatchObject({ code: 'MISSING_FIELD', path: '$.indicator', column: 'indicator' });
  });

  it('refuses a row with more cells than the header: an unquoted separator', () => {
    const [rejection] = rejections(
      checked(`${header}\npan-2023-01,irregular_crossings,PAN,darien,2023-01,24,634\n`),
    );
    expect(rejection).toMatchObject({ line: 2, code: 'INVALID_VALUE', path: '$' });
    expect(rejection.column).toBeUndefined();
  });

  it('lets a row end in empty cells past the header', () => {
    const check = checked(`${header}\npan-2023-01,irregular_crossings,PAN,darien,2023-01,24634,,\n`);
    expect(rejections(check)).toEqual([]);
  });

  describe('series breaks', () => {
    const breaks = `${header},series_break,series_break_note`;

    it('marks the row of a break with its kind and note, and only that row', () => {
      const check = checked(
        [
          breaks,
          'pan-2023-01,irregular_crossings,PAN,darien,2023-01,240,,',
          'pan-2023-02,irregular_crossings,PAN,darien,2023-02,24000,coverage,Bajo Chiquito now counted',
        ].join('\n'),
      );
      expect(check.rows.map((r) => (r.ok ? r.signal.seriesBreak : r.rejection))).toEqual([
        undefined,
        { kind: 'coverage', note: 'Bajo Chiquito now counted' },
      ]);
    });

    it('refuses a kind other than coverage or method at its line and column', () => {
      const [rejection] = rejections(
        checked(`${breaks}\npan-2023-01,irregular_crossings,PAN,darien,2023-01,240,new office,\n`),
      );
      expect(rejection).toMatchObject({
        line: 2,
        code: 'INVALID_VALUE',
        path: '$.seriesBreak.kind',
        column: 'series_break',
      });
    });

    it('refuses a note without a kind as MISSING_FIELD in the kind column', () => {
      const [rejection] = rejections(
        checked(`${breaks}\npan-2023-01,irregular_crossings,PAN,darien,2023-01,240,,counted anew\n`),
      );
      expect(rejection).toMatchObject({
        code: 'MISSING_FIELD',
        path: '$.seriesBreak.kind',
        column: 'series_break',
      });
    });

    it('reads the break from HXL hashtags #meta+break and #meta+break+note', () => {
      const check = checked(
        [
          'Indicator,Country,Month,Crossings,Break,What changed',
          '#indicator+code,#country+code,#date,#affected+num,#meta+break,#meta +note +break',
          'irregular_crossings,PAN,2023-02,24000,method,counted at the reception centre',
        ].join('\n'),
      );
      expect(check.format).toBe('hxl');
      expect(check.rows).toMatchObject([
        { ok: true, signal: { seriesBreak: { kind: 'method', note: 'counted at the reception centre' } } },
      ]);
    });
  });

  it('reports progress row by row', () => {
    const seen: string[] = [];
    checkImport(`${header}\na-00000001,x,PAN,,2023-01,1\na-00000002,x,PAN,,2023-02,1\n`, ctx, (done, total) =>
      seen.push(`${done}/${total}`),
    );
    expect(seen).toEqual(['1/2', '2/2']);
  });
});

describe('the sample files of deploy/demo/import', () => {
  const sample = (name: string) => readFileSync(`deploy/demo/import/${name}`, 'utf8');

  it('pan-sample.csv: plain CSV, every row valid', () => {
    const check = checked(sample('pan-sample.csv'));
    expect(check.format).toBe('csv');
    expect(check.rows).toHaveLength(6);
    expect(rejections(check)).toEqual([]);
  });

  it('hnd-sample-hxl.csv: HXL under human headers, every row valid', () => {
    const check = checked(sample('hnd-sample-hxl.csv'), 'HND');
    expect(check.format).toBe('hxl');
    expect(check.rows).toHaveLength(6);
    expect(rejections(check)).toEqual([]);
    expect(check.ignoredColumns).toEqual(['#meta+source']);
  });

  it('pan-with-errors.csv: one row of each mistake, two good rows', () => {
    const check = checked(sample('pan-with-errors.csv'));
    expect(rejections(check).map((r) => `${r.line} ${r.code} ${r.path}`)).toEqual([
      '3 WRONG_TYPE $.value',
      '4 REPORTER_MISMATCH $.reporter',
      '5 UNKNOWN_PLACE $.location.place',
      '6 PERIOD_INVERTED $.period.end',
      '7 MISSING_FIELD $.indicator',
      '8 NEGATIVE_VALUE $.value',
      '9 PERIOD_IN_FUTURE $.period.end',
      '10 WRONG_TYPE $.revision',
    ]);
    expect(check.rows.filter((r) => r.ok)).toHaveLength(2);
  });
});
