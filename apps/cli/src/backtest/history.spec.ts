import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signalSchema } from '@atalaya/contracts';
import { fakeReference, repoRoot } from '@atalaya/testing';
import { backtest, parseCatalogue } from '@atalaya/triggers';
import { databaseName } from './db-history';
import { historyFromFile, historyFromManifest, isManifest, latestRevisions } from './history';

const ctx = { reporter: 'PAN', reference: fakeReference, today: '2025-06-30' };
const dir = mkdtempSync(join(tmpdir(), 'backtest-history-'));
const write = (name: string, text: string): string => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

describe('historyFromFile', () => {
  it('reads an HXL file of the import layout into observations, oldest first', () => {
    const history = historyFromFile(join(repoRoot(), 'deploy/demo/import/hnd-sample-hxl.csv'), {
      ...ctx,
      reporter: 'HND',
    });
    expect(history).toHaveLength(6);
    expect(history[0]).toMatchObject({
      seriesKey: 'HND/irregular_entries/HND/-/-',
      period: { start: '2023-01-01', end: '2023-01-31' },
      value: 18882,
    });
    const starts = history.map((o) => o.period.start);
    expect(starts).toEqual([...starts].sort());
  });

  it('keeps the highest revision of a series and period', () => {
    const path = write(
      'revised.csv',
      'indicator,country,place,month,value,revision\n' +
        'irregular_crossings,PAN,darien,2023-02,24657,1\n' +
        'irregular_crossings,PAN,darien,2023-01,24000,1\n' +
        'irregular_crossings,PAN,darien,2023-01,24634,2\n',
    );
    expect(historyFromFile(path, ctx).map((o) => [o.period.start, o.value])).toEqual([
      ['2023-01-01', 24634],
      ['2023-02-01', 24657],
    ]);
  });

  it('asks for the reporter, in capitals', () => {
    const path = join(repoRoot(), 'deploy/demo/import/pan-sample.csv');
    expect(() => historyFromFile(path, { ...ctx, reporter: undefined })).toThrow(
      /pan-sample\.csv is a CSV\/HXL history: name the state .* --reporter <ISO3>/,
    );
    expect(() => historyFromFile(path, { ...ctx, reporter: 'pan' })).toThrow('in capitals');
  });

  it('refuses a file with bad rows, pointing at each line', () => {
    const path = join(repoRoot(), 'deploy/demo/import/pan-with-errors.csv');
    expect(() => historyFromFile(path, ctx)).toThrow(
      /8 of 10 rows are not valid; fix them before a backtest:\n {2}.*pan-with-errors\.csv:3: WRONG_TYPE: /,
    );
  });

  it('refuses a file that is no history at all, naming what is missing', () => {
    const path = write('no-value.csv', 'indicator,country,month\nirregular_crossings,PAN,2023-01\n');
    expect(() => historyFromFile(path, ctx)).toThrow(/cannot be read as a history .*\n {2}MISSING_COLUMN: /);
    expect(() => historyFromFile(join(dir, 'absent.csv'), ctx)).toThrow(/^cannot read .*absent\.csv/);
  });
});

describe('historyFromManifest', () => {
  it('reads the demo feed: 377 monthly observations of four series', () => {
    const history = historyFromManifest(join(repoRoot(), 'deploy/demo/feed.yaml'));
    expect(history).toHaveLength(377);
    expect(new Set(history.map((o) => o.seriesKey))).toEqual(
      new Set([
        'PAN/irregular_crossings/PAN/-/darien',
        'USA/encounters/USA/-/southwest_border',
        'HND/irregular_entries/HND/-/-',
        'MEX/irregular_migrants_presented/MEX/-/-',
      ]),
    );
  });
});

describe('historyFromManifest: series breaks', () => {
  const csv =
    'date,country_iso3,origin_iso3,indicator,value,source\n' +
    ['2022-11,COL,,irregular_entries,250,s', '2022-12,COL,,irregular_entries,280,s']
      .concat(['2023-01,COL,,irregular_entries,21891,s', '2023-01,COL,VEN,irregular_entries,9000,s'])
      .join('\n');
  write('col.csv', `${csv}\n`);
  const manifest = (breaks: string) =>
    write('breaks.yaml', `series:\n  - file: col.csv\n    breaks:\n${breaks}`);

  it('puts the break on the observation of the month it names, and on no other', () => {
    const path = manifest('      - { period: 2023-01, kind: coverage, note: a new register }\n');
    expect(historyFromManifest(path).map((o) => [o.period.start, o.seriesBreak])).toEqual([
      ['2022-11-01', undefined],
      ['2022-12-01', undefined],
      ['2023-01-01', { kind: 'coverage', note: 'a new register' }],
    ]);
  });

  it('refuses, at its file and line, a break at a month the series does not have', () => {
    const path = manifest(
      '      - { period: 2022-12, kind: method }\n      - { period: 2023-02, kind: coverage }\n',
    );
    expect(() => historyFromManifest(path)).toThrow(
      /^.*breaks\.yaml:5:19: series\.0\.breaks\.1\.period: col\.csv has no total for 2023-02: declare a break at the first month/,
    );
  });

  it('refuses, at its file and line, a break that is no month or no kind of break', () => {
    const path = manifest(
      '      - { period: 2023-01-01, kind: coverage }\n      - { period: 2023-01, kind: scope }\n',
    );
    expect(() => historyFromManifest(path)).toThrow(
      /breaks\.yaml:4:19: series\.0\.breaks\.0\.period: must be a month \(YYYY-MM\)\n.*breaks\.yaml:5:\d+: series\.0\.breaks\.1\.kind: /,
    );
  });

  it("declares Colombia's change of coverage in January 2023 in the catalogue's history", () => {
    const history = historyFromManifest(join(repoRoot(), 'deploy/catalogue/backtest.yaml'));
    const breaks = history.filter((o) => o.seriesBreak !== undefined);
    expect(breaks.map((o) => [o.seriesKey, o.period.start, o.value, o.seriesBreak?.kind])).toEqual([
      ['COL/irregular_entries/COL/-/-', '2023-01-01', 21891, 'coverage'],
    ]);
    expect(breaks[0].seriesBreak?.note).toMatch(/280 entries in December 2022, 21,891 in January 2023/);
  });

  it("keeps the catalogue's rolling high from reading Colombia's new coverage as a surge", () => {
    const catalogue = parseCatalogue(
      readFileSync(join(repoRoot(), 'deploy/catalogue/triggers.yaml'), 'utf8'),
    );
    const quarterHigh = catalogue.triggers.filter((t) => t.id === 'movement-quarter-high');
    const colombia = historyFromManifest(join(repoRoot(), 'deploy/catalogue/backtest.yaml')).filter(
      (o) => o.reporter === 'COL',
    );
    const unbroken = colombia.map(({ seriesBreak: _, ...o }) => o);
    expect(
      backtest(quarterHigh, unbroken).events.map((e) => [e.type, e.evidence.period.start]),
    ).toContainEqual(['firing', '2023-03-01']);
    expect(backtest(quarterHigh, colombia).events).toEqual([]);
  });
});

describe('isManifest, latestRevisions, databaseName', () => {
  it('tells a manifest from a data file by its extension', () => {
    expect(['feed.yaml', 'FEED.YML'].map(isManifest)).toEqual([true, true]);
    expect(['figures.csv', 'figures.hxl'].map(isManifest)).toEqual([false, false]);
  });

  it('keeps the first of two rows of the same revision, as ingest would', () => {
    const signal = (value: number) =>
      signalSchema.parse({
        signalId: `pan-jan-${value}`,
        reporter: 'PAN',
        indicator: 'irregular_crossings',
        location: { country: 'PAN' },
        period: { start: '2023-01-01', end: '2023-01-31' },
        value,
      });
    expect(latestRevisions([signal(1), signal(2)]).map((s) => s.value)).toEqual([1]);
  });

  it('names a database without its credentials', () => {
    expect(databaseName('postgres://user:secret@db.example:5433/atalaya_test')).toBe(
      'atalaya_test on db.example:5433',
    );
  });
});
