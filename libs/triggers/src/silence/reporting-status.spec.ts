import { reportingStatus } from './reporting-status';

const reporters = [
  { iso3: 'PAN', cadence: 'monthly' as const },
  { iso3: 'HND', cadence: 'weekly' as const },
  { iso3: 'JAM', cadence: 'monthly' as const },
];
const latest = [
  {
    reporter: 'PAN',
    indicator: 'irregular_crossings',
    lastReportAt: '2026-11-10T08:00:00.000Z',
    latestPeriodEnd: '2026-10-31',
  },
  {
    reporter: 'PAN',
    indicator: 'arrivals_transit',
    lastReportAt: '2026-11-20T08:00:00.000Z',
    latestPeriodEnd: '2026-11-19',
  },
  {
    reporter: 'HND',
    indicator: 'irregular_entries',
    lastReportAt: '2026-11-10T08:00:00.000Z',
    latestPeriodEnd: '2026-11-09',
  },
];

describe('reportingStatus', () => {
  const status = reportingStatus(reporters, latest, '2026-12-02T06:00:00.000Z');

  it('counts from the latest report of any indicator, against the cadence the reporter agreed', () => {
    expect(status.reporters.map((r) => [r.reporter, r.status, r.lastReportAt, r.missedReports])).toEqual([
      ['PAN', 'reporting', '2026-11-20T08:00:00.000Z', 0],
      ['HND', 'late', '2026-11-10T08:00:00.000Z', 3],
      ['JAM', 'never', null, 0],
    ]);
  });

  it("lists each reporter's indicators by name with the end of the latest period given", () => {
    expect(status.reporters[0].indicators.map((i) => [i.indicator, i.latestPeriodEnd])).toEqual([
      ['arrivals_transit', '2026-11-19'],
      ['irregular_crossings', '2026-10-31'],
    ]);
  });

  it('turns late once the first deadline after the last report has passed', () => {
    const justDue = reportingStatus(reporters.slice(0, 1), latest.slice(0, 2), '2026-12-20T08:00:01.000Z');
    expect(justDue.reporters[0]).toMatchObject({ status: 'late', missedReports: 1 });
  });
});
