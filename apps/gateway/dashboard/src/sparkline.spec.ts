import type { SharedFiguresResponse } from '@atalaya/contracts';
import { sparklineFigures, sparklinePoints } from './sparkline';

const figure = (end: string, value: number, place?: string): SharedFiguresResponse['figures'][number] => ({
  reporter: 'PAN',
  indicator: 'irregular_crossings',
  granularity: place === undefined ? 'national' : 'place',
  location: { country: 'PAN', ...(place === undefined ? {} : { place }) },
  period: { start: `${end.slice(0, 8)}01`, end },
  value,
  aggregatedFrom: 1,
  breakdowns: [],
  policy: { basis: 'own-data', reporter: 'PAN' },
});

describe('sparklines', () => {
  it("draw a state's national figures, oldest first", () => {
    const chosen = sparklineFigures([
      figure('2024-02-29', 2),
      figure('2024-02-29', 9, 'darien'),
      figure('2024-01-31', 1),
    ]);
    expect(chosen.map((f) => [f.period.end, f.value])).toEqual([
      ['2024-01-31', 1],
      ['2024-02-29', 2],
    ]);
  });

  it('draw the place with the most periods when the state gives no national figure', () => {
    const chosen = sparklineFigures([
      figure('2024-01-31', 5, 'paso_canoas'),
      figure('2024-01-31', 7, 'darien'),
      figure('2024-02-29', 8, 'darien'),
    ]);
    expect(chosen.map((f) => f.location.place)).toEqual(['darien', 'darien']);
  });

  it('scale values into the box, the highest at the top', () => {
    expect(sparklinePoints([0, 5, 10], 24, 12)).toBe('2.0,10.0 12.0,6.0 22.0,2.0');
    expect(sparklinePoints([3, 3], 10, 10)).toBe('2.0,8.0 8.0,8.0');
    expect(sparklinePoints([], 10, 10)).toBe('');
  });
});
