import type { AlertSummary, StreamAlertEvent } from '@atalaya/contracts';

const ENDED = new Set(['resolved', 'cancelled']);

/**
 * The alerts the stream has told of. The stream speaks as the engine records an event, before the dispatcher
 * has recorded the notification that `GET /v1/alerts` reads a recipient's alerts from (a route's group wait
 * can be minutes), so the page shows what it heard beside what the API answers: an alert heard and not yet
 * listed, or heard at a later event than listed, is shown as heard.
 */
export class LiveAlerts {
  private readonly heard = new Map<string, { readonly seq: number; readonly summary: AlertSummary }>();

  note(streamed: StreamAlertEvent, at: string): void {
    const { event, withheld } = streamed;
    const seq = Number(streamed.seq);
    const before = this.heard.get(event.alertId);
    if (before && before.seq >= seq) return;
    this.heard.set(event.alertId, {
      seq,
      summary: {
        alertId: event.alertId,
        status: ENDED.has(event.type) ? 'past' : 'active',
        openedAt: before?.summary.openedAt ?? at,
        updatedAt: at,
        latest: event,
        withheld: [...withheld],
      },
    });
  }

  /** The alert as last heard, when the stream told of it. */
  summary(alertId: string): AlertSummary | undefined {
    return this.heard.get(alertId)?.summary;
  }

  /** The API's alerts of a status with what the stream told of since, newest change first. */
  merge(listed: readonly AlertSummary[], status: AlertSummary['status']): AlertSummary[] {
    const byId = new Map(listed.map((a) => [a.alertId, a]));
    for (const { summary } of this.heard.values()) {
      const known = byId.get(summary.alertId);
      if (!known || known.updatedAt < summary.updatedAt)
        byId.set(summary.alertId, { ...summary, openedAt: known?.openedAt ?? summary.openedAt });
    }
    return [...byId.values()]
      .filter((a) => a.status === status)
      .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
  }
}
