import type { TriggerState } from '@atalaya/triggers';
import type { EntityManager } from 'typeorm';

export interface StateKey {
  readonly triggerId: string;
  readonly seriesKey: string;
}

export const stateKey = (k: StateKey): string => `${k.triggerId}\u0000${k.seriesKey}`;

/**
 * Loads and row-locks the state of the given (trigger, series) pairs for the rest of the transaction, so
 * that during a rebalance two engine instances cannot evaluate the same series at once.
 */
export async function lockStates(
  em: EntityManager,
  keys: readonly StateKey[],
): Promise<Map<string, TriggerState>> {
  const states = new Map<string, TriggerState>();
  if (keys.length === 0) return states;
  const rows: StateRow[] = await em.query(
    `SELECT s.trigger_id, s.series_key, s.level, s.alert_id, to_char(s.last_period_start, 'YYYY-MM-DD') AS last,
       s.seen, s.pending_level, s.pending_count, s.since_resolved, s.history
       FROM trigger_state s JOIN unnest($1::text[], $2::text[]) AS k(t, sk) ON s.trigger_id = k.t AND s.series_key = k.sk
       ORDER BY s.trigger_id, s.series_key
       FOR UPDATE OF s`,
    [keys.map((k) => k.triggerId), keys.map((k) => k.seriesKey)],
  );
  rows.forEach((r) => states.set(stateKey({ triggerId: r.trigger_id, seriesKey: r.series_key }), stateOf(r)));
  return states;
}

/** A `trigger_state` row as selected here and by the silence watch, `last` as an ISO date or timestamp. */
export interface StateRow {
  trigger_id: string;
  series_key: string;
  level: string | null;
  alert_id: string | null;
  last: string | null;
  seen: number;
  pending_level: string | null;
  pending_count: number;
  since_resolved: number | null;
  history: number[];
}

export function stateOf(r: StateRow): TriggerState {
  return {
    level: r.level,
    alertId: r.alert_id,
    lastPeriodStart: r.last,
    seen: r.seen,
    pendingLevel: r.pending_level,
    pendingCount: r.pending_count,
    sinceResolved: r.since_resolved,
    history: r.history,
  };
}

export async function saveStates(
  em: EntityManager,
  entries: readonly { key: StateKey; version: number; state: TriggerState }[],
): Promise<void> {
  if (entries.length === 0) return;
  const col = <T>(f: (e: (typeof entries)[number]) => T) => entries.map(f);
  await em.query(
    `INSERT INTO trigger_state (trigger_id, series_key, trigger_version, level, alert_id, last_period_start, seen,
       pending_level, pending_count, since_resolved, history, updated_at)
     SELECT *, now() FROM unnest($1::text[], $2::text[], $3::int[], $4::text[], $5::text[], $6::date[], $7::int[],
       $8::text[], $9::int[], $10::int[], $11::jsonb[])
     ON CONFLICT (trigger_id, series_key) DO UPDATE SET trigger_version = EXCLUDED.trigger_version,
       level = EXCLUDED.level, alert_id = EXCLUDED.alert_id, last_period_start = EXCLUDED.last_period_start,
       seen = EXCLUDED.seen, pending_level = EXCLUDED.pending_level, pending_count = EXCLUDED.pending_count,
       since_resolved = EXCLUDED.since_resolved, history = EXCLUDED.history, updated_at = EXCLUDED.updated_at`,
    [
      col((e) => e.key.triggerId),
      col((e) => e.key.seriesKey),
      col((e) => e.version),
      col((e) => e.state.level),
      col((e) => e.state.alertId),
      col((e) => e.state.lastPeriodStart),
      col((e) => e.state.seen),
      col((e) => e.state.pendingLevel),
      col((e) => e.state.pendingCount),
      col((e) => e.state.sinceResolved),
      col((e) => JSON.stringify(e.state.history)),
    ],
  );
}
