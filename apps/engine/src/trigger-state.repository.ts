import { Injectable } from '@nestjs/common';
import { alertLevelSchema, isoDate } from '@atalaya/contracts';
import { bulkInsert, lockNames, selectRows, type BulkColumn } from '@atalaya/persistence';
import type { Silence, TriggerState } from '@atalaya/triggers';
import type { EntityManager } from 'typeorm';
import { z } from 'zod';

/** One trigger on one series: what a `trigger_state` row stands for. */
export interface StateKey {
  readonly triggerId: string;
  readonly seriesKey: string;
}

export const stateKey = (k: StateKey): string => `${k.triggerId}\u0000${k.seriesKey}`;

export interface StateEntry {
  readonly key: StateKey;
  readonly version: number;
  readonly state: TriggerState;
}

export interface SilenceEntry {
  readonly key: StateKey;
  readonly version: number;
  readonly silence: Silence;
}

/** The columns of a trigger state as both kinds read them; each formats `last`, where its last period started. */
const stateColumns = {
  trigger_id: z.string(),
  series_key: z.string(),
  level: alertLevelSchema.nullable(),
  alert_id: z.string().nullable(),
  peak: z.number().nullable(),
  seen: z.number().int(),
  pending_level: alertLevelSchema.nullable(),
  pending_count: z.number().int(),
  since_resolved: z.number().int().nullable(),
  history: z.array(z.number()),
};
const seriesRow = z.object({ ...stateColumns, last: isoDate.nullable() });
const silenceRow = z.object({
  ...stateColumns,
  last: z.iso.datetime().nullable(),
  heard_at: z.date().nullable(),
  heard_signal_id: z.string().nullable(),
});

const stateOf = (r: z.output<typeof seriesRow>): TriggerState => ({
  level: r.level,
  alertId: r.alert_id,
  peak: r.peak,
  lastPeriodStart: r.last,
  seen: r.seen,
  pendingLevel: r.pending_level,
  pendingCount: r.pending_count,
  sinceResolved: r.since_resolved,
  history: r.history,
});

const SELECT_STATE = `SELECT s.trigger_id, s.series_key, s.level, s.alert_id, s.peak, s.seen, s.pending_level,
    s.pending_count, s.since_resolved, s.history`;
const JOIN_KEYS = `JOIN unnest($1::text[], $2::text[]) AS k(t, sk) ON s.trigger_id = k.t AND s.series_key = k.sk`;
const keyParams = (keys: readonly StateKey[]) => [keys.map((k) => k.triggerId), keys.map((k) => k.seriesKey)];
/** A no-data series' points are ordered to the millisecond: read them back in toISOString's own form. */
const ISO_MS = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;

/** The columns both kinds of state write, all but where the last period started. */
function stateWrites<E extends { key: StateKey; version: number }>(state: (e: E) => TriggerState) {
  const columns: Record<string, BulkColumn<E>> = {
    trigger_id: ['text', (e) => e.key.triggerId],
    series_key: ['text', (e) => e.key.seriesKey],
    trigger_version: ['int', (e) => e.version],
    level: ['text', (e) => state(e).level],
    alert_id: ['text', (e) => state(e).alertId],
    peak: ['float8', (e) => state(e).peak],
    seen: ['int', (e) => state(e).seen],
    pending_level: ['text', (e) => state(e).pendingLevel],
    pending_count: ['int', (e) => state(e).pendingCount],
    since_resolved: ['int', (e) => state(e).sinceResolved],
    history: ['jsonb', (e) => JSON.stringify(state(e).history)],
  };
  return columns;
}

/**
 * Where each trigger stands on each series: the engine's only state, so a restart rebuilds from here. Per
 * series triggers keep a date as their last period; no-data triggers a timestamp and the report their
 * deadlines count from.
 */
@Injectable()
export class TriggerStateRepository {
  /**
   * Loads and row-locks the state of the given pairs for the rest of the transaction, so that during a
   * rebalance two engine instances cannot evaluate the same series at once.
   */
  async lock(em: EntityManager, keys: readonly StateKey[]): Promise<Map<string, TriggerState>> {
    if (keys.length === 0) return new Map();
    const rows = await selectRows(
      em,
      'trigger_state',
      seriesRow,
      `${SELECT_STATE}, to_char(s.last_period_start, 'YYYY-MM-DD') AS last FROM trigger_state s ${JOIN_KEYS}
       ORDER BY s.trigger_id, s.series_key FOR UPDATE OF s`,
      keyParams(keys),
    );
    return new Map(rows.map((r) => [keyOf(r), stateOf(r)]));
  }

  /**
   * Loads and row-locks the per-series states of the given triggers kept under an older version than the
   * one given: the series to pass to a version that has entered into force.
   */
  async lockOutdated(
    em: EntityManager,
    versions: readonly { triggerId: string; version: number }[],
  ): Promise<StateEntry[]> {
    if (versions.length === 0) return [];
    const rows = await selectRows(
      em,
      'trigger_state',
      seriesRow.extend({ trigger_version: z.number().int() }),
      `${SELECT_STATE}, s.trigger_version, to_char(s.last_period_start, 'YYYY-MM-DD') AS last FROM trigger_state s
       JOIN unnest($1::text[], $2::int[]) AS k(t, v) ON s.trigger_id = k.t AND s.trigger_version < k.v
       ORDER BY s.trigger_id, s.series_key FOR UPDATE OF s`,
      [versions.map((v) => v.triggerId), versions.map((v) => v.version)],
    );
    return rows.map((r) => ({
      key: { triggerId: r.trigger_id, seriesKey: r.series_key },
      version: r.trigger_version,
      state: stateOf(r),
    }));
  }

  /**
   * Serialises, across engine instances and until the transaction ends, the evaluation of series that no
   * row may stand for yet (a derived series seen for the first time, a reporter never watched), so the
   * second instance waits, then finds the work done and repeats nothing.
   */
  async serialise(em: EntityManager, keys: readonly StateKey[]): Promise<void> {
    await lockNames(
      em,
      keys.map((k) => `trigger-state:${k.triggerId}:${k.seriesKey}`),
    );
  }

  async save(em: EntityManager, entries: readonly StateEntry[]): Promise<void> {
    await upsert(em, entries, {
      ...stateWrites<StateEntry>((e) => e.state),
      last_period_start: ['date', (e) => e.state.lastPeriodStart],
    });
  }

  /** The stored silences of the given no-data series; a series never watched has none. */
  async loadSilences(em: EntityManager, keys: readonly StateKey[]): Promise<Map<string, Silence>> {
    if (keys.length === 0) return new Map();
    const rows = await selectRows(
      em,
      'trigger_state',
      silenceRow,
      `${SELECT_STATE}, to_char(s.last_period_start, ${ISO_MS}) AS last, s.heard_at, s.heard_signal_id
       FROM trigger_state s ${JOIN_KEYS}`,
      keyParams(keys),
    );
    return new Map(
      rows.map((r) => [
        keyOf(r),
        {
          state: stateOf(r),
          since:
            r.heard_at && r.heard_signal_id
              ? { at: r.heard_at.toISOString(), signalId: r.heard_signal_id }
              : null,
        },
      ]),
    );
  }

  async saveSilences(em: EntityManager, entries: readonly SilenceEntry[]): Promise<void> {
    await upsert(em, entries, {
      ...stateWrites<SilenceEntry>((e) => e.silence.state),
      // An instant in UTC, stored as the wall-clock time it is in UTC (the column has no time zone).
      last_period_start: ['timestamp', (e) => e.silence.state.lastPeriodStart],
      heard_at: ['timestamptz', (e) => e.silence.since?.at ?? null],
      heard_signal_id: ['text', (e) => e.silence.since?.signalId ?? null],
    });
  }
}

const keyOf = (r: { trigger_id: string; series_key: string }) =>
  stateKey({ triggerId: r.trigger_id, seriesKey: r.series_key });

async function upsert<E>(
  em: EntityManager,
  entries: readonly E[],
  columns: Record<string, BulkColumn<E>>,
): Promise<void> {
  const key = ['trigger_id', 'series_key'];
  await bulkInsert(
    em,
    {
      table: 'trigger_state',
      columns,
      constants: { updated_at: 'now()' },
      onConflict: {
        target: key,
        update: [...Object.keys(columns).filter((c) => !key.includes(c)), 'updated_at'],
      },
    },
    entries,
  );
}
