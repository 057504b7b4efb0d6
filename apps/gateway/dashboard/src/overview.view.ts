import type { AlertDetail, AlertSummary, ReportingStatus, SharedFiguresResponse } from '@atalaya/contracts';
import type { ReferenceView } from '@atalaya/reference';
import type { CatalogueEntry } from '@atalaya/triggers';
import type { Topology } from 'topojson-specification';
import { ApiError } from './api';
import { drawMap, registerMap } from './charts';
import { fill, h } from './dom';
import { levelText, numberText, t } from './i18n';
import { asGeoJson, americas } from './map.geometry';
import {
  corridorMembers,
  corridorStandings,
  countsByLevel,
  overdueActions,
  placeStandings,
  silentReporters,
  stateStandings,
  type Standing,
} from './overview.model';
import { seriesOf } from './series-key';
import { sparklineFigures } from './sparkline';
import { alertHref, allAlerts, countryName, holds, placeName, type ViewContext } from './view.context';
import { levelChip, notice, section, sparkline, table } from './widgets';

let mapReady: Promise<void> | undefined;

/** The Natural Earth countries, served beside the page, registered once. */
function loadMap(): Promise<void> {
  mapReady ??= fetch('/dashboard/countries-50m.json')
    .then((res) => res.json() as Promise<Topology>)
    .then((topology) => registerMap(asGeoJson(americas(topology)) as never));
  return mapReady;
}

function where(reference: ReferenceView, alert: AlertSummary): string {
  const s = seriesOf(alert.latest.seriesKey);
  if (s.kind === 'series')
    return s.place === undefined ? countryName(s.country) : placeName(reference, s.place);
  if (s.kind === 'corridor') return reference.corridors.find((c) => c.id === s.corridor)?.name ?? s.corridor;
  if (s.kind === 'silence') return countryName(s.reporter);
  return s.key;
}

const alertLink = (reference: ReferenceView, a: AlertSummary) =>
  h(
    'a',
    { href: alertHref(a.alertId), 'aria-label': t('openAlert', { title: a.latest.trigger.title }) },
    t('alertLine', {
      title: a.latest.trigger.title,
      level: levelText(a.latest.level),
      where: where(reference, a),
      since: new Date(a.openedAt),
    }),
  );

/** A sparkline's first month: a year of monthly figures, the shape of the trend without a state's every day. */
function sparklineFrom(): string {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear() - 1, now.getUTCMonth(), 1)).toISOString().slice(0, 10);
}

/** A year of one indicator's figures by month, as a sparkline named for `where`, or why there is none. */
async function monthlyTrend(ctx: ViewContext, indicator: string, area: string, where: string): Promise<Node> {
  if (!holds(ctx, 'figures:read')) return document.createTextNode(t('notShared'));
  try {
    const shared = await ctx.api.get<SharedFiguresResponse>(
      `/v1/figures?indicator=${indicator}&purpose=early_warning&${area}` +
        `&resolution=month&from=${sparklineFrom()}`,
    );
    const figures = sparklineFigures(shared.figures);
    const latest = figures.at(-1);
    if (!latest) return document.createTextNode(t('noFigures'));
    const title = (await ctx.reference()).indicators.find((i) => i.name === indicator)?.title ?? indicator;
    return sparkline(
      figures.map((f) => f.value),
      t('sparklineLabel', { indicator: title, state: where, value: latest.value, end: latest.period.end }),
    );
  } catch (e) {
    if (e instanceof ApiError && e.status === 403) return document.createTextNode(t('notShared'));
    throw e;
  }
}

/** The sparkline of a state's first indicator, or why there is none. */
function trendOf(
  ctx: ViewContext,
  reporter: ReportingStatus['reporters'][number] | undefined,
): Promise<Node> {
  const indicator = reporter?.indicators[0]?.indicator;
  if (!reporter || indicator === undefined) return Promise.resolve(document.createTextNode(t('noFigures')));
  return monthlyTrend(ctx, indicator, `reporter=${reporter.reporter}`, countryName(reporter.reporter));
}

/** A corridor's steps in route order, each with its sparkline of the indicator the corridor's trigger counts. */
async function stepsOf(
  ctx: ViewContext,
  reference: ReferenceView,
  entries: readonly CatalogueEntry[],
  corridorId: string,
): Promise<Node | null> {
  const members = corridorMembers(entries, corridorId);
  if (members.length === 0) return null;
  const rows = await Promise.all(
    members.map(async (m) => {
      const name = placeName(reference, m.place);
      return h('li', {}, name, ' ', await monthlyTrend(ctx, m.indicator, `place=${m.place}`, name));
    }),
  );
  return h('ol', { class: 'corridor-steps' }, ...rows);
}

function stateRows(standings: Map<string, Standing>, trends: Map<string, Node>): (Node | string)[][] {
  return [...standings.entries()]
    .sort(([a], [b]) => countryName(a).localeCompare(countryName(b)))
    .map(([state, st]) => [
      countryName(state),
      levelChip(st.level, st.severity),
      numberText(st.alerts.length),
      trends.get(state) ?? t('noFigures'),
    ]);
}

/** The regional overview: the map, the states and places by level, active alerts, overdue actions, the silent. */
export async function renderOverview(ctx: ViewContext, target: HTMLElement): Promise<void> {
  const [listed, status, reference, entries] = await Promise.all([
    allAlerts(ctx.api, 'status=active'),
    ctx.api.get<ReportingStatus>('/v1/reporting/status'),
    ctx.reference(),
    holds(ctx, 'catalogue:read') ? ctx.api.get<CatalogueEntry[]>('/v1/triggers') : Promise.resolve([]),
    loadMap(),
  ]);
  const alerts = ctx.heard.merge(listed, 'active');
  const standings = stateStandings(
    alerts,
    reference.states.map((s) => s.iso3),
  );
  const places = placeStandings(alerts);
  // An alert heard on the stream may not be readable yet: its notification is still in the route's wait.
  const details = (
    await Promise.all(
      alerts
        .slice(0, 50)
        .map((a) =>
          ctx.api.get<AlertDetail>(`/v1/alerts/${encodeURIComponent(a.alertId)}`).catch(() => undefined),
        ),
    )
  ).filter((d): d is AlertDetail => d !== undefined);
  const trends = new Map(
    await Promise.all(
      reference.states.map(
        async (s) =>
          [
            s.iso3,
            await trendOf(
              ctx,
              status.reporters.find((r) => r.reporter === s.iso3),
            ),
          ] as const,
      ),
    ),
  );

  const corridors = await Promise.all(
    corridorStandings(alerts, reference.corridors).map(async ({ corridor, standing }) => ({
      corridor,
      standing,
      steps: await stepsOf(ctx, reference, entries, corridor.id),
    })),
  );

  const mapBox = h('div', { class: 'map', id: 'overview-map' });
  const counts = countsByLevel(alerts);
  const overdue = overdueActions(details);
  const silent = silentReporters(status);
  fill(
    target,
    h('h1', { id: 'view-heading', tabindex: '-1' }, t('navOverview')),
    section(
      'map-panel',
      t('mapTitle'),
      h('p', { class: 'help' }, t('mapDescription')),
      mapBox,
      table(
        t('statesCaption'),
        [t('colState'), t('colLevel'), t('colAlerts'), t('colTrend')],
        stateRows(standings, trends),
      ),
      places.size === 0
        ? null
        : table(
            t('placesCaption'),
            [t('colPlace'), t('colLevel'), t('colAlerts')],
            [...places.entries()].map(([p, st]) => [
              placeName(reference, p),
              levelChip(st.level, st.severity),
              numberText(st.alerts.length),
            ]),
          ),
    ),
    section(
      'levels-panel',
      t('activeByLevelTitle'),
      counts.length === 0
        ? notice(t('noActiveAlerts'))
        : h(
            'ul',
            { class: 'counts' },
            ...counts.map((c) =>
              h('li', {}, levelChip(c.level, c.severity), ' ', t('alertCount', { count: c.count })),
            ),
          ),
      h('h3', {}, t('activeAlertsTitle')),
      alerts.length === 0
        ? notice(t('noActiveAlerts'))
        : h(
            'ul',
            { class: 'alerts', id: 'active-alerts' },
            ...alerts.map((a) =>
              h(
                'li',
                { 'data-alert': a.alertId },
                levelChip(a.latest.level, a.latest.severity),
                ' ',
                alertLink(reference, a),
              ),
            ),
          ),
    ),
    section(
      'corridors-panel',
      t('corridorsTitle'),
      h(
        'ul',
        {},
        ...corridors.map(({ corridor, standing, steps }) =>
          h(
            'li',
            {},
            levelChip(standing.level, standing.severity),
            ' ',
            t('corridorLine', { corridor: corridor.name, count: standing.alerts.length }),
            steps,
          ),
        ),
      ),
    ),
    section(
      'overdue-panel',
      t('overdueTitle'),
      overdue.length === 0
        ? notice(t('noOverdue'))
        : h(
            'ul',
            {},
            ...overdue.map(({ alert, action }) =>
              h(
                'li',
                {},
                h(
                  'a',
                  { href: alertHref(alert.alertId) },
                  t('overdueLine', {
                    action: action.actionId,
                    organisation: action.organisation,
                    due: new Date(action.dueAt),
                  }),
                ),
              ),
            ),
          ),
    ),
    section(
      'silent-panel',
      t('silentTitle'),
      silent.length === 0
        ? notice(t('noSilent'))
        : h(
            'ul',
            {},
            ...silent.map((r) =>
              h(
                'li',
                {},
                r.status === 'never' || r.lastReportAt === null
                  ? t('silentNever', { reporter: countryName(r.reporter) })
                  : t('silentLate', {
                      reporter: countryName(r.reporter),
                      missed: r.missedReports,
                      last: new Date(r.lastReportAt),
                    }),
              ),
            ),
          ),
    ),
  );
  drawMap(
    mapBox,
    t('mapDescription'),
    [...standings.entries()].map(([id, st]) => ({
      id,
      level: st.level,
      severity: st.severity,
      label: `${countryName(id)}: ${levelText(st.level)}`,
    })),
    [...places.entries()].flatMap(([id, st]) => {
      const p = reference.places.find((x) => x.id === id);
      return p?.lat === undefined || p.lon === undefined
        ? []
        : [
            {
              id,
              lat: p.lat,
              lon: p.lon,
              level: st.level,
              severity: st.severity,
              label: `${p.name}: ${levelText(st.level)}`,
            },
          ];
    }),
  );
}
