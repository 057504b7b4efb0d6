import { Injectable } from '@nestjs/common';
import { alertEventSchema, type AlertEvent, type Reporter } from '@atalaya/contracts';
import type { EntityManager } from 'typeorm';
import { z } from 'zod';
import { selectRows } from './sql/row-decoding';

/**
 * Whose alerts a read may return: every alert; those a recipient was notified of; or those on a reporting
 * state's own series. The caller's credential decides, never a free parameter.
 */
export type AlertScope =
  | { readonly kind: 'all' }
  | { readonly kind: 'notified'; readonly recipientId: string }
  | { readonly kind: 'reporter'; readonly reporter: Reporter };

export interface AlertFilter {
  readonly status?: 'active' | 'past';
  readonly level?: string;
  readonly trigger?: string;
  readonly state?: string;
  /** Only alerts whose latest event was recorded before this one (the page cursor). */
  readonly beforeSeq?: string;
}

/** An alert as stored: its latest event, when it opened and last changed, and its place in the order. */
export interface StoredAlert {
  readonly alertId: string;
  readonly latest: AlertEvent;
  readonly openedAt: string;
  readonly updatedAt: string;
  /** The latest event's sequence number: the order of the pages, and their cursor. */
  readonly seq: string;
}

const alertRow = z
  .object({
    alert_id: z.string(),
    event: alertEventSchema,
    opened_at: z.date(),
    updated_at: z.date(),
    seq: z.string(),
  })
  .transform((r): StoredAlert => ({
    alertId: r.alert_id,
    latest: r.event,
    openedAt: r.opened_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
    seq: r.seq,
  }));

const ENDED = `('resolved', 'cancelled')`;

/** Scope as SQL over `latest`, with its parameter at `$1`. */
const SCOPE: Readonly<Record<AlertScope['kind'], string>> = {
  all: `$1::text IS NULL`,
  notified: `EXISTS (SELECT 1 FROM cap_messages m WHERE m.alert_id = latest.alert_id AND m.recipient_id = $1)`,
  reporter: `split_part(latest.series_key, '/', 1) = $1`,
};

const scopeParameter = (scope: AlertScope): string | null =>
  scope.kind === 'all' ? null : scope.kind === 'notified' ? scope.recipientId : scope.reporter;

/** Each alert of the events `where` keeps, as its latest event left it, with when it opened; add a WHERE. */
const latestAlerts = (where: string) => `WITH latest AS (
    SELECT DISTINCT ON (alert_id) alert_id, event, type, level, trigger_id, series_key, seq, recorded_at
    FROM alert_events WHERE ${where}
    ORDER BY alert_id, seq DESC)
  SELECT latest.alert_id, latest.event, latest.seq::text AS seq, latest.recorded_at AS updated_at,
    (SELECT min(recorded_at) FROM alert_events e WHERE e.alert_id = latest.alert_id) AS opened_at
  FROM latest`;

/** An alert event with its place in the history: the live stream's event id. */
export interface SequencedAlertEvent {
  readonly seq: string;
  readonly event: AlertEvent;
}

const sequencedRow = z
  .object({ seq: z.string(), event: alertEventSchema })
  .transform((r): SequencedAlertEvent => ({ seq: r.seq, event: r.event }));

/**
 * The alerts of the engine's events, as the operations API lists them: each by its latest event, shadow
 * triggers' left out, newest change first.
 */
@Injectable()
export class AlertsRepository {
  /** A page of alerts in a scope, at most `limit`, newest change first. */
  page(em: EntityManager, scope: AlertScope, filter: AlertFilter, limit: number): Promise<StoredAlert[]> {
    return selectRows(
      em,
      'alert_events',
      alertRow,
      `${latestAlerts(`(event->>'shadow')::boolean IS NOT TRUE`)}
       WHERE ${SCOPE[scope.kind]}
         AND ($2::text IS NULL OR ($2 = 'past') = (latest.type IN ${ENDED}))
         AND ($3::text IS NULL OR latest.level = $3) AND ($4::text IS NULL OR latest.trigger_id = $4)
         AND ($5::text IS NULL OR split_part(latest.series_key, '/', 1) = $5)
         AND ($6::bigint IS NULL OR latest.seq < $6)
       ORDER BY latest.seq DESC
       LIMIT $7`,
      [
        scopeParameter(scope),
        filter.status ?? null,
        filter.level ?? null,
        filter.trigger ?? null,
        filter.state ?? null,
        filter.beforeSeq ?? null,
        limit,
      ],
    );
  }

  /** One alert in a scope, undefined when there is none or it is out of the scope. */
  async one(em: EntityManager, scope: AlertScope, alertId: string): Promise<StoredAlert | undefined> {
    const [row] = await selectRows(
      em,
      'alert_events',
      alertRow,
      `${latestAlerts(`alert_id = $2 AND (event->>'shadow')::boolean IS NOT TRUE`)}
       WHERE ${SCOPE[scope.kind]}`,
      [scopeParameter(scope), alertId],
    );
    return row;
  }

  /** Every event of an alert, oldest first. */
  events(em: EntityManager, alertId: string): Promise<AlertEvent[]> {
    return selectRows(
      em,
      'alert_events',
      z.object({ event: alertEventSchema }).transform((r) => r.event),
      `SELECT event FROM alert_events WHERE alert_id = $1 ORDER BY seq`,
      [alertId],
    );
  }

  /**
   * The events recorded after `afterSeq`, oldest first, at most `limit`, shadow triggers' left out; only
   * those on `reporter`'s own series when one is given. What a resumed live stream replays.
   */
  eventsAfter(
    em: EntityManager,
    afterSeq: string,
    reporter: Reporter | null,
    limit: number,
  ): Promise<SequencedAlertEvent[]> {
    return selectRows(
      em,
      'alert_events',
      sequencedRow,
      `SELECT seq::text AS seq, event FROM alert_events
       WHERE seq > $1::bigint AND (event->>'shadow')::boolean IS NOT TRUE
         AND ($2::text IS NULL OR split_part(series_key, '/', 1) = $2)
       ORDER BY seq LIMIT $3`,
      [afterSeq, reporter, limit],
    );
  }

  /** The sequence numbers of these events, by event id; an event not recorded is left out. */
  async seqsOf(em: EntityManager, eventIds: readonly string[]): Promise<Map<string, string>> {
    if (eventIds.length === 0) return new Map();
    const rows = await selectRows(
      em,
      'alert_events',
      z.object({ event_id: z.string(), seq: z.string() }),
      `SELECT event_id, seq::text AS seq FROM alert_events WHERE event_id = ANY($1::text[])`,
      [[...eventIds]],
    );
    return new Map(rows.map((r) => [r.event_id, r.seq]));
  }
}
