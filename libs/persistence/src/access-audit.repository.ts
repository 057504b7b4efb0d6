import { Injectable } from '@nestjs/common';
import { accessRecordSchema, type AccessRecord } from '@atalaya/contracts';
import type { EntityManager } from 'typeorm';
import { z } from 'zod';
import { bulkInsert } from './sql/bulk-insert';
import { selectRows } from './sql/row-decoding';

const accessRow = z
  .object({
    at: z.date(),
    viewer_kind: z.string(),
    viewer_id: z.string(),
    reporter: z.string(),
    channel: z.string(),
    resource: z.string(),
    indicator: z.string().nullable(),
    purpose: z.string(),
    granularity: z.string(),
    disaggregations: z.array(z.string()),
    policy_version: z.number().int(),
  })
  .transform((r): AccessRecord =>
    accessRecordSchema.parse({
      at: r.at.toISOString(),
      viewer: { kind: r.viewer_kind, id: r.viewer_id },
      reporter: r.reporter,
      channel: r.channel,
      resource: r.resource,
      ...(r.indicator === null ? {} : { indicator: r.indicator }),
      purpose: r.purpose,
      granularity: r.granularity,
      disaggregations: r.disaggregations,
      policyVersion: r.policy_version,
    }),
  );

/**
 * The access audit: one row per read of a state's restricted figures, written in the transaction of the
 * read it records where there is one, and listed for the state, newest first.
 */
@Injectable()
export class AccessAuditRepository {
  async record(em: EntityManager, records: readonly AccessRecord[]): Promise<void> {
    await bulkInsert(
      em,
      {
        table: 'access_audit',
        columns: {
          at: ['timestamptz', (r: AccessRecord) => r.at],
          viewer_kind: ['text', (r: AccessRecord) => r.viewer.kind],
          viewer_id: ['text', (r: AccessRecord) => r.viewer.id],
          reporter: ['text', (r: AccessRecord) => r.reporter],
          channel: ['text', (r: AccessRecord) => r.channel],
          resource: ['text', (r: AccessRecord) => r.resource],
          indicator: ['text', (r: AccessRecord) => r.indicator ?? null],
          purpose: ['text', (r: AccessRecord) => r.purpose],
          granularity: ['text', (r: AccessRecord) => r.granularity],
          disaggregations: ['jsonb', (r: AccessRecord) => JSON.stringify(r.disaggregations)],
          policy_version: ['int', (r: AccessRecord) => r.policyVersion],
        },
      },
      records,
    );
  }

  /** Who has read the state's figures since `since` (all time without it), newest first, at most `limit`. */
  async list(
    em: EntityManager,
    opts: { readonly reporter: string; readonly since?: string; readonly limit?: number },
  ): Promise<AccessRecord[]> {
    return selectRows(
      em,
      'access_audit',
      accessRow,
      `SELECT at, viewer_kind, viewer_id, reporter, channel, resource, indicator, purpose, granularity,
              disaggregations, policy_version
       FROM access_audit
       WHERE reporter = $1 AND ($2::timestamptz IS NULL OR at >= $2)
       ORDER BY at DESC, id DESC
       LIMIT $3`,
      [opts.reporter, opts.since ?? null, opts.limit ?? 1000],
    );
  }
}
