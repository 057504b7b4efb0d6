import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { z } from 'zod';
import { selectRows } from './sql/row-decoding';

export const acknowledgementChannels = ['api', 'cli', 'cap'] as const;

export interface Acknowledgement {
  readonly recipientId: string;
  readonly alertId: string;
  readonly via: (typeof acknowledgementChannels)[number];
  /** Who acknowledged: the key's label, the operator, the CAP sender. */
  readonly by: string;
  readonly note?: string;
  /** The CAP `Ack` that carried it, as `sender,identifier,sent`, kept in the audit. */
  readonly capAck?: string;
}

export type AcknowledgeOutcome =
  | { readonly kind: 'acknowledged' | 'already'; readonly acknowledgedAt: Date }
  | { readonly kind: 'not-notified' };

const ackRow = z.object({ recipient_id: z.string(), alert_id: z.string(), acknowledged_at: z.date() });

/**
 * Acknowledgements, one per recipient and alert. A recipient may acknowledge only an alert it was notified
 * of (any other answer is refused, so no key can silence another's escalation), and a second acknowledgement
 * changes nothing; each is audited.
 */
@Injectable()
export class AcknowledgementsRepository {
  async acknowledge(em: EntityManager, ack: Acknowledgement): Promise<AcknowledgeOutcome> {
    const [notified] = await selectRows(
      em,
      'cap_messages',
      z.object({ n: z.number().int() }),
      `SELECT count(*)::int AS n FROM cap_messages WHERE recipient_id = $1 AND alert_id = $2`,
      [ack.recipientId, ack.alertId],
    );
    if (notified.n === 0) return { kind: 'not-notified' };
    const inserted = await selectRows(
      em,
      'acknowledgements',
      ackRow,
      `WITH added AS (
         INSERT INTO acknowledgements (recipient_id, alert_id, acknowledged_at, via, acknowledged_by, note)
         VALUES ($1, $2, now(), $3, $4, $5) ON CONFLICT DO NOTHING
         RETURNING recipient_id, alert_id, acknowledged_at)
       SELECT * FROM added`,
      [ack.recipientId, ack.alertId, ack.via, ack.by, ack.note ?? null],
    );
    if (inserted.length > 0) {
      await em.query(
        `INSERT INTO dispatch_audit (at, actor, action, subject, detail) VALUES (now(), $1, 'acknowledge', $2, $3)`,
        [
          `${ack.recipientId} (${ack.by})`,
          ack.alertId,
          JSON.stringify({
            via: ack.via,
            note: ack.note ?? null,
            ...(ack.capAck === undefined ? {} : { capAck: ack.capAck }),
          }),
        ],
      );
      return { kind: 'acknowledged', acknowledgedAt: inserted[0].acknowledged_at };
    }
    const [existing] = await this.of(em, [{ recipientId: ack.recipientId, alertId: ack.alertId }]);
    return { kind: 'already', acknowledgedAt: existing.acknowledgedAt };
  }

  /** The CAP messages sent to this recipient under these identifiers: what its CAP `Ack` may reference. */
  async capMessagesSent(
    em: EntityManager,
    recipientId: string,
    identifiers: readonly string[],
  ): Promise<{ alertId: string; identifier: string; sent: string }[]> {
    if (identifiers.length === 0) return [];
    const rows = await selectRows(
      em,
      'cap_messages',
      z.object({ alert_id: z.string(), identifier: z.string(), sent: z.string() }),
      `SELECT alert_id, identifier, sent FROM cap_messages WHERE recipient_id = $1 AND identifier = ANY($2::text[])`,
      [recipientId, [...identifiers]],
    );
    return rows.map((r) => ({ alertId: r.alert_id, identifier: r.identifier, sent: r.sent }));
  }

  /** The acknowledgements of these (recipient, alert) pairs that exist. */
  async of(
    em: EntityManager,
    pairs: readonly { recipientId: string; alertId: string }[],
  ): Promise<{ recipientId: string; alertId: string; acknowledgedAt: Date }[]> {
    if (pairs.length === 0) return [];
    const rows = await selectRows(
      em,
      'acknowledgements',
      ackRow,
      `SELECT a.recipient_id, a.alert_id, a.acknowledged_at FROM acknowledgements a
       JOIN unnest($1::text[], $2::text[]) AS p(r, al) ON a.recipient_id = p.r AND a.alert_id = p.al`,
      [pairs.map((p) => p.recipientId), pairs.map((p) => p.alertId)],
    );
    return rows.map((r) => ({
      recipientId: r.recipient_id,
      alertId: r.alert_id,
      acknowledgedAt: r.acknowledged_at,
    }));
  }
}
