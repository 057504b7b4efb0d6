import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { bulkInsert, selectRows } from '@atalaya/persistence';
import type { RoutingState } from '@atalaya/routing';
import type { EntityManager } from 'typeorm';
import { z } from 'zod';
import type { EscalationStep, Unanswered } from './escalations';

/** A CAP message already sent to a recipient about an alert: what later messages reference. */
export interface SentCap {
  readonly recipientId: string;
  readonly alertId: string;
  readonly identifier: string;
  readonly sent: string;
}

/** A CAP message as it is recorded: with the document, which the recipient's feed serves. */
export interface RecordedCap extends SentCap {
  readonly document: string;
}

const versionRow = z.object({ version: z.string() });
const groupRow = z.object({ id: z.string(), state: z.record(z.string(), z.unknown()) });
const activeRow = z.object({ alert_id: z.string(), context: z.record(z.string(), z.unknown()) });

/** The routing state a transaction read under the lock, and the one it leaves. */
export interface StateChange {
  readonly from: RoutingState;
  readonly to: RoutingState;
}

/** The entries of `to` that are not the very objects of `from`, and the keys `to` no longer has. */
function changed<V>(from: Readonly<Record<string, V>>, to: Readonly<Record<string, V>>) {
  return {
    upserted: Object.entries(to).filter(([k, v]) => from[k] !== v),
    removed: Object.keys(from).filter((k) => !(k in to)),
  };
}

const capRow = z
  .object({ recipient_id: z.string(), alert_id: z.string(), identifier: z.string(), sent: z.string() })
  .transform((r) => ({
    recipientId: r.recipient_id,
    alertId: r.alert_id,
    identifier: r.identifier,
    sent: r.sent,
  }));

/**
 * The dispatcher's own state: the routing state (groups, alerts in force) as a row per group and per alert,
 * under the lock of the `dispatch_state` row, which every transaction that moves it takes first, so two
 * dispatcher instances never interleave on it; and the CAP messages sent.
 *
 * The routing functions never change an entry in place, so a transaction writes only the entries that are
 * new objects and deletes those gone. The state the last write here left is kept in memory with the version
 * it wrote: when the locked row still carries that version, no one else has written since (a rolled-back
 * write left the version before it, a write by another instance a version of its own), and the state is
 * not read back.
 */
@Injectable()
export class DispatchStateRepository {
  private current?: { readonly version: string; readonly state: RoutingState };

  async lock(em: EntityManager): Promise<RoutingState> {
    await em.query(
      `INSERT INTO dispatch_state (id, version, updated_at) VALUES (1, '', now()) ON CONFLICT (id) DO NOTHING`,
    );
    const [{ version }] = await selectRows(
      em,
      'dispatch_state',
      versionRow,
      `SELECT version FROM dispatch_state WHERE id = 1 FOR UPDATE`,
    );
    if (this.current?.version === version) return this.current.state;
    const groups = await selectRows(em, 'dispatch_groups', groupRow, `SELECT id, state FROM dispatch_groups`);
    const active = await selectRows(
      em,
      'dispatch_active',
      activeRow,
      `SELECT alert_id, context FROM dispatch_active`,
    );
    const state = {
      groups: Object.fromEntries(groups.map((g) => [g.id, g.state])),
      active: Object.fromEntries(active.map((a) => [a.alert_id, a.context])),
    } as unknown as RoutingState;
    this.current = { version, state };
    return state;
  }

  /** Writes what moved from the state `lock` returned in this transaction, and a new version. */
  async save(em: EntityManager, { from, to }: StateChange, nextWakeAt: string | null): Promise<void> {
    const groups = changed(from.groups, to.groups);
    const active = changed(from.active, to.active);
    await upsertJson(em, 'dispatch_groups', 'id', 'state', groups.upserted);
    await upsertJson(em, 'dispatch_active', 'alert_id', 'context', active.upserted);
    if (groups.removed.length > 0)
      await em.query(`DELETE FROM dispatch_groups WHERE id = ANY($1::text[])`, [groups.removed]);
    if (active.removed.length > 0)
      await em.query(`DELETE FROM dispatch_active WHERE alert_id = ANY($1::text[])`, [active.removed]);
    const version = randomUUID();
    await em.query(
      `UPDATE dispatch_state SET version = $1, next_wake_at = $2, updated_at = now() WHERE id = 1`,
      [version, nextWakeAt],
    );
    this.current = { version, state: to };
  }

  /** The CAP messages sent to these (recipient, alert) pairs, oldest first. */
  async sentCaps(
    em: EntityManager,
    pairs: readonly { recipientId: string; alertId: string }[],
  ): Promise<SentCap[]> {
    if (pairs.length === 0) return [];
    return selectRows(
      em,
      'cap_messages',
      capRow,
      `SELECT c.recipient_id, c.alert_id, c.identifier, c.sent FROM cap_messages c
       JOIN unnest($1::text[], $2::text[]) AS p(r, a) ON c.recipient_id = p.r AND c.alert_id = p.a
       ORDER BY c.sent, c.identifier`,
      [pairs.map((p) => p.recipientId), pairs.map((p) => p.alertId)],
    );
  }

  /**
   * When each alert first reached each level, recording `now` for those seen for the first time: a response
   * action's deadline counts from then, whatever later notifications repeat.
   */
  async activations(
    em: EntityManager,
    pairs: readonly { alertId: string; level: string }[],
    now: string,
  ): Promise<Map<string, string>> {
    if (pairs.length === 0) return new Map();
    const alertIds = pairs.map((p) => p.alertId);
    const levels = pairs.map((p) => p.level);
    await em.query(
      `INSERT INTO alert_activations (alert_id, level, activated_at)
       SELECT a, l, $3 FROM unnest($1::text[], $2::text[]) AS p(a, l) ON CONFLICT DO NOTHING`,
      [alertIds, levels, now],
    );
    const rows = await selectRows(
      em,
      'alert_activations',
      z.object({ alert_id: z.string(), level: z.string(), activated_at: z.date() }),
      `SELECT x.alert_id, x.level, x.activated_at FROM alert_activations x
       JOIN unnest($1::text[], $2::text[]) AS p(a, l) ON x.alert_id = p.a AND x.level = p.l`,
      [alertIds, levels],
    );
    return new Map(rows.map((r) => [activationKey(r.alert_id, r.level), r.activated_at.toISOString()]));
  }

  /**
   * Every recipient notified of one of these alerts: when it was first notified, whether it acknowledged,
   * and the escalation steps already taken for it.
   */
  async unanswered(em: EntityManager, alertIds: readonly string[]): Promise<Unanswered[]> {
    if (alertIds.length === 0) return [];
    const rows = await selectRows(
      em,
      'cap_messages',
      z.object({
        recipient_id: z.string(),
        alert_id: z.string(),
        first_sent: z.string(),
        acknowledged_at: z.date().nullable(),
        taken: z.array(z.number().int()),
      }),
      `SELECT c.recipient_id, c.alert_id, min(c.sent) AS first_sent, a.acknowledged_at,
         coalesce(array_agg(DISTINCT e.step) FILTER (WHERE e.step IS NOT NULL), '{}') AS taken
       FROM cap_messages c
       LEFT JOIN acknowledgements a ON a.recipient_id = c.recipient_id AND a.alert_id = c.alert_id
       LEFT JOIN escalations e ON e.recipient_id = c.recipient_id AND e.alert_id = c.alert_id
       WHERE c.alert_id = ANY($1::text[])
       GROUP BY c.recipient_id, c.alert_id, a.acknowledged_at`,
      [alertIds],
    );
    return rows.map((r) => ({
      recipientId: r.recipient_id,
      alertId: r.alert_id,
      notifiedAt: new Date(r.first_sent).toISOString(),
      acknowledgedAt: r.acknowledged_at?.toISOString() ?? null,
      taken: new Set(r.taken),
    }));
  }

  /** Records escalation steps once each; returns those that were new (another instance may have taken one). */
  async recordEscalations(
    em: EntityManager,
    steps: readonly EscalationStep[],
    now: string,
  ): Promise<EscalationStep[]> {
    const rows = await bulkInsert(
      em,
      {
        table: 'escalations',
        columns: {
          recipient_id: ['text', (e: EscalationStep) => e.recipientId],
          alert_id: ['text', (e: EscalationStep) => e.alertId],
          step: ['int', (e: EscalationStep) => e.step],
          target: ['text', (e: EscalationStep) => e.target],
          escalated_at: ['timestamptz', () => now],
        },
        onConflict: { target: ['recipient_id', 'alert_id', 'step'] },
        returning: z.object({ recipient_id: z.string(), alert_id: z.string(), step: z.number().int() }),
      },
      steps,
    );
    const taken = new Set(rows.map((r) => `${r.recipient_id}|${r.alert_id}|${r.step}`));
    return steps.filter((e) => taken.has(`${e.recipientId}|${e.alertId}|${e.step}`));
  }

  async recordCaps(em: EntityManager, caps: readonly RecordedCap[]): Promise<void> {
    await bulkInsert(
      em,
      {
        table: 'cap_messages',
        columns: {
          recipient_id: ['text', (c: RecordedCap) => c.recipientId],
          alert_id: ['text', (c: RecordedCap) => c.alertId],
          identifier: ['text', (c: RecordedCap) => c.identifier],
          sent: ['text', (c: RecordedCap) => c.sent],
          document: ['text', (c: RecordedCap) => c.document],
        },
        onConflict: { target: ['recipient_id', 'identifier'] },
      },
      caps,
    );
  }
}

export const activationKey = (alertId: string, level: string): string => `${alertId}\u0000${level}`;

/** Inserts or replaces `entries` (key, value) of a table of one key column and one JSON column. */
async function upsertJson(
  em: EntityManager,
  table: string,
  key: string,
  column: string,
  entries: readonly [string, unknown][],
): Promise<void> {
  if (entries.length === 0) return;
  await em.query(
    `INSERT INTO ${table} (${key}, ${column}) SELECT * FROM unnest($1::text[], $2::jsonb[])
     ON CONFLICT (${key}) DO UPDATE SET ${column} = EXCLUDED.${column}`,
    [entries.map(([k]) => k), entries.map(([, v]) => JSON.stringify(v))],
  );
}
