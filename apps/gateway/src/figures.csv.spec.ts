import { parse } from 'csv-parse/sync';
import { FIGURES_CSV_COLUMNS, figuresCsv } from './figures.csv';

const period = { start: '2025-06-01', end: '2025-06-30' };
const policy = { basis: 'policy', reporter: 'PAN', version: 2, rule: 1 } as const;

describe('figuresCsv', () => {
  const rows = parse<Record<string, string>>(
    figuresCsv({
      purpose: 'early_warning',
      at: '2025-08-01T00:00:00.000Z',
      next: null,
      figures: [
        {
          reporter: 'PAN',
          indicator: 'irregular_crossings',
          granularity: 'admin1',
          location: { country: 'PAN', admin1: 'PA-5' },
          period,
          value: 182,
          aggregatedFrom: 2,
          retention: 'P1Y',
          policy,
          breakdowns: [
            {
              dimensions: ['sex', 'ageBand'],
              minCell: 5,
              total: 182,
              cells: [
                { key: { sex: 'female', ageBand: '0-4' }, value: null, suppressed: 'small-cell' },
                { key: { sex: 'female' }, value: 90 },
              ],
            },
          ],
        },
      ],
      omissions: [
        {
          reason: 'embargoed',
          message: 'under embargo until 2025-09-01',
          reporter: 'PAN',
          indicator: 'irregular_crossings',
          period: { start: '2025-07-01', end: '2025-07-31' },
          figures: 3,
          policy,
        },
      ],
    }),
    { columns: true },
  );

  it('writes the figure, each cell of its breakdowns, then each omission, under one header', () => {
    expect(Object.keys(rows[0])).toEqual([...FIGURES_CSV_COLUMNS]);
    expect(rows.map((r) => [r.value, r.breakdown, r.category, r.suppressed, r.withheld])).toEqual([
      ['182', '', '', '', ''],
      ['', 'sex×ageBand', 'sex=female;ageBand=0-4', 'small-cell', ''],
      ['90', 'sex×ageBand', 'sex=female;ageBand=all', '', ''],
      ['', '', '', '', 'embargoed: under embargo until 2025-09-01'],
    ]);
  });

  it('repeats where, when and under which policy on every row of a figure', () => {
    expect(rows.slice(0, 3).map((r) => [r.admin1, r.period_start, r.policy_version, r.keep_for])).toEqual([
      ['PA-5', '2025-06-01', '2', 'P1Y'],
      ['PA-5', '2025-06-01', '2', 'P1Y'],
      ['PA-5', '2025-06-01', '2', 'P1Y'],
    ]);
    expect(rows[0].aggregated_from).toBe('2');
    expect(rows[3].period_start).toBe('2025-07-01');
  });
});
