import { Injectable } from '@nestjs/common';
import { silenceSchema, type Silence } from '@atalaya/routing';
import type { EntityManager } from 'typeorm';
import { z } from 'zod';
import { selectRows } from './sql/row-decoding';

/** A silence as listed: the silence, and who ended it early if someone did. */
export interface StoredSilence extends Silence {
  readonly endedBy: string | null;
  readonly announcedAt: string | null;
}

const silenceRow = z
  .object({
    id: z.string(),
    matchers: z.record(z.string(), z.unknown()),
    recipients: z.array(z.string()).nullable(),
    starts_at: z.date(),
    ends_at: z.date(),
    created_by: z.string(),
    comment: z.string(),
    ended_by: z.string().nullable(),
    announced_at: z.date().nullable(),
  })
  .transform((r): StoredSilence => ({
    ...silenceSchema.parse({
      id: r.id,
      matchers: r.matchers,
      ...(r.recipients ? { recipients: r.recipients } : {}),
      startsAt: r.starts_at.toISOString(),
      endsAt: r.ends_at.toISOString(),
      createdBy: r.created_by,
      comment: r.comment,
    }),
    endedBy: r.ended_by,
    announcedAt: r.announced_at?.toISOString() ?? null,
  }));

const COLUMNS = `id, matchers, recipients, starts_at, ends_at, created_by, comment, ended_by, announced_at`;

/**
 * Planned pauses, each audited: set with who and why, ended early by whom, and the announcement of its
 * expiry recorded once, so that a dispatcher restart neither forgets nor repeats one.
 */
@Injectable()
export class SilencesRepository {
  async add(em: EntityManager, silence: Silence): Promise<void> {
    await em.query(
      `INSERT INTO silences (id, matchers, recipients, starts_at, ends_at, created_by, comment, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, now())`,
      [
        silence.id,
        JSON.stringify(silence.matchers),
        silence.recipients ?? null,
        silence.startsAt,
        silence.endsAt,
        silence.createdBy,
        silence.comment,
      ],
    );
    await this.audit(em, silence.createdBy, 'silence', silence.id, {
      matchers: silence.matchers,
      recipients: silence.recipients ?? null,
      startsAt: silence.startsAt,
      endsAt: silence.endsAt,
      comment: silence.comment,
    });
  }

  /**
   * The silences not yet over at `now`, and, with `ended`, those that are; with `recipientId`, only those
   * set for that recipient alone.
   */
  async list(
    em: EntityManager,
    opts: { readonly now: Date; readonly ended?: boolean; readonly recipientId?: string },
  ): Promise<StoredSilence[]> {
    return selectRows(
      em,
      'silences',
      silenceRow,
      `SELECT ${COLUMNS} FROM silences
       WHERE ($2 OR ends_at > $1) AND ($3::text IS NULL OR recipients = ARRAY[$3::text])
       ORDER BY starts_at, id`,
      [opts.now, opts.ended ?? false, opts.recipientId ?? null],
    );
  }

  /** What the dispatcher needs at `now`: the silences not over, and those over whose expiry is unannounced. */
  async relevant(em: EntityManager, now: Date): Promise<StoredSilence[]> {
    return selectRows(
      em,
      'silences',
      silenceRow,
      `SELECT ${COLUMNS} FROM silences WHERE ends_at > $1 OR announced_at IS NULL ORDER BY ends_at, id`,
      [now],
    );
  }

  /**
   * Ends a silence at `now` (one not started yet is withdrawn); with `recipientId`, only one set for that
   * recipient alone. Returns the silence as it now stands, or undefined when no such silence is running.
   */
  async expire(
    em: EntityManager,
    id: string,
    by: string,
    now: Date,
    recipientId?: string,
  ): Promise<StoredSilence | undefined> {
    const [ended] = await selectRows(
      em,
      'silences',
      silenceRow,
      `WITH ended AS (
         UPDATE silences
         SET ends_at = $2, starts_at = least(starts_at, $2 - interval '1 millisecond'), ended_by = $3
         WHERE id = $1 AND ends_at > $2 AND ($4::text IS NULL OR recipients = ARRAY[$4::text])
         RETURNING ${COLUMNS})
       SELECT * FROM ended`,
      [id, now, by, recipientId ?? null],
    );
    if (ended) await this.audit(em, by, 'silence-end', id, { endedAt: now.toISOString() });
    return ended;
  }

  /** Marks these silences' expiry announced; returns the ids that were not already (another instance may). */
  async announce(em: EntityManager, ids: readonly string[], now: Date): Promise<string[]> {
    if (ids.length === 0) return [];
    const rows = await selectRows(
      em,
      'silences',
      z.object({ id: z.string() }),
      `WITH announced AS (
         UPDATE silences SET announced_at = $2 WHERE id = ANY($1::text[]) AND announced_at IS NULL RETURNING id)
       SELECT id FROM announced`,
      [ids, now],
    );
    return rows.map((r) => r.id);
  }

  private async audit(
    em: EntityManager,
    actor: string,
    action: string,
    subject: string,
    detail: object,
  ): Promise<void> {
    await em.query(
      `INSERT INTO dispatch_audit (at, actor, action, subject, detail) VALUES (now(), $1, $2, $3, $4)`,
      [actor, action, subject, JSON.stringify(detail)],
    );
  }
}
