import { selectKey } from '@atalaya/cap/texts';
import type { ActionStanding, ActionStatus, AlertDetail, SharedFiguresResponse } from '@atalaya/contracts';
import { ApiError } from './api';
import { drawEvidence } from './charts';
import { fill, h } from './dom';
import { evidenceChart } from './evidence.series';
import { actionStatusText, levelText, numberText, t } from './i18n';
import { seriesOf } from './series-key';
import { alertHref, holds, type ViewContext } from './view.context';
import { levelChip, notice, section, table } from './widgets';

type Figures = SharedFiguresResponse['figures'];

/** The series' figures as the caller may see them, or why it may not. */
async function figuresOf(
  ctx: ViewContext,
  detail: AlertDetail,
): Promise<{ figures: Figures; refusal?: string }> {
  const series = seriesOf(detail.alert.latest.seriesKey);
  if (series.kind !== 'series') return { figures: [] };
  if (!holds(ctx, 'figures:read')) return { figures: [], refusal: t('notShared') };
  const query = new URLSearchParams({
    indicator: series.indicator,
    purpose: 'early_warning',
    reporter: series.reporter,
  });
  if (series.place !== undefined) query.set('place', series.place);
  else if (series.admin1 !== undefined) query.set('admin1', series.admin1);
  try {
    return { figures: (await ctx.api.get<SharedFiguresResponse>(`/v1/figures?${query.toString()}`)).figures };
  } catch (e) {
    if (e instanceof ApiError && e.status === 403)
      return { figures: [], refusal: t('notSharedBecause', { message: e.message }) };
    throw e;
  }
}

/** The reports a button makes at once; `declined` takes a note, so it has a field of its own. */
const quickReports = ['acknowledged', 'in_progress', 'done'] as const satisfies readonly ActionStatus[];

interface Write {
  readonly id: string;
  readonly label: string;
  readonly description?: string;
  readonly run: () => Promise<unknown>;
}

/** A button that runs a write, then redraws; a refusal is said in `status`, next to it. */
function writeButton(write: Write, redraw: () => Promise<void>, status: HTMLElement): HTMLButtonElement {
  const { id, label, description, run } = write;
  return h(
    'button',
    {
      type: 'button',
      id,
      'aria-label': description,
      on: {
        click: () => {
          status.textContent = t('loading');
          run()
            .then(redraw)
            .catch((e: unknown) => {
              status.textContent = t('requestFailed', {
                message: e instanceof Error ? e.message : String(e),
              });
            });
        },
      },
    },
    label,
  );
}

function actionControls(
  ctx: ViewContext,
  alertId: string,
  action: ActionStanding,
  redraw: () => Promise<void>,
): Node | string {
  if (!holds(ctx, 'actions:write') || action.organisation !== ctx.session.recipientId) return '';
  const status = h('span', { class: 'write-status', role: 'status' });
  const note = h('input', { type: 'text', id: `note-${action.actionId}`, maxlength: '2000' });
  const report = (s: string) => () =>
    ctx.api.post('/v1/actions', {
      alertId,
      actionId: action.actionId,
      status: s,
      ...(s === 'declined' ? { note: note.value } : {}),
    });
  const button = (s: ActionStatus) =>
    writeButton(
      {
        id: `report-${action.actionId}-${s}`,
        label: actionStatusText(s),
        description: t('markAction', { action: action.actionId, status: actionStatusText(s) }),
        run: report(s),
      },
      redraw,
      status,
    );
  const buttons = quickReports.filter((s) => s !== action.status).map(button);
  const decline = button('declined');
  return h(
    'div',
    { class: 'action-controls' },
    ...buttons,
    h('label', { for: note.id }, t('declineNote', { action: action.actionId })),
    note,
    decline,
    status,
  );
}

/** How soon an alert heard on the stream but not yet readable is asked for again. */
const ON_ITS_WAY_RETRY_MS = 1500;

/** One alert: its evidence as a chart and a table, its timeline, acknowledgements and response actions. */
export async function renderAlert(ctx: ViewContext, target: HTMLElement, alertId: string): Promise<void> {
  const redraw = () => renderAlert(ctx, target, alertId);
  let detail: AlertDetail;
  try {
    detail = await ctx.api.get<AlertDetail>(`/v1/alerts/${encodeURIComponent(alertId)}`);
  } catch (e) {
    const heard = ctx.heard.summary(alertId);
    if (e instanceof ApiError && e.status === 404 && heard) {
      fill(
        target,
        h(
          'h1',
          { id: 'view-heading', tabindex: '-1' },
          t('alertOnItsWay', { title: heard.latest.trigger.title }),
        ),
        h('a', { href: '#/' }, t('back')),
      );
      setTimeout(() => {
        if (target.isConnected && location.hash === alertHref(alertId)) void redraw();
      }, ON_ITS_WAY_RETRY_MS);
      return;
    }
    if (e instanceof ApiError && e.status === 404) {
      fill(
        target,
        h('h1', { id: 'view-heading', tabindex: '-1' }, t('notFound', { message: e.message })),
        h('a', { href: '#/' }, t('back')),
      );
      return;
    }
    throw e;
  }
  const { alert, events, timeline } = detail;
  const latest = alert.latest;
  const { figures, refusal } = await figuresOf(ctx, detail);
  const chart = evidenceChart(seriesOf(latest.seriesKey), events, figures);
  const chartBox = h('div', { class: 'chart', id: 'evidence-chart' });
  const acks = (timeline?.entries ?? []).filter((e) => e.kind === 'acknowledged');
  const mine = ctx.session.recipientId;
  const acknowledged = acks.some((a) => a.who === mine);
  const ackStatus = h('span', { class: 'write-status', role: 'status' });

  fill(
    target,
    h('p', {}, h('a', { href: '#/' }, t('back'))),
    h('h1', { id: 'view-heading', tabindex: '-1' }, latest.trigger.title),
    h(
      'p',
      { class: 'facts', id: 'alert-facts' },
      levelChip(latest.level, latest.severity),
      ' ',
      t('alertFacts', {
        status: t('alertStatus', { status: alert.status }),
        level: levelText(latest.level),
        series: latest.seriesKey,
        opened: new Date(alert.openedAt),
        updated: new Date(alert.updatedAt),
      }),
    ),
    section(
      'evidence-panel',
      t('evidenceTitle'),
      h('p', { class: 'help' }, t('evidenceDescription')),
      refusal === undefined ? null : notice(refusal),
      ...alert.withheld.map((w) => notice(t('withheld', { message: w.message }))),
      chartBox,
      table(
        t('eventsCaption'),
        [t('colPeriod'), t('colEvent'), t('colLevel'), t('colValue'), t('colThreshold')],
        events.map((e) => [
          `${e.evidence.period.start} – ${e.evidence.period.end}`,
          t('eventType', { type: selectKey(e.type) }),
          levelChip(e.level, e.severity),
          e.evidence.value === undefined ? t('valueWithheld') : numberText(e.evidence.value),
          numberText(e.evidence.threshold),
        ]),
      ),
    ),
    section(
      'acks-panel',
      t('acksTitle'),
      acks.length === 0
        ? notice(t('noAcks'))
        : h(
            'ul',
            { id: 'acks' },
            ...acks.map((a) => h('li', {}, t('ackLine', { who: a.who, at: new Date(a.at) }))),
          ),
      holds(ctx, 'acks:write') && alert.status === 'active'
        ? acknowledged
          ? notice(t('acknowledgedByYou'))
          : h(
              'p',
              {},
              writeButton(
                {
                  id: 'acknowledge',
                  label: t('acknowledge'),
                  run: () => ctx.api.post('/v1/acks', { alertId }),
                },
                redraw,
                ackStatus,
              ),
              ' ',
              ackStatus,
            )
        : null,
    ),
    section(
      'actions-panel',
      t('actionsTitle'),
      timeline === null || timeline.actions.length === 0
        ? notice(t('noActions'))
        : table(
            t('actionsTitle'),
            [t('colAction'), t('colOrganisation'), t('colDue'), t('colStatus'), t('colReport')],
            timeline.actions.map((a) => [
              a.actionId,
              a.organisation,
              t('instant', { at: new Date(a.dueAt) }),
              h(
                'span',
                { class: 'action-status', id: `status-${a.actionId}` },
                a.status === null ? t('noReport') : actionStatusText(a.status),
                a.overdue ? h('strong', { class: 'overdue' }, ` (${t('overdue')})`) : null,
              ),
              actionControls(ctx, alertId, a, redraw),
            ]),
            false,
          ),
    ),
    section(
      'timeline-panel',
      t('timelineTitle'),
      timeline === null
        ? notice(t('noTimeline'))
        : table(
            t('timelineTitle'),
            [t('colWhen'), t('colEvent'), t('colWho'), t('colWhat')],
            timeline.entries.map((e) => [
              t('instant', { at: new Date(e.at) }),
              t('timelineKind', { kind: selectKey(e.kind) }),
              e.who,
              e.what,
            ]),
            false,
          ),
    ),
  );
  drawEvidence(chartBox, chart, {
    chart: t('evidenceDescription'),
    figures: t('chartFigures'),
    eventFigures: t('chartEvidence'),
    threshold: (level, value) => t('chartThreshold', { level: levelText(level), threshold: value }),
    span: (level) => t('chartAlertPeriod', { level: levelText(level) }),
  });
}
