import { reporterSchema, seriesKeySchema } from './primitives.schema';
import { seriesKeyOf } from './signal.schema';

describe('branded primitives', () => {
  it('takes every key seriesKeyOf builds as a SeriesKey, with or without admin1 and place', () => {
    const keys = [
      seriesKeyOf({ reporter: 'PAN', indicator: 'irregular_crossings', location: { country: 'PAN' } }),
      seriesKeyOf({
        reporter: 'CRI',
        indicator: 'shelter_occupancy',
        location: { country: 'CRI', admin1: 'CR-P', place: 'paso_canoas' },
      }),
    ];
    expect(keys.map((k) => seriesKeySchema.safeParse(k).success)).toEqual([true, true]);
  });

  it('refuses the keys of derived series and strings that only look like a reporter', () => {
    for (const key of ['corridor/darien_north', 'silence/PAN', 'PAN', 'pan/x/PAN/-/-']) {
      expect(seriesKeySchema.safeParse(key).success).toBe(false);
    }
    expect(reporterSchema.safeParse('PAN').success).toBe(true);
    expect(reporterSchema.safeParse('Panama').success).toBe(false);
  });
});
