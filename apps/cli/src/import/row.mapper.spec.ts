import { mapColumns, type ColumnMapping } from './column.mapping';
import { mapRow } from './row.mapper';
import { derivedSignalId } from './signal-id';

const mappingOf = (header: string): ColumnMapping => {
  const result = mapColumns([{ line: 1, cells: header.split(',') }]);
  if (!result.ok) throw new Error(result.faults.map((f) => f.message).join('; '));
  return result.mapping;
};

const full = mappingOf(
  'signal_id,reporter,indicator,country,admin1,place,corridor,period_start,period_end,value,unit,revision,quality',
);
const monthly = mappingOf('indicator,country,place,month,value');

const input = (mapping: ColumnMapping, cells: string) => {
  const row = mapRow(cells.split(','), mapping, 'PAN');
  if (!row.ok) throw new Error(row.fault.message);
  return row.input;
};

describe('mapRow', () => {
  it('writes every column where the signal has it, numbers as numbers', () => {
    const cells =
      'pan-1,PAN,irregular_crossings,PAN,PA-5,darien,darien_north,2023-01-01,2023-01-31,24634,persons,2,validated';
    expect(input(full, cells)).toEqual({
      signalId: 'pan-1',
      reporter: 'PAN',
      indicator: 'irregular_crossings',
      location: { country: 'PAN', admin1: 'PA-5', place: 'darien', corridor: 'darien_north' },
      period: { start: '2023-01-01', end: '2023-01-31' },
      value: 24634,
      unit: 'persons',
      revision: 2,
      quality: 'validated',
    });
  });

  it('leaves empty cells out instead of sending ""', () => {
    const row = input(full, 'pan-1,,irregular_crossings,PAN,,,,2023-01-01,,24634,,,');
    expect(row).toEqual({
      signalId: 'pan-1',
      reporter: 'PAN',
      indicator: 'irregular_crossings',
      location: { country: 'PAN' },
      period: { start: '2023-01-01' },
      value: 24634,
    });
  });

  it.each([
    ['24634', 24634],
    ['-12', -12],
    ['1538.5', 1538.5],
    ['24,634', '24,634'],
    ['1 538', '1 538'],
    ['0x10', '0x10'],
    ['Infinity', 'Infinity'],
    ['n/a', 'n/a'],
  ])(
    'reads the value %p as %p: anything but a plain number is left for validation to call WRONG_TYPE',
    (cell, value) => {
      const row = mapRow(['irregular_crossings', 'PAN', 'darien', '2023-01', cell], monthly, 'PAN');
      expect(row).toEqual({ ok: true, input: expect.objectContaining({ value }) as unknown });
    },
  );

  it('turns a month into its first and last day', () => {
    expect(input(monthly, 'irregular_crossings,PAN,darien,2024-02,1').period).toEqual({
      start: '2024-02-01',
      end: '2024-02-29',
    });
    expect(input(monthly, 'irregular_crossings,PAN,darien,2023-12,1').period).toEqual({
      start: '2023-12-01',
      end: '2023-12-31',
    });
  });

  it.each(['2023-13', '2023-1', 'Jan-23', '2023-01-01'])('refuses the month %p', (month) => {
    expect(mapRow(['irregular_crossings', 'PAN', 'darien', month, '1'], monthly, 'PAN')).toEqual({
      ok: false,
      fault: expect.objectContaining({ code: 'INVALID_VALUE', path: '$.period' }) as unknown,
    });
  });

  it('derives a signal id from the row when the file gives none', () => {
    const row = input(monthly, 'irregular_crossings,PAN,darien,2023-01,24634');
    expect(row.signalId).toBe(
      derivedSignalId({
        reporter: 'PAN',
        indicator: 'irregular_crossings',
        location: { country: 'PAN', place: 'darien' },
        period: { start: '2023-01-01', end: '2023-01-31' },
        revision: undefined,
      }),
    );
    expect(input(monthly, 'irregular_crossings,PAN,darien,2023-01,99999').signalId).toBe(row.signalId);
  });

  it("takes the agency's reporter unless the row names one", () => {
    expect(input(monthly, 'irregular_crossings,PAN,darien,2023-01,1').reporter).toBe('PAN');
    expect(input(full, 'x,COL,irregular_crossings,PAN,,,,2023-01-01,2023-01-31,1,,,').reporter).toBe('COL');
  });
});
