import type { VersionHistoryEntry } from '@atalaya/triggers';
import { ApiError } from './api';
import { triggerIdsOf, triggerIdsOfAlerts } from './catalogue.ids';
import { fill, h } from './dom';
import { t } from './i18n';
import { allAlerts, type ViewContext } from './view.context';
import { notice, section, table } from './widgets';

/** The catalogue's triggers: the gateway's listing where it has one, else those of the caller's alerts. */
async function triggerIds(ctx: ViewContext): Promise<{ ids: string[]; fromAlerts: boolean }> {
  try {
    const ids = triggerIdsOf(await ctx.api.get<unknown>('/v1/triggers'));
    if (ids) return { ids, fromAlerts: false };
  } catch (e) {
    if (!(e instanceof ApiError && e.status === 404)) throw e;
  }
  return { ids: triggerIdsOfAlerts(await allAlerts(ctx.api, '')), fromAlerts: true };
}

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

/** Each trigger with every version of it and the states' endorsements (`GET /v1/triggers/{id}/history`). */
export async function renderCatalogue(ctx: ViewContext, target: HTMLElement): Promise<void> {
  const { ids, fromAlerts } = await triggerIds(ctx);
  const histories = await Promise.all(
    ids.map(
      async (id) =>
        [
          id,
          await ctx.api.get<VersionHistoryEntry[]>(`/v1/triggers/${encodeURIComponent(id)}/history`),
        ] as const,
    ),
  );
  fill(
    target,
    h('h1', { id: 'view-heading', tabindex: '-1' }, t('catalogueTitle')),
    h('p', { class: 'help' }, t('catalogueIntro')),
    fromAlerts ? notice(t('catalogueFromAlerts')) : null,
    histories.length === 0 ? notice(t('noTriggers')) : null,
    ...histories.map(([id, history]) =>
      section(`trigger-${id}`, history.at(-1)?.title ?? id, versionsTable(id, history)),
    ),
  );
}
