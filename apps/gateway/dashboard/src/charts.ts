import { LineChart, MapChart, ScatterChart } from 'echarts/charts';
import {
  AriaComponent,
  GeoComponent,
  GridComponent,
  LegendComponent,
  MarkAreaComponent,
  MarkLineComponent,
  TooltipComponent,
} from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import type { EvidenceChart } from './evidence.series';
import { levelStyle, OUTLINE } from './levels';

echarts.use([
  MapChart,
  LineChart,
  ScatterChart,
  AriaComponent,
  GeoComponent,
  GridComponent,
  LegendComponent,
  MarkAreaComponent,
  MarkLineComponent,
  TooltipComponent,
  CanvasRenderer,
]);

export const MAP_NAME = 'americas';

/** Registers the map's countries once; features are named by ISO alpha-3 (map.geometry). */
export function registerMap(geoJson: Parameters<typeof echarts.registerMap>[1]): void {
  echarts.registerMap(MAP_NAME, geoJson);
}

/** One chart per container, kept across refreshes so that redrawing does not flicker. */
function chartIn(container: HTMLElement, label: string): echarts.ECharts {
  container.setAttribute('role', 'img');
  container.setAttribute('aria-label', label);
  return echarts.getInstanceByDom(container) ?? echarts.init(container, undefined, { renderer: 'canvas' });
}

/** What the map draws for one country or place: its level's fill and pattern, and the words for its tooltip. */
export interface MapArea {
  readonly id: string;
  readonly level: string | null;
  readonly severity?: string;
  readonly label: string;
}

export interface MapPlace extends MapArea {
  readonly lon: number;
  readonly lat: number;
}

const box = { left: 8, right: 8, top: 8, bottom: 8 };

/** The Americas with each state's and place's level as a fill and a pattern; the page's tables say the same. */
export function drawMap(
  container: HTMLElement,
  label: string,
  states: readonly MapArea[],
  places: readonly MapPlace[],
): void {
  const styled = (a: MapArea) => {
    const s = levelStyle(a.level, a.severity);
    return { fill: s.fill, decal: s.decal };
  };
  chartIn(container, label).setOption(
    {
      // Each level's pattern is set on its own items; ECharts' default patterns would mark the others too.
      aria: { enabled: true, label: { enabled: false }, decal: { show: false } },
      tooltip: {
        renderMode: 'richText',
        formatter: (p: { data?: { label?: string } }) => p.data?.label ?? '',
      },
      geo: {
        map: MAP_NAME,
        ...box,
        roam: false,
        silent: true,
        itemStyle: { areaColor: 'transparent', borderColor: 'transparent' },
      },
      series: [
        {
          type: 'map',
          map: MAP_NAME,
          ...box,
          roam: false,
          selectedMode: false,
          itemStyle: { areaColor: '#f7f7f7', borderColor: OUTLINE, borderWidth: 0.5 },
          emphasis: { label: { show: false }, itemStyle: { borderWidth: 1.5 } },
          data: states.map((a) => {
            const { fill, decal } = styled(a);
            return { name: a.id, label: a.label, itemStyle: { areaColor: fill, decal } };
          }),
        },
        {
          type: 'scatter',
          coordinateSystem: 'geo',
          symbol: 'diamond',
          symbolSize: 14,
          data: places.map((p) => {
            const { fill, decal } = styled(p);
            return {
              name: p.id,
              label: p.label,
              value: [p.lon, p.lat],
              itemStyle: { color: fill, decal, borderColor: OUTLINE, borderWidth: 1.5 },
            };
          }),
        },
      ],
    },
    true,
  );
}

export interface EvidenceLabels {
  readonly chart: string;
  readonly figures: string;
  readonly eventFigures: string;
  readonly threshold: (level: string, value: number) => string;
  readonly span: (level: string) => string;
}

/** The evidence: the series' figures, the events' own, each threshold dashed and each span shaded and named. */
export function drawEvidence(container: HTMLElement, chart: EvidenceChart, labels: EvidenceLabels): void {
  const dates = [
    ...chart.figures.map(([at]) => at),
    ...chart.eventPoints.map((p) => p.at),
    ...chart.spans.map((sp) => sp.from),
  ].sort();
  const lastPeriod = dates.at(-1);
  chartIn(container, labels.chart).setOption(
    {
      aria: { enabled: true, decal: { show: false } },
      animation: false,
      legend: { top: 0, textStyle: { color: OUTLINE } },
      tooltip: { trigger: 'axis', renderMode: 'richText' },
      grid: { left: 64, right: 24, top: 40, bottom: 32 },
      xAxis: { type: 'time', min: dates.at(0), max: lastPeriod, axisLabel: { color: OUTLINE } },
      yAxis: { type: 'value', axisLabel: { color: OUTLINE } },
      series: [
        {
          name: labels.figures,
          type: 'line',
          showSymbol: true,
          symbol: 'circle',
          lineStyle: { color: '#1f4e79', width: 2 },
          itemStyle: { color: '#1f4e79' },
          data: chart.figures.map(([at, v]) => [at, v]),
          markLine: {
            symbol: 'none',
            silent: true,
            data: chart.thresholds.map((th) => ({
              yAxis: th.value,
              name: labels.threshold(th.level, th.value),
              lineStyle: { type: 'dashed', width: 2, color: levelStyle(th.level).stroke },
              label: {
                formatter: labels.threshold(th.level, th.value),
                position: 'insideEndTop',
                color: OUTLINE,
              },
            })),
          },
          markArea: {
            silent: true,
            data: chart.spans.map((s) => [
              {
                xAxis: s.from,
                name: labels.span(s.level),
                itemStyle: {
                  color: levelStyle(s.level).fill,
                  opacity: 0.25,
                  decal: levelStyle(s.level).decal,
                },
                label: { color: OUTLINE, position: 'insideTop' },
              },
              { xAxis: s.to ?? lastPeriod ?? s.from },
            ]),
          },
        },
        {
          name: labels.eventFigures,
          type: 'scatter',
          symbol: 'triangle',
          symbolSize: 12,
          itemStyle: { color: '#ffffff', borderColor: OUTLINE, borderWidth: 2 },
          data: chart.eventPoints.map((p) => [p.at, p.value]),
        },
      ],
    },
    true,
  );
}

/** Charts resize with their containers. */
export function resizeCharts(containers: readonly HTMLElement[]): void {
  for (const c of containers) echarts.getInstanceByDom(c)?.resize();
}
