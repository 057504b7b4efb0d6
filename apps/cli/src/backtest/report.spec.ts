import type { AlertEvent } from '@atalaya/contracts';
import type { Scoring } from '@atalaya/triggers';
import { formatReport, triggerName, type BacktestReport } from './report';

const DARIEN = 'PAN/irregular_crossings/PAN/-/darien';

const firing: AlertEvent = {
  eventId: 'event-1',
  alertId: 'alert-1',
  type: 'firing',
  level: 'watch',
  previousLevel: null,
  severity: 'Moderate',
  urgency: 'Expected',
  shadow: true,
  trigger: { id: 'darien-surge', version: 2, title: 'Darién' },
  seriesKey: DARIEN,
  evidence: {
    value: 10267,
    period: { start: '2021-06-01', end: '2021-06-30' },
    threshold: 10000,
    comparison: 'above',
    signalId: 's',
  },
};

const scoring: Scoring = {
  maxLeadMonths: 6,
  triggers: [
    {
      triggerId: 'darien-surge',
      version: 2,
      shadow: true,
      knownEvents: 2,
      warnings: 3,
      hits: [
        {
          id: 'darien-2021',
          title: 'Haitian movement',
          from: '2021-07-01',
          to: '2021-10-31',
          warning: {
            alertEventId: 'event-1',
            type: 'firing',
            seriesKey: DARIEN,
            periodStart: '2021-06-01',
            level: 'watch',
          },
          leadDays: 30,
          leadMonths: 1,
          resolvedAfterMonths: 1,
        },
      ],
      misses: [
        {
          id: 'darien-2023',
          title: 'Record months',
          from: '2023-08-01',
          to: '2023-10-31',
          inForce: { seriesKey: DARIEN, level: 'warning', raised: '2022-05-01' },
        },
      ],
      falseAlarms: [
        {
          alertEventId: 'event-9',
          type: 'escalated',
          seriesKey: DARIEN,
          periodStart: '2024-09-01',
          level: 'warning',
        },
      ],
      medianLeadDays: 30,
      medianLeadMonths: 1,
      meanLeadDays: 30,
      meanLeadMonths: 1,
      hitRate: 0.5,
      seriesYears: 8,
      falseAlarmsPerSeriesYear: 0.125,
      medianResolvedAfterMonths: 1,
      series: [
        {
          seriesKey: DARIEN,
          seriesYears: 8,
          knownEvents: 2,
          hits: 1,
          misses: 1,
          falseAlarms: 1,
          hitRate: 0.5,
          falseAlarmsPerSeriesYear: 0.125,
          medianLeadMonths: 1,
          medianResolvedAfterMonths: 1,
        },
      ],
    },
  ],
  unscored: [
    {
      id: 'usa-2019',
      title: 'US 2019',
      from: '2019-03-01',
      to: '2019-06-30',
      reason: 'no trigger watches it',
    },
  ],
};

const report: BacktestReport = {
  catalogue: 'triggers.yaml',
  history: 'feed.yaml',
  observations: 377,
  events: [firing],
  activity: [
    { triggerId: 'darien-surge', version: 2, shadow: true, firingsByYear: { '2021': 1 }, events: 1 },
  ],
  unevaluated: [],
};

describe('formatReport', () => {
  it('prints the alerts and the activations per year, as before any scoring', () => {
    const text = formatReport(report);
    expect(text).toMatch(/^backtest of triggers\.yaml over 377 observations from feed\.yaml$/m);
    expect(text).toMatch(/^2021-06 FIRING +watch .*\(shadow: not dispatched\)$/m);
    expect(text).toMatch(/^darien-surge@2 \(shadow\) +1 +1$/m);
    expect(text).not.toContain('hits');
  });

  it('adds the score per trigger, marking a shadow trigger as the other tables do', () => {
    const text = formatReport({ ...report, knownEvents: 'known.yaml', scoring });
    expect(text).toContain(
      'scored against known.yaml: a warning (an alert raised or escalated, never one later cancelled) up to ' +
        '6 months before',
    );
    expect(text).toMatch(/^trigger +known +hits +misses +false alarms +median lead +mean lead$/m);
    expect(text).toMatch(
      /^darien-surge@2 \(shadow\) +2 +1 +1 +1 +30 days \(1 month\) +30 days \(1 month\)$/m,
    );
  });

  it('adds the detection quality of each trigger and of each of its series', () => {
    const text = formatReport({ ...report, knownEvents: 'known.yaml', scoring });
    expect(text).toMatch(/^trigger, series +hit rate +false alarms\/yr +series-years +resolved after$/m);
    expect(text).toMatch(/^darien-surge@2 \(shadow\) +50% +0\.13 +8\.0 +1 month$/m);
    expect(text).toMatch(/^ {2}PAN\/irregular_crossings\/PAN\/-\/darien +50% +0\.13 +8\.0 +1 month$/m);
  });

  it('gives median and mean leads in their own columns, and a dash for a trigger without hits', () => {
    const spread = {
      ...scoring.triggers[0],
      medianLeadDays: 122,
      medianLeadMonths: 4,
      meanLeadDays: 102,
      meanLeadMonths: 10 / 3,
    };
    const none = {
      ...scoring.triggers[0],
      triggerId: 'quiet',
      shadow: false,
      hits: [],
      medianLeadDays: null,
      medianLeadMonths: null,
      meanLeadDays: null,
      meanLeadMonths: null,
    };
    const text = formatReport({ ...report, scoring: { ...scoring, triggers: [spread, none] } });
    const header = text.split('\n').find((l) => l.startsWith('trigger ') && l.includes('mean lead')) ?? '';
    const row = text.split('\n').find((l) => l.includes('122 days')) ?? '';
    expect(row).toMatch(/ 122 days \(4 months\) +102 days \(3\.3 months\)$/);
    expect(row.indexOf('102 days')).toBe(header.indexOf('mean lead'));
    expect(text).toMatch(/^quiet@2 +2 +0 +1 +1 +- +-$/m);
  });

  it('widens the trigger column to the longest name, and names the triggers it could not run', () => {
    const long = 'asylum-applications-sustained-rise';
    const text = formatReport({
      ...report,
      activity: [
        ...report.activity,
        { triggerId: long, version: 1, shadow: true, firingsByYear: {}, events: 0 },
      ],
      unevaluated: [{ triggerId: 'reporter-silent', version: 1, shadow: false }],
    });
    expect(text).toMatch(new RegExp(`^${long}@1 \\(shadow\\) +0 +0$`, 'm'));
    const rows = text.split('\n').filter((l) => /^(trigger|darien-surge|asylum)/.test(l));
    expect(rows).toHaveLength(3);
    expect(new Set(rows.map((l) => l.length)).size).toBe(1);
    expect(text).toContain('not evaluated: reporter-silent@1: no-data triggers watch the engine');
  });

  it('names the option that would run the no-data triggers it could not', () => {
    const text = formatReport({
      ...report,
      unevaluated: [{ triggerId: 'reporter-silent', version: 1, shadow: false }],
    });
    expect(text).toMatch(
      /^not evaluated: reporter-silent@1: .*; --received-after <ISO 8601 duration> \(e\.g\. P15D\) runs them/m,
    );
    expect(text).not.toContain('assumed receipt times');
  });

  it('says on which receipt times the no-data triggers ran, and up to when', () => {
    const text = formatReport({
      ...report,
      clock: { receivedAfter: 'P15D', until: '2025-06-16T00:00:00.000Z' },
    });
    expect(text).toContain(
      'no-data triggers ran on assumed receipt times: each figure received P15D after its period ends, up to ' +
        '2025-06-16T00:00:00.000Z (the receipt of the last figure)',
    );
    expect(text).not.toContain('not evaluated');
  });

  it('explains each hit, miss and false alarm, and lists the events it could not score', () => {
    const text = formatReport({ ...report, knownEvents: 'known.yaml', scoring });
    expect(text).toContain(
      'hit          darien-2021: fired 2021-06 (watch), 30 days (1 month) ahead of its start',
    );
    expect(text).toContain(
      'miss         darien-2023: no warning on its series from 2023-02-01 to 2023-10-31: the alert raised ' +
        '2022-05 was still in force (warning) when it began, and rose no higher',
    );
    expect(text).toContain(`false alarm  escalated 2024-09 (warning) on ${DARIEN}`);
    expect(text).toMatch(/^not scored:\n {2}usa-2019 \(2019-03-01 to 2019-06-30\): no trigger watches it$/m);
  });

  it('says a late hit came after the start, and when no event could be scored at all', () => {
    const late = {
      ...scoring.triggers[0],
      knownEvents: 1,
      hits: [{ ...scoring.triggers[0].hits[0], leadDays: -30, leadMonths: -1 }],
      misses: [],
    };
    expect(formatReport({ ...report, scoring: { ...scoring, triggers: [late] } })).toContain(
      '30 days (1 month) after its start 2021-07-01',
    );
    const onTime = { ...late, hits: [{ ...late.hits[0], leadDays: 0, leadMonths: 0 }] };
    expect(formatReport({ ...report, scoring: { ...scoring, triggers: [onTime] } })).toContain(
      'darien-2021: fired 2021-06 (watch), at its start 2021-07-01',
    );
    const escalation = { ...late.hits[0].warning, type: 'escalated' as const, level: 'emergency' };
    const byEscalation = { ...late, hits: [{ ...late.hits[0], warning: escalation }] };
    expect(formatReport({ ...report, scoring: { ...scoring, triggers: [byEscalation] } })).toContain(
      'darien-2021: escalated 2021-06 (emergency), 30 days (1 month) after its start 2021-07-01',
    );
    const newPeak = { ...escalation, type: 'updated' as const };
    const byNewPeak = { ...late, hits: [{ ...late.hits[0], warning: newPeak }] };
    expect(formatReport({ ...report, scoring: { ...scoring, triggers: [byNewPeak] } })).toContain(
      'darien-2021: re-warned 2021-06 (emergency), 30 days (1 month) after its start 2021-07-01',
    );
    const none = { ...scoring, triggers: [{ ...late, knownEvents: 0, hits: [], medianLeadDays: null }] };
    expect(formatReport({ ...report, scoring: none })).toContain(
      'no known event concerns a series the catalogue watched in this history',
    );
  });
});

describe('triggerName', () => {
  it('marks shadow triggers', () => {
    expect(triggerName({ triggerId: 't', version: 1, shadow: false })).toBe('t@1');
    expect(triggerName({ triggerId: 't', version: 1, shadow: true })).toBe('t@1 (shadow)');
  });
});
