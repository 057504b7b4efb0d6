import fc from 'fast-check';
import { DateTime, Duration } from 'luxon';
import { plus } from './time';

const onTheCalendar = (at: string, duration: string) =>
  DateTime.fromISO(at, { zone: 'utc' }).plus(Duration.fromISO(duration)).toUTC().toISO();

describe('plus', () => {
  it('adds weeks, days, hours, minutes and seconds exactly as the UTC calendar does', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('2000-01-01T00:00:00Z'),
          max: new Date('2040-01-01T00:00:00Z'),
          noInvalidDate: true,
        }),
        fc.constantFrom('+00:00', '-05:00', '+05:30', 'Z'),
        fc.record({
          W: fc.nat(3),
          D: fc.nat(40),
          H: fc.nat(100),
          M: fc.nat(90),
          S: fc.nat(90),
        }),
        (date, offset, parts) => {
          const at = DateTime.fromJSDate(date, { zone: 'utc' })
            .setZone(offset === 'Z' ? 'utc' : `UTC${offset}`)
            .toISO()!;
          const duration = `P${parts.W}W${parts.D}DT${parts.H}H${parts.M}M${parts.S + 1}S`;
          expect(plus(at, duration)).toBe(onTheCalendar(at, duration));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('adds months and years on the calendar: P1M from 31 January is the end of February', () => {
    expect(plus('2024-01-31T10:00:00.000Z', 'P1M')).toBe('2024-02-29T10:00:00.000Z');
    expect(plus('2023-01-31T10:00:00.000Z', 'P1M')).toBe('2023-02-28T10:00:00.000Z');
    expect(plus('2024-02-29T00:00:00.000Z', 'P1Y')).toBe('2025-02-28T00:00:00.000Z');
    expect(plus('2024-03-01T12:00:00.000Z', 'PT72H')).toBe('2024-03-04T12:00:00.000Z');
  });
});
