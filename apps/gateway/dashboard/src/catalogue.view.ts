import type { CatalogueEntry, VersionHistoryEntry } from '@atalaya/triggers';
import type { BacktestView } from '../../src/serve-backtest.use-case';
import { drawEvidence } from './charts';
import { fill, h } from './dom';
import { backtestChart } from './evidence.series';
import { levelText, t } from './i18n';
import type { ViewContext } from './view.context';
import { levelChip, notice, section, table } from './widgets';

function versionsTable(id: string, history: readonly VersionHistoryEntry[]): HTMLTableElement {
  return table(
    t('versionsCaption', { trigger: id }),
    [t('colVersion'), t('colTitle'), t('colVersionStatus'), t('colEffective'), t('colEndorsements')],
    history.map((v) => [
      String(v.version),
      v.title,
      t('versionStatus', {
        status: v.status,
        inForce: v.inForce ? 'yes' : 'no',
        shadow: v.shadow ? 'yes' : 'no',
      }),
      v.effectiveFrom ?? '–',
      v.endorsements.length === 0
        ? t('noEndorsements')
        : v.endorsements.map((e) => t('stance', { state: e.state, stance: e.stance })).join('; '),
    ]),
  );
}

/** A button that fetches the trigger's backtest and draws it in place of itself. */
function backtestButton(ctx: ViewContext, id: string): HTMLElement {
  const place = h('div', { class: 'backtest' });
  const status = h('p', { role: 'status' });
  const button = h(
    'button',
    {
      type: 'button',
      id: `backtest-${id}`,
      on: {
        click: () => {
          status.textContent = t('loading');
          ctx.api
            .get<BacktestView>(`/v1/triggers/${encodeURIComponent(id)}/backtest`)
            .then((view) => {
              const chart = h('div', { class: 'chart', id: `backtest-chart-${id}` });
              status.textContent = t('backtestSummary', {
                events: view.events.length,
                figures: view.observations,
              });
              fill(place, chart);
              drawEvidence(chart, backtestChart(view.events), {
                chart: t('backtestSummary', { events: view.events.length, figures: view.observations }),
                figures: t('chartFigures'),
                eventFigures: t('chartEvidence'),
                threshold: (level, value) =>
                  t('chartThreshold', { level: levelText(level), threshold: value }),
                span: (level) => t('chartAlertPeriod', { level: levelText(level) }),
              });
            })
            .catch((e: unknown) => {
              status.textContent = t('requestFailed', {
                message: e instanceof Error ? e.message : String(e),
              });
            });
        },
      },
    },
    t('backtestShow'),
  );
  return h('div', {}, button, status, place);
}

/** Each trigger in force with its levels, every version and the states' endorsements, and its backtest. */
export async function renderCatalogue(ctx: ViewContext, target: HTMLElement): Promise<void> {
  const entries = await ctx.api.get<CatalogueEntry[]>('/v1/triggers');
  fill(
    target,
    h('h1', { id: 'view-heading', tabindex: '-1' }, t('catalogueTitle')),
    h('p', { class: 'help' }, t('catalogueIntro')),
    entries.length === 0 ? notice(t('noTriggers')) : null,
    ...entries.map(({ trigger, versions }) =>
      section(
        `trigger-${trigger.id}`,
        trigger.title,
        h('p', { class: 'help' }, trigger.description ?? trigger.id),
        h(
          'ul',
          { class: 'counts' },
          ...trigger.levels.map((l) =>
            h(
              'li',
              {},
              levelChip(l.name, l.severity),
              ' ',
              t('levelRule', { above: l.above, clearBelow: l.clearBelow ?? l.above }),
            ),
          ),
        ),
        versionsTable(trigger.id, versions),
        backtestButton(ctx, trigger.id),
      ),
    ),
  );
}
