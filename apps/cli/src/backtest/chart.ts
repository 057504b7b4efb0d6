import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { AlertEvent } from '@atalaya/contracts';
import {
  matchesSeries,
  type EvaluatedObservation,
  type KnownEvent,
  type KnownEventRef,
  type WatchedSeries,
} from '@atalaya/triggers';

/** One series' chart: its values by period start, and the alert events marked on it. */
export interface ChartSeries {
  readonly seriesKey: string;
  readonly labels: readonly string[];
  /** Aligned with `labels`; null where the series has no observation (a gap in the source). */
  readonly values: readonly (number | null)[];
  readonly marks: readonly ChartMarks[];
  readonly events: readonly AlertEvent[];
  /** Known events on this series, drawn as shaded periods. */
  readonly knownEvents: readonly KnownEventRef[];
}

/** The events of one trigger, type and level: one legend entry. */
export interface ChartMarks {
  readonly label: string;
  readonly color: string;
  readonly pointStyle: string;
  readonly points: readonly { readonly x: string; readonly y: number }[];
}

export interface ChartPage {
  readonly title: string;
  readonly series: readonly ChartSeries[];
}

/** CAP severities, from the colour of calm to that of alarm; null levels (resolved, cancelled) in grey. */
const severityColors: Readonly<Record<string, string>> = {
  Minor: '#1a73e8',
  Moderate: '#e3a008',
  Severe: '#e8590c',
  Extreme: '#c92a2a',
  Unknown: '#7048e8',
};
const ENDED_COLOR = '#2b8a3e';

const typeStyles: Readonly<Record<AlertEvent['type'], string>> = {
  pending: 'line',
  firing: 'triangle',
  escalated: 'rectRot',
  'de-escalated': 'rect',
  updated: 'star',
  resolved: 'circle',
  cancelled: 'crossRot',
};

/**
 * One chart per series: every series of the history, and any derived series an alert was raised on. The
 * x axis is the period starts of the series and of its events, so every event has a place on it. A known
 * event is shaded on the series it names; one that names triggers, only where they watched (`watchedSeries`).
 */
export function chartSeries(
  history: readonly EvaluatedObservation[],
  events: readonly AlertEvent[],
  known: readonly KnownEvent[] = [],
  watched: Readonly<Record<string, readonly WatchedSeries[]>> = {},
): ChartSeries[] {
  const keys = [...new Set([...history.map((o) => o.seriesKey), ...events.map((e) => e.seriesKey)])].sort();
  return keys.map((seriesKey) => {
    const values = new Map(
      history.filter((o) => o.seriesKey === seriesKey).map((o) => [dayOf(o.period.start), o.value]),
    );
    const own = events.filter((e) => e.seriesKey === seriesKey);
    const labels = [...new Set([...values.keys(), ...own.map(markedOn)])].sort();
    return {
      seriesKey,
      labels,
      values: labels.map((l) => values.get(l) ?? null),
      marks: marksOf(own),
      events: own,
      knownEvents: known
        .filter((k) => matchesSeries(k.series, seriesKey) && watchedBy(k.triggers, seriesKey, watched))
        .map(({ id, title, from, to }) => ({ id, title, from, to })),
    };
  });
}

/** A silence's derived points start at an instant; the chart's axis is in days. */
function dayOf(start: string): string {
  return start.slice(0, 10);
}

/**
 * Where an event is marked: at its period's start, but a no-data event at the end of the silence it reports
 * (the deadline missed, or the report heard again), where the derived series takes its value.
 */
function markedOn(e: AlertEvent): string {
  return e.evidence.silentSince === undefined ? e.evidence.period.start : e.evidence.period.end;
}

function watchedBy(
  triggerIds: readonly string[] | undefined,
  seriesKey: string,
  watched: Readonly<Record<string, readonly WatchedSeries[]>>,
): boolean {
  return (
    triggerIds === undefined || triggerIds.some((id) => watched[id]?.some((w) => w.seriesKey === seriesKey))
  );
}

function marksOf(events: readonly AlertEvent[]): ChartMarks[] {
  const groups = new Map<string, AlertEvent[]>();
  events.forEach((e) => {
    const label = [
      `${e.trigger.id}@${e.trigger.version}${e.shadow ? ' (shadow)' : ''}`,
      e.type,
      e.level ?? `was ${e.previousLevel ?? '-'}`,
    ].join(' · ');
    groups.set(label, [...(groups.get(label) ?? []), e]);
  });
  return [...groups].map(([label, group]) => ({
    label,
    color: group[0].level === null ? ENDED_COLOR : severityColors[group[0].severity],
    pointStyle: typeStyles[group[0].type],
    points: group.map((e) => ({ x: markedOn(e), y: e.evidence.value })),
  }));
}

/**
 * The whole page as one HTML file that opens offline: the chart library and the data are inlined, and a
 * table under each chart lists its events for a reader without scripts.
 */
export function chartHtml(page: ChartPage, library: string): string {
  const sections = page.series.map((s, i) => seriesSection(s, i)).join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(page.title)}</title>
<style>
body { font: 14px/1.4 system-ui, sans-serif; margin: 2rem auto; max-width: 72rem; padding: 0 1rem; color: #212529; }
section { margin-bottom: 3rem; }
.chart { position: relative; height: 22rem; }
table { border-collapse: collapse; margin-top: 1rem; font-size: 13px; }
th, td { border-bottom: 1px solid #dee2e6; padding: 0.2rem 0.6rem; text-align: left; }
td.number { text-align: right; font-variant-numeric: tabular-nums; }
</style>
</head>
<body>
<h1>${escapeHtml(page.title)}</h1>
<p>One chart per series: the values as a line, each alert event as a point (colour: the CAP severity of its
level, green once ended; shape: the type of event), and the known events, when given, as shaded periods.</p>
${sections}
<script>${inlineScript(library)}</script>
<script type="application/json" id="atalaya-chart-data">${inlineJson(page.series.map(chartData))}</script>
<script>${inlineScript(RENDER)}</script>
</body>
</html>
`;
}

/** Draws every chart from the inlined data with the global `Chart` of the library's UMD build. */
const RENDER = `
const series = JSON.parse(document.getElementById('atalaya-chart-data').textContent);
series.forEach((s, i) => {
  new Chart(document.getElementById('chart-' + i), {
    type: 'line',
    data: {
      labels: s.labels,
      datasets: [
        { label: s.seriesKey, data: s.values, borderColor: '#495057', backgroundColor: '#495057',
          borderWidth: 1.5, pointRadius: 0, order: 2 },
        ...s.marks.map((m) => ({ label: m.label, data: m.points, showLine: false, pointStyle: m.pointStyle,
          pointRadius: 7, pointHoverRadius: 9, borderColor: m.color, backgroundColor: m.color, order: 1 })),
        ...s.bands.map((b) => ({ type: 'bar', label: 'known event: ' + b.label, data: b.data, grouped: false,
          backgroundColor: 'rgba(73, 80, 87, 0.15)', barPercentage: 1, categoryPercentage: 1, order: 3 })),
      ],
    },
    options: {
      animation: false,
      maintainAspectRatio: false,
      interaction: { mode: 'nearest', intersect: true },
      plugins: {
        title: { display: true, text: s.title },
        legend: { labels: { usePointStyle: true } },
        tooltip: { filter: (item) => item.dataset.type !== 'bar' },
      },
      scales: { y: { beginAtZero: true } },
    },
  });
});
`;

function chartData(s: ChartSeries) {
  const triggers = [...new Set(s.events.map((e) => `${e.trigger.id}@${e.trigger.version}`))];
  const top = Math.max(
    1,
    ...s.values.map((v) => v ?? 0),
    ...s.marks.flatMap((m) => m.points.map((p) => p.y)),
  );
  return {
    seriesKey: s.seriesKey,
    title: triggers.length > 0 ? `${s.seriesKey}: ${triggers.join(', ')}` : `${s.seriesKey}: no alerts`,
    labels: s.labels,
    values: s.values,
    marks: s.marks,
    bands: s.knownEvents.map((k) => ({
      label: `${k.id} (${k.from} to ${k.to})`,
      data: s.labels.map((l) => (l >= k.from && l <= k.to ? top : null)),
    })),
  };
}

function seriesSection(s: ChartSeries, index: number): string {
  const rows = s.events.map(
    (e) =>
      `<tr><td>${periodText(e)}</td><td>${escapeHtml(e.type)}</td>` +
      `<td>${escapeHtml(e.level ?? `(was ${e.previousLevel ?? '-'})`)}</td><td>${escapeHtml(e.severity)}</td>` +
      `<td>${escapeHtml(`${e.trigger.id}@${e.trigger.version}`)}${e.shadow ? ' (shadow)' : ''}</td>` +
      `<td class="number">${e.evidence.value}</td><td>${escapeHtml(e.eventId)}</td></tr>`,
  );
  const table =
    rows.length === 0
      ? '<p>No alert events on this series.</p>'
      : '<table><thead><tr><th>period</th><th>event</th><th>level</th><th>severity</th><th>trigger</th>' +
        `<th>value</th><th>event id</th></tr></thead><tbody>\n${rows.join('\n')}\n</tbody></table>`;
  const known = s.knownEvents.map(
    (k) => `<li>${escapeHtml(k.id)}: ${escapeHtml(k.title)}, ${k.from} to ${k.to}</li>`,
  );
  return `<section>
<h2>${escapeHtml(s.seriesKey)}</h2>
<div class="chart"><canvas id="chart-${index}" role="img" aria-label="${escapeHtml(s.seriesKey)}"></canvas></div>
${table}
${known.length === 0 ? '' : `<p>Known events (shaded):</p>\n<ul>\n${known.join('\n')}\n</ul>`}
</section>`;
}

/** The period a row names: for a no-data event, the silence, from the last report to where it is marked. */
function periodText(e: AlertEvent): string {
  const { start, end } = e.evidence.period;
  return e.evidence.silentSince === undefined ? start : `${start} to ${end}`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A script element ends at the first `</script`, whatever the JavaScript around it means. */
function inlineScript(code: string): string {
  return code.replace(/<\/(script)/gi, '<\\/$1');
}

function inlineJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

/**
 * Chart.js's UMD build, read from the installed package: it registers every chart type on a global `Chart`.
 * Its source-map comment goes, as the map is not inlined with it.
 */
export function chartLibrary(): string {
  let entry: string;
  try {
    entry = require.resolve('chart.js');
  } catch {
    throw new Error('the chart library chart.js is not installed: run `npm ci` in the Atalaya checkout');
  }
  return readFileSync(join(dirname(entry), 'chart.umd.js'), 'utf8').replace(
    /\n\/\/# sourceMappingURL=\S+\s*$/,
    '\n',
  );
}
