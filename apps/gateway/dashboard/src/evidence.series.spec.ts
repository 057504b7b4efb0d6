import type { SharedAlertEvent, SharedFiguresResponse } from '@atalaya/contracts';
import { alertSpans, backtestChart, evidenceChart } from './evidence.series';
import { seriesOf } from './series-key';

const month = (m: string) => ({ start: `2023-${m}-01`, end: `2023-${m}-28` });

function event(
  type: SharedAlertEvent['type'],
  level: SharedAlertEvent['level'],
  m: string,
  evidence: Partial<SharedAlertEvent['evidence']> = {},
): SharedAlertEvent {
  return {
    eventId: `e-${type}-${m}`,
    alertId: 'alert-1',
    type,
    level,
    previousLevel: null,
    severity: 'Severe',
    urgency: 'Expected',
    shadow: false,
    trigger: { id: 'honduras-entries-surge', version: 3, title: 'Irregular entries into Honduras' },
    seriesKey: 'HND/irregular_entries/HND/-/-',
    evidence: { period: month(m), threshold: 0, comparison: 'above', signalId: `s-${m}`, ...evidence },
  };
}

function figure(
  place: string | undefined,
  m: string,
  value: number,
): SharedFiguresResponse['figures'][number] {
  return {
    reporter: 'HND',
    indicator: 'irregular_entries',
    granularity: place === undefined ? 'national' : 'place',
    location: { country: 'HND', ...(place === undefined ? {} : { place }) },
    period: month(m),
    value,
    aggregatedFrom: 1,
    breakdowns: [],
    policy: { basis: 'own-data', reporter: 'HND' },
  };
}

describe('evidenceChart', () => {
  const events = [
    event('firing', 'watch', '03', { value: 3000, threshold: 2700 }),
    event('escalated', 'emergency', '05', { value: 30000, threshold: 23000 }),
    event('updated', 'emergency', '06', { threshold: 23000, reason: 'new-peak' }),
    event('de-escalated', 'warning', '08', { value: 15000, threshold: 18000, comparison: 'below-clear' }),
    event('resolved', null, '10', { value: 900, threshold: 10000, comparison: 'below-clear' }),
  ];

  it("draws the national series' figures, the events' own figures and the thresholds crossed upwards", () => {
    const chart = evidenceChart(seriesOf('HND/irregular_entries/HND/-/-'), events, [
      figure(undefined, '05', 30000),
      figure('trojes', '05', 20000),
      figure(undefined, '03', 3000),
    ]);
    expect(chart.figures).toEqual([
      ['2023-03-28', 3000],
      ['2023-05-28', 30000],
    ]);
    expect(chart.eventPoints.map((p) => [p.at, p.value])).toEqual([
      ['2023-03-28', 3000],
      ['2023-05-28', 30000],
      ['2023-08-28', 15000],
      ['2023-10-28', 900],
    ]);
    expect(chart.thresholds).toEqual([
      { level: 'watch', value: 2700 },
      { level: 'emergency', value: 23000 },
    ]);
  });

  it("keeps a place's series to that place", () => {
    const chart = evidenceChart(
      seriesOf('HND/irregular_entries/HND/HN-EP/trojes'),
      [],
      [figure(undefined, '05', 30000), figure('trojes', '05', 20000)],
    );
    expect(chart.figures).toEqual([['2023-05-28', 20000]]);
  });

  it('has no figures for a corridor, whose evidence is its members', () => {
    expect(
      evidenceChart(seriesOf('corridor/darien_north'), [], [figure(undefined, '05', 1)]).figures,
    ).toEqual([]);
  });
});

describe('alertSpans', () => {
  it('spans each level from the period that set it to the one that changed it, merging restatements', () => {
    expect(
      alertSpans([
        event('pending', 'watch', '02'),
        event('firing', 'watch', '03'),
        event('escalated', 'emergency', '05'),
        event('updated', 'emergency', '06'),
        event('de-escalated', 'warning', '08'),
        event('resolved', null, '10'),
      ]),
    ).toEqual([
      { level: 'watch', from: '2023-03-01', to: '2023-05-01' },
      { level: 'emergency', from: '2023-05-01', to: '2023-08-01' },
      { level: 'warning', from: '2023-08-01', to: '2023-10-01' },
    ]);
  });

  it('leaves the last span open while the alert is active', () => {
    expect(alertSpans([event('firing', 'emergency', '05')])).toEqual([
      { level: 'emergency', from: '2023-05-01', to: null },
    ]);
  });
});

describe('backtestChart', () => {
  it('spans each alert the backtest would have raised on its own', () => {
    const other = (e: SharedAlertEvent): SharedAlertEvent => ({ ...e, alertId: 'alert-2' });
    const chart = backtestChart([
      event('firing', 'watch', '01', { value: 3000, threshold: 2700 }),
      event('resolved', null, '02', { value: 100, threshold: 2100, comparison: 'below-clear' }),
      other(event('firing', 'warning', '04', { value: 14000, threshold: 13000 })),
    ]);
    expect(chart.spans).toEqual([
      { level: 'watch', from: '2023-01-01', to: '2023-02-01' },
      { level: 'warning', from: '2023-04-01', to: null },
    ]);
    expect(chart.thresholds.map((th) => th.level)).toEqual(['watch', 'warning']);
    expect(chart.figures).toEqual([]);
  });
});
