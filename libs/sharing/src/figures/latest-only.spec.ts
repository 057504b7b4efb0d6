import { Figure } from './figure.types';
import { latestOnly } from './latest-only';

const day = (place: string, date: string, value: number, extra: Partial<Figure> = {}): Figure => ({
  reporter: 'PAN',
  indicator: 'arrivals_transit',
  location: { country: 'PAN', place },
  period: { start: date, end: date },
  value,
  ...extra,
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
