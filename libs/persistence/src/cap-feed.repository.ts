import { Injectable } from '@nestjs/common';
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
}
