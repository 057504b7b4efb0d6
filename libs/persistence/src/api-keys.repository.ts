import { Injectable } from '@nestjs/common';
import { reporterSchema, type Reporter } from '@atalaya/contracts';
import { createHash, randomBytes } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { z } from 'zod';
import { selectRows } from './sql/row-decoding';

const keyRow = z
  .object({
    id: z.string(),
    reporter: reporterSchema.nullable(),
    recipient_id: z.string().nullable(),
    operator: z.boolean(),
    label: z.string(),
    created_at: z.date(),
    revoked_at: z.date().nullable(),
  })
  .transform((r) => ({
    id: r.id,
    /** The reporting state a key sends signals for, the recipient it answers alerts as, or the operators. */
    reporter: r.reporter,
    recipientId: r.recipient_id,
    operator: r.operator,
    label: r.label,
    createdAt: r.created_at,
    revokedAt: r.revoked_at,
  }));
export type ApiKeyRecord = z.output<typeof keyRow>;

/**
 * Keys are 32 random bytes, so a plain SHA-256 is enough to store them: there is nothing to brute-force.
 * The secret is shown once, when issued, and never stored.
 */
const hashOf = (secret: string) => createHash('sha256').update(secret).digest('hex');

/**
 * API keys of the HTTP API: an agency's, scoped to the state it reports for; a recipient's (an operations
 * centre, a partner), scoped to it for acknowledgements and action reports; or an operator's, for the admin
 * routes.
 */
@Injectable()
export class ApiKeysRepository {
  issue(em: EntityManager, reporter: Reporter, label: string): Promise<{ id: string; secret: string }> {
    return this.insert(em, { reporter, recipientId: null, operator: false }, reporter.toLowerCase(), label);
  }

  /** A key for the operators' admin routes (the recipients), named after whoever holds it. */
  issueForOperator(em: EntityManager, label: string): Promise<{ id: string; secret: string }> {
    return this.insert(em, { reporter: null, recipientId: null, operator: true }, 'op', label);
  }

  issueForRecipient(
    em: EntityManager,
    recipientId: string,
    label: string,
  ): Promise<{ id: string; secret: string }> {
    return this.insert(em, { reporter: null, recipientId, operator: false }, 'r', label);
  }

  private async insert(
    em: EntityManager,
    subject: { reporter: Reporter | null; recipientId: string | null; operator: boolean },
    tag: string,
    label: string,
  ): Promise<{ id: string; secret: string }> {
    const id = `key_${randomBytes(6).toString('hex')}`;
    const secret = `atl_${tag}_${randomBytes(32).toString('base64url')}`;
    await em.query(
      `INSERT INTO api_keys (id, reporter, recipient_id, operator, key_hash, label, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, now())`,
      [id, subject.reporter, subject.recipientId, subject.operator, hashOf(secret), label],
    );
    return { id, secret };
  }

  /** The recipient a presented key answers as, or undefined when the key is unknown, revoked or an agency's. */
  async recipientOf(em: EntityManager, secret: string): Promise<string | undefined> {
    const [key] = await selectRows(
      em,
      'api_keys',
      z.object({ recipient_id: z.string() }),
      `SELECT recipient_id FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL AND recipient_id IS NOT NULL`,
      [hashOf(secret)],
    );
    return key?.recipient_id;
  }

  /** Who holds a presented operator key (its label), or undefined for any other key, unknown or revoked. */
  async operatorOf(em: EntityManager, secret: string): Promise<string | undefined> {
    const [key] = await selectRows(
      em,
      'api_keys',
      z.object({ label: z.string() }),
      `SELECT label FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL AND operator`,
      [hashOf(secret)],
    );
    return key?.label;
  }

  /**
   * The agency key presented (its id, for the audit) and the reporter it speaks for, or undefined when the
   * key is unknown, revoked or not an agency's.
   */
  async agencyKeyOf(
    em: EntityManager,
    secret: string,
  ): Promise<{ id: string; reporter: Reporter } | undefined> {
    const [key] = await selectRows(
      em,
      'api_keys',
      z.object({ id: z.string(), reporter: reporterSchema }),
      `SELECT id, reporter FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL AND reporter IS NOT NULL`,
      [hashOf(secret)],
    );
    return key;
  }

  /** Revokes a key by id; returns false when no active key has that id. */
  async revoke(em: EntityManager, id: string): Promise<boolean> {
    // Through a CTE the statement is a SELECT, whose rows TypeORM returns as they are (for an UPDATE it
    // returns the pair [rows, count]).
    const revoked = await selectRows(
      em,
      'api_keys',
      z.object({ id: z.string() }),
      `WITH revoked AS (UPDATE api_keys SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL RETURNING id)
       SELECT id FROM revoked`,
      [id],
    );
    return revoked.length > 0;
  }

  list(em: EntityManager): Promise<ApiKeyRecord[]> {
    return selectRows(
      em,
      'api_keys',
      keyRow,
      `SELECT id, reporter, recipient_id, operator, label, created_at, revoked_at FROM api_keys ORDER BY created_at`,
    );
  }
}
