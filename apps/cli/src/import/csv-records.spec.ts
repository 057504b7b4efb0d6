import { readCsvRecords } from './csv-records';

const records = (text: string) => {
  const read = readCsvRecords(text);
  if (!read.ok) throw new Error(read.message);
  return read.records;
};

describe('readCsvRecords', () => {
  it('numbers records by the line they start on, past quoted line breaks and blank lines', () => {
    const text = 'a,b\n1,"two\nlines"\n\n3,4\n';
    expect(records(text)).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 2, cells: ['1', 'two\nlines'] },
      { line: 5, cells: ['3', '4'] },
    ]);
  });

  it('drops a byte-order mark, trims cells and skips rows of empty cells', () => {
    expect(records('\ufeffa , b\r\n,\r\n 1 ,2\r\n')).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 3, cells: ['1', '2'] },
    ]);
  });

  it('reads a semicolon export, where a comma may be part of a cell', () => {
    expect(records('a;b\n1,5;2\n')).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 2, cells: ['1,5', '2'] },
    ]);
  });

  it('keeps ragged rows for the caller to judge', () => {
    expect(records('a,b\n1\n1,2,3\n').map((r) => r.cells.length)).toEqual([2, 1, 3]);
  });

  it('says why a file cannot be read', () => {
    expect(readCsvRecords('a,b\n1,"open\n')).toEqual({
      ok: false,
      message: expect.stringMatching(/^not a readable CSV file: Quote Not Closed/) as unknown,
    });
  });
});
