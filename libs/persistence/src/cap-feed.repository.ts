import { Injectable } from '@nestjs/common';
import { alertEventSchema, type AlertEvent } from '@atalaya/contracts';
import type { EntityManager } from 'typeorm';
import { z } from 'zod';
import { selectRows } from './sql/row-decoding';

/** What a recipient asking for one of its CAP documents gets. */
export type CapDocumentLookup =
  | { readonly kind: 'found'; readonly document: string }
  /** Sent to this recipient before documents were kept: it reached the recipient on its channels only. */
  | { readonly kind: 'not-kept' }
  /** Never sent to this recipient, whether or not it was sent to another. */
  | { readonly kind: 'unknown' };

/**
 * The CAP documents sent to a recipient, read back for its feed. Every query takes the recipient the request
 * is authenticated as, so no recipient ever reads, or learns of, another's messages.
 */
@Injectable()
export class CapFeedRepository {
  /** The newest `limit` documents sent to the recipient, newest first. */
  async latest(em: EntityManager, recipientId: string, limit: number): Promise<string[]> {
    const rows = await selectRows(
      em,
      'cap_messages',
      z.object({ document: z.string() }),
      `SELECT document FROM cap_messages
       WHERE recipient_id = $1 AND document IS NOT NULL
       ORDER BY sent DESC, identifier DESC LIMIT $2`,
      [recipientId, limit],
    );
    return rows.map((r) => r.document);
  }

  async document(em: EntityManager, recipientId: string, identifier: string): Promise<CapDocumentLookup> {
    const [row] = await selectRows(
      em,
      'cap_messages',
      z.object({ document: z.string().nullable() }),
      `SELECT document FROM cap_messages WHERE recipient_id = $1 AND identifier = $2`,
      [recipientId, identifier],
    );
    if (!row) return { kind: 'unknown' };
    return row.document === null ? { kind: 'not-kept' } : { kind: 'found', document: row.document };
  }

  /** The newest `limit` alert events the public may be told of (none of a shadow trigger), newest first. */
  async publicEvents(em: EntityManager, limit: number): Promise<RecordedEvent[]> {
    return selectRows(em, 'alert_events', recordedEvent, `${PUBLIC_EVENTS} ORDER BY seq DESC LIMIT $1`, [
      limit,
    ]);
  }

  /** One alert event the public may be told of, by its id. */
  async publicEvent(em: EntityManager, eventId: string): Promise<RecordedEvent | undefined> {
    const [row] = await selectRows(em, 'alert_events', recordedEvent, `${PUBLIC_EVENTS} AND event_id = $1`, [
      eventId,
    ]);
    return row;
  }
}

/** An alert event as recorded, with when: the `sent` of the public CAP message about it. */
export interface RecordedEvent {
  readonly event: AlertEvent;
  readonly recordedAt: string;
}

const recordedEvent = z
  .object({ event: alertEventSchema, recorded_at: z.date() })
  .transform((r): RecordedEvent => ({ event: r.event, recordedAt: r.recorded_at.toISOString() }));

const PUBLIC_EVENTS = `SELECT event, recorded_at FROM alert_events WHERE (event->>'shadow')::boolean IS NOT TRUE`;
