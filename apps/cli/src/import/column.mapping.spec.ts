import { mapColumns, type ColumnMapping } from './column.mapping';
import type { CsvRecord } from './csv-records';

const rows = (...lines: string[]): CsvRecord[] => lines.map((l, i) => ({ line: i + 1, cells: l.split(',') }));

const mapped = (...lines: string[]): ColumnMapping => {
  const result = mapColumns(rows(...lines));
  if (!result.ok) throw new Error(result.faults.map((f) => f.message).join('; '));
  return result.mapping;
};

const faultsOf = (...lines: string[]) => {
  const result = mapColumns(rows(...lines));
  if (result.ok) throw new Error('expected the file to be refused');
  return result.faults;
};

describe('mapColumns', () => {
  it('maps a plain header, however spelt, and lists the columns it does not know', () => {
    const mapping = mapped('Signal ID,Indicator,country,Month,value,source', 'x,y,z,w,v,u');
    expect(mapping.format).toBe('csv');
    expect(Object.fromEntries(mapping.columns)).toEqual({
      signalId: { index: 0, label: 'Signal ID' },
      indicator: { index: 1, label: 'Indicator' },
      country: { index: 2, label: 'country' },
      month: { index: 3, label: 'Month' },
      value: { index: 4, label: 'value' },
    });
    expect(mapping.ignored).toEqual(['source']);
    expect(mapping.data.map((r) => r.line)).toEqual([2]);
  });

  it('reads HXL hashtags under a row of human headers, in any case and attribute order', () => {
    const mapping = mapped(
      'Country,Indicator,From,To,People,Notes',
      '#COUNTRY+code,#indicator +code,#date+start,#date+end,#affected+num,',
      'HND,irregular_entries,2023-01-01,2023-01-31,18882,',
    );
    expect(mapping.format).toBe('hxl');
    expect([...mapping.columns.keys()]).toEqual([
      'country',
      'indicator',
      'periodStart',
      'periodEnd',
      'value',
    ]);
    expect(mapping.columns.get('country')?.label).toBe('#COUNTRY+code');
    expect(mapping.ignored).toEqual([]);
    expect(mapping.data.map((r) => r.line)).toEqual([3]);
  });

  it('reads HXL hashtags in the first row too', () => {
    const mapping = mapped('#country+code,#indicator+code,#date,#value,#meta+source', 'HND,x,2023-01,1,y');
    expect(mapping.format).toBe('hxl');
    expect(mapping.ignored).toEqual(['#meta+source']);
    expect(mapping.data).toHaveLength(1);
  });

  it('names a missing required column in one fault, and refuses the whole file', () => {
    expect(faultsOf('indicator,country,month', 'a,b,c')).toEqual([
      {
        code: 'MISSING_COLUMN',
        column: 'value',
        message: expect.stringMatching(/^the file has no "value" column;/) as unknown,
      },
    ]);
  });

  it('names the missing hashtag in an HXL file', () => {
    expect(faultsOf('#indicator+code,#country+code,#affected+num', 'a,b,1')).toEqual([
      expect.objectContaining({ code: 'MISSING_COLUMN', column: '#date+start' }),
      expect.objectContaining({ code: 'MISSING_COLUMN', column: '#date+end' }),
    ]);
  });

  it('does not read a breakdown column as the total', () => {
    expect(faultsOf('#indicator+code,#country+code,#date,#affected+num+f', 'a,b,c,1')).toEqual([
      expect.objectContaining({
        code: 'MISSING_COLUMN',
        message: expect.stringContaining('#affected+num') as unknown,
      }),
    ]);
  });

  it('refuses two columns for one field, and a month beside a start and end', () => {
    expect(
      faultsOf('indicator,country,value,Value,month,period_start,period_end').map((f) => f.message),
    ).toEqual([
      'columns "value", "Value" all give the same field; keep one of them',
      'columns "month", "period_start", "period_end" all give the period; keep one of them',
    ]);
  });

  it('refuses an empty file', () => {
    expect(faultsOf()).toEqual([expect.objectContaining({ code: 'UNREADABLE_CSV' })]);
  });
});
