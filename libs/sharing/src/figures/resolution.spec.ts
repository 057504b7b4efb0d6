import { Figure } from './figure.types';
import { byMonth, latestOnly } from './resolution';

const day = (place: string, date: string, value: number, extra: Partial<Figure> = {}): Figure => ({
  reporter: 'PAN',
  indicator: 'arrivals_transit',
  location: { country: 'PAN', place },
  period: { start: date, end: date },
  value,
  ...extra,
});
const kindOf = (indicator: string) =>
  indicator === 'arrivals_transit' ? 'flow' : indicator === 'shelter_occupancy' ? 'stock' : undefined;

describe('byMonth', () => {
  it("adds up a flow's days into its months, place by place, and their cells category by category", () => {
    const months = byMonth(
      [
        day('darien', '2025-06-01', 10, { disaggregation: [{ nationality: 'VEN', value: 10 }] }),
        day('darien', '2025-06-30', 5, {
          disaggregation: [
            { nationality: 'VEN', value: 3 },
            { nationality: 'ECU', value: 2 },
          ],
        }),
        day('darien', '2025-07-01', 7),
        day('san_vicente', '2025-06-15', 4),
      ],
      kindOf,
    );
    expect(months.map((f) => [f.location.place, f.period, f.value])).toEqual([
      ['darien', { start: '2025-06-01', end: '2025-06-30' }, 15],
      ['darien', { start: '2025-07-01', end: '2025-07-31' }, 7],
      ['san_vicente', { start: '2025-06-01', end: '2025-06-30' }, 4],
    ]);
    expect(months[0].disaggregation).toEqual([
      { nationality: 'VEN', value: 13 },
      { nationality: 'ECU', value: 2 },
    ]);
  });

  it('drops the breakdown of a month where some day came without one: its cells would not add up', () => {
    const [june] = byMonth(
      [
        day('darien', '2025-06-01', 10, { disaggregation: [{ nationality: 'VEN', value: 10 }] }),
        day('darien', '2025-06-02', 5),
      ],
      kindOf,
    );
    expect(june).not.toHaveProperty('disaggregation');
    expect(june.value).toBe(15);
  });

  it("takes a stock's last figure of the month, and leaves an indicator of unknown kind as reported", () => {
    const stock = (date: string, value: number) =>
      day('shelter', date, value, { indicator: 'shelter_occupancy' });
    const other = day('darien', '2025-06-03', 9, { indicator: 'mystery' });
    const months = byMonth([stock('2025-02-27', 80), stock('2025-02-01', 60), other], kindOf);
    expect(months.map((f) => [f.indicator, f.period.start, f.period.end, f.value])).toEqual([
      ['mystery', '2025-06-03', '2025-06-03', 9],
      ['shelter_occupancy', '2025-02-01', '2025-02-28', 80],
    ]);
  });
});

describe('latestOnly', () => {
  it('keeps the latest period of each series', () => {
    const latest = latestOnly([
      day('darien', '2025-06-01', 1),
      day('darien', '2025-06-03', 3),
      day('san_vicente', '2025-05-01', 2),
    ]);
    expect(latest.map((f) => [f.location.place, f.value])).toEqual([
      ['darien', 3],
      ['san_vicente', 2],
    ]);
  });
});
