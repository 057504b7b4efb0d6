import { z } from 'zod';
import { identifier, iso3, isoDate } from './primitives.schema';

export const locationSchema = z.strictObject({
  country: iso3,
  admin1: z.string().min(1).max(16).optional(),
  place: identifier.optional(),
  corridor: identifier.optional(),
});

export const periodSchema = z.strictObject({ start: isoDate, end: isoDate });

/** One aggregate observation from one reporting state, as an agency sends it. */
export const signalSchema = z.strictObject({
  signalId: z.string().min(8).max(128),
  reporter: iso3,
  indicator: identifier,
  location: locationSchema,
  period: periodSchema,
  value: z.number(),
});

export type Signal = z.infer<typeof signalSchema>;
export type SignalLocation = z.infer<typeof locationSchema>;
export type Period = z.infer<typeof periodSchema>;

/** The series an observation belongs to: what the engine partitions and evaluates by. */
export function seriesKeyOf(s: Pick<Signal, 'reporter' | 'indicator' | 'location'>): string {
  const { country, admin1, place } = s.location;
  return [s.reporter, s.indicator, country, admin1 ?? '-', place ?? '-'].join('/');
}
