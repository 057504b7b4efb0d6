import type { AlertDetail, AlertSummary, ReportingStatus } from '@atalaya/contracts';
import type { CatalogueEntry } from '@atalaya/triggers';
import {
  corridorMembers,
  corridorStandings,
  countsByLevel,
  overdueActions,
  placeStandings,
  silentReporters,
  stateStandings,
} from './overview.model';

function alert(
  id: string,
  seriesKey: string,
  level: AlertSummary['latest']['level'],
  status: 'active' | 'past' = 'active',
): AlertSummary {
  return {
    alertId: id,
    status,
    openedAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-02T00:00:00.000Z',
    withheld: [],
    latest: {
      eventId: `${id}-e`,
      alertId: id,
      type: status === 'active' ? 'firing' : 'resolved',
      level,
      previousLevel: null,
      severity: level === 'emergency' ? 'Extreme' : 'Moderate',
      urgency: 'Expected',
      shadow: false,
      trigger: { id: `t-${id}`, version: 1, title: `T ${id}` },
      seriesKey,
      evidence: {
        period: { start: '2025-12-01', end: '2025-12-31' },
        threshold: 1,
        comparison: 'above',
        signalId: 's',
      },
    },
  };
}

const alerts = [
  alert('a', 'HND/irregular_entries/HND/-/-', 'watch'),
  alert('b', 'HND/irregular_entries/HND/HN-EP/trojes', 'emergency'),
  alert('c', 'PAN/irregular_crossings/PAN/PA-5/darien', 'warning'),
  alert('d', 'corridor/darien_north', 'watch'),
  alert('e', 'MEX/irregular_migrants_presented/MEX/-/-', 'emergency', 'past'),
];

describe('the regional overview', () => {
  it('gives each state the highest level of its active alerts, and none to a quiet one', () => {
    const standings = stateStandings(alerts, ['HND', 'PAN', 'MEX']);
    expect([...standings].map(([s, st]) => [s, st.level, st.alerts.length])).toEqual([
      ['HND', 'emergency', 2],
      ['PAN', 'warning', 1],
      ['MEX', null, 0],
    ]);
  });

  it('marks the places with alerts of their own series', () => {
    expect([...placeStandings(alerts)].map(([p, st]) => [p, st.level])).toEqual([
      ['trojes', 'emergency'],
      ['darien', 'warning'],
    ]);
  });

  it("counts a corridor's composite alerts and those at its places", () => {
    const [north] = corridorStandings(alerts, [
      {
        id: 'darien_north',
        name: 'North',
        steps: [
          { place: 'darien', lagDays: 0 },
          { place: 'trojes', lagDays: 9 },
        ],
      },
    ]);
    expect([north.standing.level, north.standing.alerts.map((a) => a.alertId)]).toEqual([
      'emergency',
      ['b', 'c', 'd'],
    ]);
  });

  it('counts active alerts by level, the highest first', () => {
    expect(countsByLevel(alerts)).toEqual([
      { level: 'emergency', severity: 'Extreme', count: 1 },
      { level: 'warning', severity: 'Moderate', count: 1 },
      { level: 'watch', severity: 'Moderate', count: 2 },
    ]);
  });

  it('lists overdue actions soonest due first', () => {
    const action = (actionId: string, dueAt: string, overdue: boolean) => ({
      actionId,
      organisation: 'ops_hnd',
      level: 'emergency',
      dueAt,
      status: null,
      overdue,
    });
    const detail = (a: AlertSummary, actions: ReturnType<typeof action>[]): AlertDetail => ({
      alert: a,
      events: [a.latest],
      timeline: { alertId: a.alertId, entries: [], actions },
    });
    const overdue = overdueActions([
      detail(alerts[0], [
        action('x', '2026-01-03T00:00:00Z', true),
        action('y', '2026-01-01T00:00:00Z', false),
      ]),
      detail(alerts[1], [action('z', '2026-01-02T00:00:00Z', true)]),
      { alert: alerts[2], events: [], timeline: null },
    ]);
    expect(overdue.map((o) => [o.alert.alertId, o.action.actionId])).toEqual([
      ['b', 'z'],
      ['a', 'x'],
    ]);
  });

  it('lists the late reporters, most reports missed first, then those never heard', () => {
    const reporter = (r: string, status: 'reporting' | 'late' | 'never', missedReports: number) => ({
      reporter: r,
      cadence: 'monthly' as const,
      status,
      lastReportAt: status === 'never' ? null : '2025-10-01T00:00:00Z',
      missedReports,
      indicators: [],
    });
    const status: ReportingStatus = {
      at: '2026-01-01T00:00:00Z',
      reporters: [
        reporter('ARG', 'never', 0),
        reporter('PAN', 'reporting', 0),
        reporter('MEX', 'late', 1),
        reporter('HND', 'late', 3),
      ],
    };
    expect(silentReporters(status).map((r) => r.reporter)).toEqual(['HND', 'MEX', 'ARG']);
  });
});

describe('corridorMembers', () => {
  const entry = (id: string, condition: unknown) =>
    ({ trigger: { id, condition }, versions: [] }) as unknown as CatalogueEntry;
  const entries = [
    entry('darien-surge', { type: 'threshold' }),
    entry('north', {
      type: 'corridor_composite',
      corridor: 'darien_north',
      members: [
        { place: 'darien', indicator: 'irregular_crossings', above: 25000 },
        { place: 'trojes', indicator: 'irregular_entries', above: 13000 },
      ],
    }),
  ];

  it("gives a corridor's steps with the indicator its trigger counts at each, in route order", () => {
    expect(corridorMembers(entries, 'darien_north')).toEqual([
      { place: 'darien', indicator: 'irregular_crossings' },
      { place: 'trojes', indicator: 'irregular_entries' },
    ]);
  });

  it('gives none for a corridor no trigger reads', () => {
    expect(corridorMembers(entries, 'caribbean')).toEqual([]);
  });
});
