import { z } from 'zod';

export const iso3 = z
  .string()
  .regex(/^[A-Z]{3}$/, 'must be an ISO 3166-1 alpha-3 code in capitals, e.g. "PAN"');

export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a calendar date YYYY-MM-DD')
  .refine(
    (s) =>
      !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s),
    {
      message: 'is not a real calendar date',
    },
  );

export const identifier = z
  .string()
  .regex(/^[a-z][a-z0-9_]*$/, 'must be a lower-case identifier such as "irregular_crossings"');

/**
 * A reporting state whose identity was established: by the API key it presented, the topic it writes, or
 * the reference data that names it. Tenant-scoped repository methods take this, not any string.
 */
export const reporterSchema = iso3.brand<'Reporter'>();
export type Reporter = z.infer<typeof reporterSchema>;

/**
 * The key of one reported series, `REPORTER/indicator/COUNTRY/admin1-or-dash/place-or-dash` as `seriesKeyOf`
 * builds it. Derived series (corridors, silences) have keys of their own and are not `SeriesKey`s.
 */
export const seriesKeySchema = z
  .string()
  .regex(
    /^[A-Z]{3}\/[^/\s]+\/[A-Z]{3}\/[^/\s]+\/[^/\s]+$/,
    'must be a series key such as "PAN/irregular_crossings/PAN/-/darien"',
  )
  .brand<'SeriesKey'>();
export type SeriesKey = z.infer<typeof seriesKeySchema>;
