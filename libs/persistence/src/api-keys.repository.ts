import { Injectable } from '@nestjs/common';
import { reporterSchema, type Reporter } from '@atalaya/contracts';
import { createHash, randomBytes } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { z } from 'zod';
import { selectRows } from './sql/row-decoding';

const keyRow = z
  .object({
    id: z.string(),
    reporter: reporterSchema,
    label: z.string(),
    created_at: z.date(),
    revoked_at: z.date().nullable(),
  })
  .transform((r) => ({
    id: r.id,
    reporter: r.reporter,
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

/** API keys of the HTTP door: one or more per agency, each scoped to the state it reports for. */
@Injectable()
export class ApiKeysRepository {
  async issue(em: EntityManager, reporter: Reporter, label: string): Promise<{ id: string; secret: string }> {
    const id = `key_${randomBytes(6).toString('hex')}`;
    const secret = `atl_${reporter.toLowerCase()}_${randomBytes(32).toString('base64url')}`;
    await em.query(
      `INSERT INTO api_keys (id, reporter, key_hash, label, created_at) VALUES ($1, $2, $3, $4, now())`,
      [id, reporter, hashOf(secret), label],
    );
    return { id, secret };
  }

  /** The reporter a presented key speaks for, or undefined when the key is unknown or revoked. */
  async reporterOf(em: EntityManager, secret: string): Promise<Reporter | undefined> {
    const [key] = await selectRows(
      em,
      'api_keys',
      z.object({ reporter: reporterSchema }),
      `SELECT reporter FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL`,
      [hashOf(secret)],
    );
    return key?.reporter;
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
      `SELECT id, reporter, label, created_at, revoked_at FROM api_keys ORDER BY created_at`,
    );
  }
}
