import { runInNewContext } from 'node:vm';
import type { AlertEvent, AlertEventType, AlertLevel } from '@atalaya/contracts';
import type { EvaluatedObservation, KnownEvent } from '@atalaya/triggers';
import { chartHtml, chartLibrary, chartSeries } from './chart';

const DARIEN = 'PAN/irregular_crossings/PAN/-/darien';
const HONDURAS = 'HND/irregular_entries/HND/-/-';

const obs = (seriesKey: string, start: string, value: number): EvaluatedObservation => ({
  signalId: `${seriesKey}@${start}`,
  reporter: seriesKey.slice(0, 3),
  indicator: seriesKey.split('/')[1],
  location: { country: seriesKey.slice(0, 3) },
  period: { start, end: start },
  value,
  seriesKey,
});

const event = (
  seriesKey: string,
  start: string,
  type: AlertEventType,
  level: AlertLevel | null,
  severity: AlertEvent['severity'] = 'Moderate',
): AlertEvent => ({
  eventId: `event-${seriesKey.slice(0, 3)}-${start}-${type}`,
  alertId: 'alert-1',
  type,
  level,
  previousLevel: level === null ? 'watch' : null,
  severity,
  urgency: 'Expected',
  shadow: seriesKey === HONDURAS,
  trigger: { id: seriesKey === DARIEN ? 'darien-surge' : 'honduras-surge', version: 2, title: 't' },
  seriesKey,
  evidence: { value: 1, period: { start, end: start }, threshold: 1, comparison: 'above', signalId: 's' },
});

const history = [
  obs(DARIEN, '2021-05-01', 4462),
  obs(DARIEN, '2021-06-01', 10267),
  obs(DARIEN, '2021-08-01', 25332),
  obs(HONDURAS, '2022-04-01', 12971),
  obs('MEX/irregular_migrants_presented/MEX/-/-', '2022-04-01', 31244),
];
const events = [
  event(DARIEN, '2021-06-01', 'firing', 'watch'),
  event(DARIEN, '2021-08-01', 'escalated', 'warning', 'Severe'),
  event(DARIEN, '2021-12-01', 'resolved', null),
  event(HONDURAS, '2022-04-01', 'firing', 'watch'),
];
const known: KnownEvent[] = [
  {
    id: 'darien-2021-haitian',
    title: 'Haitian movement <2021>',
    series: { place: 'darien' },
    from: '2021-06-01',
    to: '2021-10-31',
    source: 's',
  },
];

describe('chartSeries', () => {
  const series = chartSeries(history, events, known);

  it('gives every series its own chart, gaps as null, and room on the axis for every event', () => {
    expect(series.map((s) => s.seriesKey)).toEqual([
      HONDURAS,
      'MEX/irregular_migrants_presented/MEX/-/-',
      DARIEN,
    ]);
    const darien = series[2];
    expect(darien.labels).toEqual(['2021-05-01', '2021-06-01', '2021-08-01', '2021-12-01']);
    expect(darien.values).toEqual([4462, 10267, 25332, null]);
  });

  it('groups the events by trigger, type and level, coloured by severity and shaped by type', () => {
    expect(series[2].marks).toEqual([
      {
        label: 'darien-surge@2 · firing · watch',
        color: '#e3a008',
        pointStyle: 'triangle',
        points: [{ x: '2021-06-01', y: 1 }],
      },
      {
        label: 'darien-surge@2 · escalated · warning',
        color: '#e8590c',
        pointStyle: 'rectRot',
        points: [{ x: '2021-08-01', y: 1 }],
      },
      {
        label: 'darien-surge@2 · resolved · was watch',
        color: '#2b8a3e',
        pointStyle: 'circle',
        points: [{ x: '2021-12-01', y: 1 }],
      },
    ]);
    expect(series[0].marks[0].label).toBe('honduras-surge@2 (shadow) · firing · watch');
  });

  it('puts each known event on the series it concerns only', () => {
    expect(series.map((s) => s.knownEvents.map((k) => k.id))).toEqual([[], [], ['darien-2021-haitian']]);
  });

  it('shades an event that names triggers only on the series those triggers watched', () => {
    const corridorEvent: KnownEvent = {
      id: 'corridor-2022',
      title: 'Along the corridor',
      triggers: ['corridor-surge'],
      from: '2022-01-01',
      to: '2022-12-31',
      source: 's',
    };
    const watched = { 'corridor-surge': [{ seriesKey: HONDURAS, first: '2022-04-01', last: '2022-04-01' }] };
    const shaded = chartSeries(history, events, [corridorEvent], watched).map((s) => [
      s.seriesKey,
      s.knownEvents.map((k) => k.id),
    ]);
    expect(shaded).toEqual([
      [HONDURAS, ['corridor-2022']],
      ['MEX/irregular_migrants_presented/MEX/-/-', []],
      [DARIEN, []],
    ]);
  });

  it('makes a chart for a derived series known only from its events', () => {
    const derived = chartSeries([], [event('PAN/corridor/PAN/-/-', '2023-01-01', 'firing', 'watch')]);
    expect(derived).toEqual([expect.objectContaining({ seriesKey: 'PAN/corridor/PAN/-/-', values: [null] })]);
  });

  it('marks a no-data event where its silence ends, on the days of the derived series', () => {
    const silence = 'silence/PAN';
    const missed = (at: string, value: number) => ({
      ...obs(silence, at, value),
      period: { start: at, end: at },
    });
    const silent = (
      type: AlertEventType,
      level: AlertLevel | null,
      end: string,
      value: number,
    ): AlertEvent => {
      const e = event(silence, '2020-04-16', type, level, 'Minor');
      return {
        ...e,
        eventId: `event-silence-${end}`,
        evidence: {
          ...e.evidence,
          value,
          period: { start: '2020-04-16', end },
          silentSince: '2020-04-16T00:00:00.000Z',
        },
      };
    };
    const [chart] = chartSeries(
      [
        missed('2020-05-16T00:00:00.000Z', 1),
        missed('2020-06-16T00:00:00.000Z', 2),
        missed('2020-07-16T00:00:00.000Z', 0),
      ],
      [silent('firing', 'watch', '2020-06-16', 2), silent('resolved', null, '2020-07-16', 0)],
    );
    expect(chart.labels).toEqual(['2020-05-16', '2020-06-16', '2020-07-16']);
    expect(chart.values).toEqual([1, 2, 0]);
    expect(chart.marks.map((m) => m.points)).toEqual([
      [{ x: '2020-06-16', y: 2 }],
      [{ x: '2020-07-16', y: 0 }],
    ]);
    const html = chartHtml({ title: 't', series: [chart] }, '');
    expect(html).toContain('<tr><td>2020-04-16 to 2020-06-16</td><td>firing</td>');
  });
});

describe('chartHtml', () => {
  const page = { title: 'Backtest of <catalogue>', series: chartSeries(history, events, known) };
  const html = chartHtml(page, 'window.Chart = function () {}; // </script> inside the library');

  it('names every series and lists every event and known event', () => {
    page.series.forEach((s) => expect(html).toContain(`<h2>${s.seriesKey}</h2>`));
    events.forEach((e) => expect(html).toContain(e.eventId));
    expect(html).toContain('darien-2021-haitian: Haitian movement &#60;2021&#62;, 2021-06-01 to 2021-10-31');
    expect(html).toContain('<title>Backtest of &#60;catalogue&#62;</title>');
  });

  it('keeps the inlined library and data from closing their script element early', () => {
    expect(html.match(/<\/script>/g)).toHaveLength(3);
    expect(html).toContain('<\\/script> inside the library');
  });

  it('loads nothing from the network', () => {
    expect(html).not.toMatch(/\b(src|href)=/);
    expect(html).not.toMatch(/https?:\/\//);
  });

  it('draws one chart per series with the values, the marks and the known events', () => {
    const scripts = [...html.matchAll(/<script[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]);
    const configs: { id: string; config: ChartConfig }[] = [];
    runInNewContext(scripts[2], {
      document: {
        getElementById: (id: string) => (id === 'atalaya-chart-data' ? { textContent: scripts[1] } : { id }),
      },
      Chart: function Chart(canvas: { id: string }, config: ChartConfig) {
        configs.push({ id: canvas.id, config });
      },
    });
    expect(configs.map((c) => [c.id, c.config.options.plugins.title.text])).toEqual([
      ['chart-0', `${HONDURAS}: honduras-surge@2`],
      ['chart-1', 'MEX/irregular_migrants_presented/MEX/-/-: no alerts'],
      ['chart-2', `${DARIEN}: darien-surge@2`],
    ]);
    expect(configs[2].config.data.datasets.map((d) => [d.label, d.data])).toEqual([
      [DARIEN, [4462, 10267, 25332, null]],
      ['darien-surge@2 · firing · watch', [{ x: '2021-06-01', y: 1 }]],
      ['darien-surge@2 · escalated · warning', [{ x: '2021-08-01', y: 1 }]],
      ['darien-surge@2 · resolved · was watch', [{ x: '2021-12-01', y: 1 }]],
      ['known event: darien-2021-haitian (2021-06-01 to 2021-10-31)', [null, 25332, 25332, null]],
    ]);
  });
});

interface ChartConfig {
  data: { datasets: { label: string; data: unknown[] }[] };
  options: { plugins: { title: { text: string } } };
}

describe('chartLibrary', () => {
  it('is the UMD build of Chart.js, which defines a global Chart and has no closing script tag', () => {
    const library = chartLibrary();
    expect(library).not.toMatch(/<\/script/i);
    expect(library).not.toContain('sourceMappingURL');
    const browserGlobal: { Chart?: { version: string } } = {};
    runInNewContext(library, browserGlobal);
    expect(browserGlobal.Chart?.version).toMatch(/^4\./);
  });
});
