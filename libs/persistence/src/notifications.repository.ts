import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { z } from 'zod';
import { bulkInsert } from './sql/bulk-insert';
import { selectRows } from './sql/row-decoding';

/** The channels delivered from the log; the Kafka channel is published through the outbox instead. */
export const notificationChannels = ['webhook', 'email'] as const;
export type NotificationChannel = (typeof notificationChannels)[number];

/** One alert event for one recipient on one channel, as it will be sent, every time. */
export interface NewNotification {
  /** The idempotency key: a webhook's `webhook-id`, an email's Message-ID, a Kafka notification's `notificationId`. */
  readonly id: string;
  readonly recipientId: string;
  readonly channel: NotificationChannel;
  readonly alertId: string;
  readonly eventId: string;
  readonly body: string;
  /** When it was made: the CAP document's `sent`, which later messages of the alert reference. */
  readonly createdAt: Date;
}

const dueRow = z
  .object({
    id: z.string(),
    recipient_id: z.string(),
    channel: z.enum(notificationChannels),
    alert_id: z.string(),
    body: z.string(),
    attempts: z.number().int(),
    attempts_before_redrive: z.number().int(),
    created_at: z.date(),
  })
  .transform((r) => ({
    id: r.id,
    recipientId: r.recipient_id,
    channel: r.channel,
    alertId: r.alert_id,
    body: r.body,
    attempts: r.attempts,
    createdAt: r.created_at,
    /** Attempts since the notification was created or last re-driven: what the retry budget counts. */
    attemptsInBudget: r.attempts - r.attempts_before_redrive,
  }));
export type DueNotification = z.output<typeof dueRow>;

const listedRow = z
  .object({
    id: z.string(),
    recipient_id: z.string(),
    channel: z.enum(notificationChannels),
    alert_id: z.string(),
    event_id: z.string(),
    status: z.enum(['pending', 'delivered', 'dead_lettered']),
    attempts: z.number().int(),
    created_at: z.date(),
    delivered_at: z.date().nullable(),
    last_error: z.string().nullable(),
  })
  .transform((r) => ({
    id: r.id,
    recipientId: r.recipient_id,
    channel: r.channel,
    alertId: r.alert_id,
    eventId: r.event_id,
    status: r.status,
    attempts: r.attempts,
    createdAt: r.created_at,
    deliveredAt: r.delivered_at,
    lastError: r.last_error,
  }));
export type NotificationRecord = z.output<typeof listedRow>;

/** How one try went. */
export interface DeliveryAttempt {
  readonly notificationId: string;
  readonly channel: NotificationChannel;
  readonly startedAt: Date;
  readonly durationMs: number;
  readonly httpStatus?: number;
  readonly error?: string;
  /** Delivered; or when to try again; or out of attempts. */
  readonly next: { readonly delivered: true } | { readonly retryAt: Date } | { readonly deadLettered: true };
}

const LISTED = `SELECT id, recipient_id, channel, alert_id, event_id, status, attempts, created_at, delivered_at,
  last_error FROM notifications`;

/**
 * The delivery log. Notifications are claimed with a lease (their next attempt moved past it) so that two
 * dispatcher instances never send the same one at once, and a dispatcher that dies mid-send leaves it to be
 * sent again, with the same id and body, once the lease runs out.
 */
@Injectable()
export class NotificationsRepository {
  /** Records notifications once each (their ids are deterministic); returns the `id/channel` of the new ones. */
  async enqueue(em: EntityManager, notifications: readonly NewNotification[]): Promise<string[]> {
    const rows = await bulkInsert(
      em,
      {
        table: 'notifications',
        columns: {
          id: ['text', (n) => n.id],
          recipient_id: ['text', (n) => n.recipientId],
          channel: ['text', (n) => n.channel],
          alert_id: ['text', (n) => n.alertId],
          event_id: ['text', (n) => n.eventId],
          body: ['text', (n) => n.body],
          created_at: ['timestamptz', (n) => n.createdAt],
        },
        constants: { status: `'pending'`, next_attempt_at: 'now()' },
        onConflict: { target: ['id', 'channel'] },
        returning: z.object({ id: z.string(), channel: z.enum(notificationChannels) }),
      },
      notifications,
    );
    return rows.map((r) => `${r.id}/${r.channel}`);
  }

  /** Takes up to `limit` notifications of `channel` due now, leasing them for `leaseMs`. */
  claimDue(
    em: EntityManager,
    channel: NotificationChannel,
    limit: number,
    leaseMs: number,
  ): Promise<DueNotification[]> {
    return selectRows(
      em,
      'notifications',
      dueRow,
      // The UPDATE sits in a CTE so that TypeORM returns its rows as they are (for an UPDATE it returns the
      // pair [rows, count]).
      `WITH due AS (
         SELECT id FROM notifications
         WHERE status = 'pending' AND channel = $1 AND next_attempt_at <= now()
         ORDER BY next_attempt_at LIMIT $2 FOR UPDATE SKIP LOCKED),
       claimed AS (
         UPDATE notifications n SET next_attempt_at = now() + $3 * interval '1 millisecond'
         FROM due WHERE n.id = due.id AND n.channel = $1
         RETURNING n.id, n.recipient_id, n.channel, n.alert_id, n.body, n.attempts, n.attempts_before_redrive,
                   n.created_at)
       SELECT * FROM claimed`,
      [channel, limit, leaseMs],
    );
  }

  /**
   * Records attempts, each with where its notification now stands (delivered, due again at its retry time,
   * or dead-lettered), in one statement whatever their number: a channel records a whole round of
   * deliveries at once instead of one transaction per attempt.
   */
  async recordAttempts(em: EntityManager, attempts: readonly DeliveryAttempt[]): Promise<void> {
    if (attempts.length === 0) return;
    const status = (a: DeliveryAttempt) =>
      'delivered' in a.next ? 'delivered' : 'deadLettered' in a.next ? 'dead_lettered' : 'pending';
    await em.query(
      `WITH a AS (
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::text[],
                              $6::timestamptz[], $7::int[], $8::int[])
           AS a(id, channel, status, retry_at, error, started_at, duration_ms, http_status)),
       moved AS (
         UPDATE notifications n SET attempts = n.attempts + 1, status = a.status, next_attempt_at = a.retry_at,
           delivered_at = CASE WHEN a.status = 'delivered' THEN now() END, last_error = a.error
         FROM a WHERE n.id = a.id AND n.channel = a.channel
         RETURNING n.id, n.channel, n.attempts)
       INSERT INTO delivery_attempts (notification_id, channel, attempt, started_at, duration_ms, outcome, http_status, error)
       SELECT a.id, a.channel, moved.attempts, a.started_at, a.duration_ms,
              CASE WHEN a.status = 'delivered' THEN 'delivered' ELSE 'failed' END, a.http_status, a.error
       FROM a JOIN moved ON moved.id = a.id AND moved.channel = a.channel`,
      [
        attempts.map((a) => a.notificationId),
        attempts.map((a) => a.channel),
        attempts.map(status),
        attempts.map((a) => ('retryAt' in a.next ? a.next.retryAt : null)),
        attempts.map((a) => a.error ?? null),
        attempts.map((a) => a.startedAt),
        attempts.map((a) => Math.round(a.durationMs)),
        attempts.map((a) => a.httpStatus ?? null),
      ],
    );
  }

  /** Dead-lettered notifications, oldest first, of one recipient or of all. */
  deadLettered(em: EntityManager, recipientId?: string): Promise<NotificationRecord[]> {
    return selectRows(
      em,
      'notifications',
      listedRow,
      `${LISTED} WHERE status = 'dead_lettered' AND ($1::text IS NULL OR recipient_id = $1) ORDER BY created_at, id`,
      [recipientId ?? null],
    );
  }

  /** What was sent to a recipient about one alert, in order, one row per channel. */
  ofAlert(em: EntityManager, recipientId: string, alertId: string): Promise<NotificationRecord[]> {
    return selectRows(
      em,
      'notifications',
      listedRow,
      `${LISTED} WHERE recipient_id = $1 AND alert_id = $2 ORDER BY created_at, id`,
      [recipientId, alertId],
    );
  }

  /**
   * An email notification's place in its thread: when it was made, and the ids of the email notifications
   * made before it for the same recipient and alert, oldest first, whatever became of them. Rows are only
   * ever added after it, so the answer never changes: a resent email names the same earlier messages.
   */
  async emailThread(
    em: EntityManager,
    notificationId: string,
  ): Promise<{ createdAt: Date; earlier: string[] } | undefined> {
    const [row] = await selectRows(
      em,
      'notifications',
      z.object({ created_at: z.date(), earlier: z.array(z.string()) }),
      `SELECT n.created_at,
         COALESCE(array_agg(e.id ORDER BY e.created_at, e.id) FILTER (WHERE e.id IS NOT NULL), '{}') AS earlier
       FROM notifications n
       LEFT JOIN notifications e ON e.channel = 'email' AND e.recipient_id = n.recipient_id
         AND e.alert_id = n.alert_id AND (e.created_at, e.id) < (n.created_at, n.id)
       WHERE n.id = $1 AND n.channel = 'email'
       GROUP BY n.id, n.created_at`,
      [notificationId],
    );
    return row && { createdAt: row.created_at, earlier: row.earlier };
  }

  /**
   * Gives dead-lettered notifications (every channel of each id) a new budget of attempts, due now, and
   * audits who did it and why. Returns the `id/channel` re-driven; one not dead-lettered is left alone.
   */
  async redrive(em: EntityManager, ids: readonly string[], actor: string, reason: string): Promise<string[]> {
    const moved = await selectRows(
      em,
      'notifications',
      z.object({ id: z.string() }),
      `WITH moved AS (
         UPDATE notifications SET status = 'pending', next_attempt_at = now(), attempts_before_redrive = attempts
         WHERE id = ANY($1::text[]) AND status = 'dead_lettered' RETURNING id, channel)
       SELECT id || '/' || channel AS id FROM moved ORDER BY id`,
      [ids],
    );
    await bulkInsert(
      em,
      {
        table: 'dispatch_audit',
        columns: {
          subject: ['text', (id: string) => id],
          detail: ['jsonb', () => JSON.stringify({ reason })],
          actor: ['text', () => actor],
        },
        constants: { at: 'now()', action: `'redrive'` },
      },
      moved.map((m) => m.id),
    );
    return moved.map((m) => m.id);
  }
}
