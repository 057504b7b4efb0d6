import { Injectable } from '@nestjs/common';
import {
  reporterSchema,
  roleScopes,
  roles,
  scopes,
  scopesBeyond,
  type Principal,
  type Reporter,
  type Scope,
} from '@atalaya/contracts';
import { createHash, randomBytes } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { z } from 'zod';
import { selectRows } from './sql/row-decoding';

export const keyRow = z
  .object({
    id: z.string(),
    role: z.enum(roles),
    reporter: reporterSchema.nullable(),
    recipient_id: z.string().nullable(),
    scopes: z.array(z.enum(scopes)).nullable(),
    label: z.string(),
    created_at: z.date(),
    revoked_at: z.date().nullable(),
  })
  .transform((r) => ({
    id: r.id,
    role: r.role,
    /** The reporting state an agency key sends signals for. */
    reporter: r.reporter,
    /** The recipient a recipient key answers alerts as, or an analyst key reads figures as. */
    recipientId: r.recipient_id,
    /** The scopes it holds: its role's, or fewer. */
    scopes: r.scopes ?? roleScopes[r.role],
    label: r.label,
    createdAt: r.created_at,
    revokedAt: r.revoked_at,
  }));

export type ApiKeyRecord = z.output<typeof keyRow>;

/** What a key is issued for: its role and the subject the role needs. */
export type KeySubject =
  | { readonly role: 'agency'; readonly reporter: Reporter }
  | { readonly role: 'recipient' | 'analyst'; readonly recipientId: string }
  | { readonly role: 'admin' };

/** The columns `keyRow` reads, for a query on api_keys (or joined to it, as `k`). */
export const KEY_COLUMNS = `id, role, reporter, recipient_id, scopes, label, created_at, revoked_at`;

/** Who holds a key, as the routes see it. */
export function principalOfKey(key: ApiKeyRecord): Principal {
  const holder = { keyId: key.id, label: key.label, scopes: key.scopes };
  switch (key.role) {
    case 'agency':
      return { ...holder, role: 'agency', reporter: key.reporter! };
    case 'recipient':
    case 'analyst':
      return { ...holder, role: key.role, recipientId: key.recipientId! };
    case 'admin':
      return { ...holder, role: 'admin' };
  }
}

/**
 * Keys are 32 random bytes, so a plain SHA-256 is enough to store them: there is nothing to brute-force.
 * The secret is shown once, when issued, and never stored.
 */
export const hashOf = (secret: string) => createHash('sha256').update(secret).digest('hex');

/** The secret's prefix says what kind of key it is, so a key pasted in the wrong place is easy to spot. */
const tagOf = { recipient: 'r', analyst: 'an', admin: 'op' } as const;

/**
 * API keys of the HTTP API, each with a role (docs/api.md, "Access"): an agency's, scoped to the state it
 * reports for; a recipient's (an operations centre, a partner), scoped to it; an analyst's, reading as the
 * organisation it works for; or an operator's (admin), for the admin routes. Each holds its role's scopes,
 * or fewer.
 */
@Injectable()
export class ApiKeysRepository {
  issue(em: EntityManager, reporter: Reporter, label: string): Promise<{ id: string; secret: string }> {
    return this.issueKey(em, { role: 'agency', reporter }, label);
  }

  /** A key for the operators' admin routes (the recipients), named after whoever holds it. */
  issueForOperator(em: EntityManager, label: string): Promise<{ id: string; secret: string }> {
    return this.issueKey(em, { role: 'admin' }, label);
  }

  issueForRecipient(
    em: EntityManager,
    recipientId: string,
    label: string,
  ): Promise<{ id: string; secret: string }> {
    return this.issueKey(em, { role: 'recipient', recipientId }, label);
  }

  /**
   * Issues a key for a role, with every scope of the role or only those given (each must be the role's:
   * `scopesBeyond` says which are not). The secret is returned once and never stored.
   */
  async issueKey(
    em: EntityManager,
    subject: KeySubject,
    label: string,
    scoped?: readonly Scope[],
  ): Promise<{ id: string; secret: string }> {
    const beyond = scoped ? scopesBeyond(subject.role, scoped) : [];
    if (beyond.length > 0) {
      throw new Error(
        `the ${subject.role} role cannot hold ${beyond.join(', ')}: its scopes are ${roleScopes[subject.role].join(', ')}`,
      );
    }
    const id = `key_${randomBytes(6).toString('hex')}`;
    const tag = subject.role === 'agency' ? subject.reporter.toLowerCase() : tagOf[subject.role];
    const secret = `atl_${tag}_${randomBytes(32).toString('base64url')}`;
    await em.query(
      `INSERT INTO api_keys (id, role, reporter, recipient_id, scopes, key_hash, label, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, now())`,
      [
        id,
        subject.role,
        subject.role === 'agency' ? subject.reporter : null,
        subject.role === 'recipient' || subject.role === 'analyst' ? subject.recipientId : null,
        scoped ? [...scoped] : null,
        hashOf(secret),
        label,
      ],
    );
    return { id, secret };
  }

  /** Who holds a presented key, with its role and scopes; undefined when it is unknown or revoked. */
  async principalOf(em: EntityManager, secret: string): Promise<Principal | undefined> {
    const [key] = await selectRows(
      em,
      'api_keys',
      keyRow,
      `SELECT ${KEY_COLUMNS} FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL`,
      [hashOf(secret)],
    );
    return key && principalOfKey(key);
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
    return selectRows(em, 'api_keys', keyRow, `SELECT ${KEY_COLUMNS} FROM api_keys ORDER BY created_at`);
  }
}
