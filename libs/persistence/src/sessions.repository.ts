import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { Principal } from '@atalaya/contracts';
import type { EntityManager } from 'typeorm';
import { z } from 'zod';
import { hashOf, KEY_COLUMNS, keyRow, principalOfKey } from './api-keys.repository';
import { selectRows } from './sql/row-decoding';

/** A browser session as the gateway sees it: who, the CSRF token its writes carry, when it expires. */
export interface Session {
  readonly principal: Principal;
  readonly csrfToken: string;
  readonly expiresAt: string;
}

const sessionRow = z
  .object({ session_csrf_token: z.string(), session_expires_at: z.date() })
  .and(keyRow)
  .transform((r): Session => ({
    principal: principalOfKey(r),
    csrfToken: r.session_csrf_token,
    expiresAt: r.session_expires_at.toISOString(),
  }));

/**
 * The dashboard's browser sessions. The cookie's secret is 32 random bytes, stored as its SHA-256 like the
 * keys; a session speaks for the key it was opened with, and no longer than that key is active.
 */
@Injectable()
export class SessionsRepository {
  /** Opens a session for an active key, for `ttlSeconds`: the cookie's secret is returned once. */
  async open(
    em: EntityManager,
    keyId: string,
    ttlSeconds: number,
  ): Promise<{ secret: string; csrfToken: string; expiresAt: string }> {
    const secret = `atl_s_${randomBytes(32).toString('base64url')}`;
    const csrfToken = randomBytes(24).toString('base64url');
    const [row] = await selectRows(
      em,
      'sessions',
      z.object({ expires_at: z.date() }),
      `INSERT INTO sessions (secret_hash, key_id, csrf_token, created_at, expires_at)
       VALUES ($1, $2, $3, now(), now() + make_interval(secs => $4)) RETURNING expires_at`,
      [hashOf(secret), keyId, csrfToken, ttlSeconds],
    );
    return { secret, csrfToken, expiresAt: row.expires_at.toISOString() };
  }

  /** The live session a cookie's secret opens, undefined once it ended, expired or its key was revoked. */
  async of(em: EntityManager, secret: string): Promise<Session | undefined> {
    const [session] = await selectRows(
      em,
      'sessions',
      sessionRow,
      `SELECT ${KEY_COLUMNS.split(', ')
        .map((c) => `k.${c}`)
        .join(', ')},
         s.csrf_token AS session_csrf_token, s.expires_at AS session_expires_at
       FROM sessions s JOIN api_keys k ON k.id = s.key_id
       WHERE s.secret_hash = $1 AND s.ended_at IS NULL AND s.expires_at > now() AND k.revoked_at IS NULL`,
      [hashOf(secret)],
    );
    return session;
  }

  /** Ends a session (logout); false when there was none live. */
  async end(em: EntityManager, secret: string): Promise<boolean> {
    const ended = await selectRows(
      em,
      'sessions',
      z.object({ secret_hash: z.string() }),
      `WITH ended AS (UPDATE sessions SET ended_at = now()
         WHERE secret_hash = $1 AND ended_at IS NULL RETURNING secret_hash)
       SELECT secret_hash FROM ended`,
      [hashOf(secret)],
    );
    return ended.length > 0;
  }
}
