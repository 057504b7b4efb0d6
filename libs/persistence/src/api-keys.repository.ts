import { createHash, randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';

export interface ApiKeyRecord {
  readonly id: string;
  readonly reporter: string;
  readonly label: string;
  readonly createdAt: Date;
  readonly revokedAt: Date | null;
}

/**
 * Keys are 32 random bytes, so a plain SHA-256 is enough to store them: there is nothing to brute-force.
 * The secret is shown once, when issued, and never stored.
 */
const hashOf = (secret: string) => createHash('sha256').update(secret).digest('hex');

export async function issueApiKey(
  ds: DataSource,
  reporter: string,
  label: string,
): Promise<{ id: string; secret: string }> {
  const id = `key_${randomBytes(6).toString('hex')}`;
  const secret = `atl_${reporter.toLowerCase()}_${randomBytes(32).toString('base64url')}`;
  await ds.query(
    `INSERT INTO api_keys (id, reporter, key_hash, label, created_at) VALUES ($1, $2, $3, $4, now())`,
    [id, reporter, hashOf(secret), label],
  );
  return { id, secret };
}

/** The reporter a presented key speaks for, or undefined when the key is unknown or revoked. */
export async function reporterOfApiKey(ds: DataSource, secret: string): Promise<string | undefined> {
  const rows: { reporter: string }[] = await ds.query(
    `SELECT reporter FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL`,
    [hashOf(secret)],
  );
  return rows[0]?.reporter;
}

/** Revokes a key by id; returns false when no active key has that id. */
export async function revokeApiKey(ds: DataSource, id: string): Promise<boolean> {
  const rows: unknown[] = await ds.query(
    `UPDATE api_keys SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL RETURNING id`,
    [id],
  );
  return rows.length > 0;
}

export async function listApiKeys(ds: DataSource): Promise<ApiKeyRecord[]> {
  const rows: { id: string; reporter: string; label: string; created_at: Date; revoked_at: Date | null }[] =
    await ds.query(`SELECT id, reporter, label, created_at, revoked_at FROM api_keys ORDER BY created_at`);
  return rows.map((r) => ({
    id: r.id,
    reporter: r.reporter,
    label: r.label,
    createdAt: r.created_at,
    revokedAt: r.revoked_at,
  }));
}
