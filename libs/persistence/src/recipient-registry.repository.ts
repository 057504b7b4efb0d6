import { Injectable } from '@nestjs/common';
import {
  recipientChangeProblems,
  recipientSchema,
  withRecipientChanges,
  type RecipientChange,
  type ResponsesFile,
  type RoutingFile,
  type RoutingReference,
} from '@atalaya/routing';
import type { EntityManager } from 'typeorm';
import { z } from 'zod';
import { lockNames } from './sql/advisory-lock';
import { selectRows } from './sql/row-decoding';

/** One audited change to a recipient, as `atalaya recipients history` lists it. */
export interface RecipientChangeRecord {
  readonly at: string;
  readonly actor: string;
  readonly recipientId: string;
  readonly action: 'recipient-set' | 'recipient-remove';
  readonly reason: string;
  readonly before: unknown;
  readonly after: unknown;
}

/** What a change is checked against: the catalogue's files, the reference, the recipients with a topic. */
export interface RecipientChangeContext {
  readonly files: { readonly routing: RoutingFile; readonly responses: ResponsesFile };
  readonly against: RoutingReference;
  readonly topicRecipients: readonly string[];
}

export type RecipientChangeOutcome =
  | { readonly kind: 'recorded'; readonly before: unknown }
  | { readonly kind: 'refused'; readonly problems: readonly string[] }
  | { readonly kind: 'unknown' };

const changeRow = z.object({ id: z.string(), definition: z.unknown() }).transform((r): RecipientChange => ({
  id: r.id,
  definition: r.definition === null ? null : recipientSchema.parse(r.definition),
}));

/**
 * The operators' changes to the recipients, over `recipients.yaml`: each recipient's latest definition (or
 * its removal), a revision that moves with every change so the dispatcher knows when to reload, and an
 * audit line per change with what it replaced, who made it and why.
 */
@Injectable()
export class RecipientRegistryRepository {
  async changes(em: EntityManager): Promise<RecipientChange[]> {
    return selectRows(
      em,
      'recipient_registry',
      changeRow,
      `SELECT id, definition FROM recipient_registry ORDER BY revision`,
    );
  }

  /**
   * Checks a change against the files and the changes already made, and records it if it may go; two
   * changes at once take turns. `unknown` for the removal of a recipient that is not there.
   */
  async change(
    em: EntityManager,
    next: RecipientChange,
    context: RecipientChangeContext,
    by: { readonly actor: string; readonly reason: string },
  ): Promise<RecipientChangeOutcome> {
    await lockNames(em, ['recipient-registry']);
    const all = await this.changes(em);
    const before = withRecipientChanges(context.files.routing, all).recipients.find((r) => r.id === next.id);
    const changes = all.filter((c) => c.id !== next.id);
    if (next.definition === null && !before) return { kind: 'unknown' };
    const problems = recipientChangeProblems(
      context.files.routing,
      context.files.responses,
      [...changes, next],
      context.against,
      context.topicRecipients,
    );
    if (problems.length > 0) return { kind: 'refused', problems };
    await this.record(em, next, before, by);
    return { kind: 'recorded', before: before ?? null };
  }

  /** The highest revision, 0 before any change: what the dispatcher compares to know it must reload. */
  async revision(em: EntityManager): Promise<number> {
    const [row] = await selectRows(
      em,
      'recipient_registry',
      z.object({ revision: z.coerce.number().int() }),
      `SELECT coalesce(max(revision), 0) AS revision FROM recipient_registry`,
    );
    return row.revision;
  }

  /** Records a recipient's new definition, or its removal (null), with the one it replaces in the audit. */
  private async record(
    em: EntityManager,
    change: RecipientChange,
    before: unknown,
    by: { readonly actor: string; readonly reason: string },
  ): Promise<void> {
    await em.query(
      `INSERT INTO recipient_registry (id, definition, changed_at, changed_by, reason) VALUES ($1, $2, now(), $3, $4)
       ON CONFLICT (id) DO UPDATE SET definition = EXCLUDED.definition, changed_at = EXCLUDED.changed_at,
         changed_by = EXCLUDED.changed_by, reason = EXCLUDED.reason, revision = nextval('recipient_registry_revision')`,
      [change.id, change.definition === null ? null : JSON.stringify(change.definition), by.actor, by.reason],
    );
    await em.query(
      `INSERT INTO dispatch_audit (at, actor, action, subject, detail) VALUES (now(), $1, $2, $3, $4)`,
      [
        by.actor,
        change.definition === null ? 'recipient-remove' : 'recipient-set',
        change.id,
        JSON.stringify({ reason: by.reason, before: before ?? null, after: change.definition }),
      ],
    );
  }

  /** The audited changes, oldest first; of one recipient when named. */
  async history(em: EntityManager, recipientId?: string): Promise<RecipientChangeRecord[]> {
    return selectRows(
      em,
      'dispatch_audit',
      z
        .object({
          at: z.date(),
          actor: z.string(),
          subject: z.string(),
          action: z.enum(['recipient-set', 'recipient-remove']),
          detail: z.object({ reason: z.string(), before: z.unknown(), after: z.unknown() }),
        })
        .transform((r): RecipientChangeRecord => ({
          at: r.at.toISOString(),
          actor: r.actor,
          recipientId: r.subject,
          action: r.action,
          reason: r.detail.reason,
          before: r.detail.before,
          after: r.detail.after,
        })),
      `SELECT at, actor, subject, action, detail FROM dispatch_audit
       WHERE action IN ('recipient-set', 'recipient-remove') AND ($1::text IS NULL OR subject = $1)
       ORDER BY id`,
      [recipientId ?? null],
    );
  }
}
