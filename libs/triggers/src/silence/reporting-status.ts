import { Duration } from 'luxon';
import { ReportingStatus } from '@atalaya/contracts';
import { Cadence } from '@atalaya/reference';
import { missedReports } from './silence';

/** The latest report of one reporter's indicator, as stored. */
export interface LatestReport {
  readonly reporter: string;
  readonly indicator: string;
  readonly lastReportAt: string;
  readonly latestPeriodEnd: string;
}

const cadenceEvery: Record<Cadence, Duration> = {
  daily: Duration.fromISO('P1D'),
  weekly: Duration.fromISO('P1W'),
  monthly: Duration.fromISO('P1M'),
};

/**
 * Each reporter against its agreed cadence at `now`: `reporting` when no deadline has passed since its last
 * report, `late` with the deadlines passed (counted as the no-data triggers count them), `never` when it was
 * never heard. Reporters in the order given; their indicators by name.
 */
export function reportingStatus(
  reporters: readonly { readonly iso3: string; readonly cadence: Cadence }[],
  latest: readonly LatestReport[],
  now: string,
): ReportingStatus {
  return {
    at: now,
    reporters: reporters.map(({ iso3, cadence }) => {
      const own = latest
        .filter((l) => l.reporter === iso3)
        .sort((a, b) => a.indicator.localeCompare(b.indicator));
      const last =
        own
          .map((l) => l.lastReportAt)
          .sort()
          .at(-1) ?? null;
      const missed =
        last === null ? 0 : missedReports(cadenceEvery[cadence], { at: last, signalId: '' }, now);
      return {
        reporter: iso3,
        cadence,
        status: last === null ? 'never' : missed > 0 ? 'late' : 'reporting',
        lastReportAt: last,
        missedReports: missed,
        indicators: own.map(({ indicator, lastReportAt, latestPeriodEnd }) => ({
          indicator,
          lastReportAt,
          latestPeriodEnd,
        })),
      };
    }),
  };
}
