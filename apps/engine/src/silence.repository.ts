import type { Heard, Silence, Trigger } from '@atalaya/triggers';
import type { EntityManager } from 'typeorm';
import { stateKey, stateOf, type StateKey, type StateRow } from './trigger-state.repository';

/** One no-data trigger on one reporter's derived series. */
export type SilenceKey = StateKey;

/** The derived series' points are ordered to the millisecond: read them back in toISOString's own form. */
const ISO_MS = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;

/**
 * Takes a transaction-scoped advisory lock on each (trigger, series), in one fixed order so two ticks
 * cannot deadlock: a second engine instance's tick waits, then finds the work done and repeats nothing.
 */
export async function lockSilences(em: EntityManager, keys: readonly SilenceKey[]): Promise<void> {
  const names = keys.map((k) => `silence:${k.triggerId}:${k.seriesKey}`).sort();
  await em.query(`SELECT pg_advisory_xact_lock(hashtextextended(n, 0)) FROM unnest($1::text[]) AS n`, [
    names,
  ]);
}

/** The stored state of the given series; a series never watched has none. */
export async function loadSilences(
  em: EntityManager,
  keys: readonly SilenceKey[],
): Promise<Map<string, Silence>> {
  const rows: (StateRow & { heard_at: Date | null; heard_signal_id: string | null })[] = await em.query(
    `SELECT s.trigger_id, s.series_key, s.level, s.alert_id, to_char(s.last_period_start, ${ISO_MS}) AS last,
       s.seen, s.pending_level, s.pending_count, s.since_resolved, s.history, s.heard_at, s.heard_signal_id
     FROM trigger_state s JOIN unnest($1::text[], $2::text[]) AS k(t, sk) ON s.trigger_id = k.t AND s.series_key = k.sk`,
    [keys.map((k) => k.triggerId), keys.map((k) => k.seriesKey)],
  );
  return new Map(
    rows.map((r) => [
      stateKey({ triggerId: r.trigger_id, seriesKey: r.series_key }),
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

export const silenceOf = (stored: ReadonlyMap<string, Silence>, key: SilenceKey): Silence | undefined =>
  stored.get(stateKey(key));

export interface SilenceEntry {
  readonly key: SilenceKey;
  readonly version: number;
  readonly silence: Silence;
}

export async function saveSilences(em: EntityManager, entries: readonly SilenceEntry[]): Promise<void> {
  if (entries.length === 0) return;
  const col = <T>(f: (e: SilenceEntry) => T) => entries.map(f);
  await em.query(
    `INSERT INTO trigger_state (trigger_id, series_key, trigger_version, level, alert_id, last_period_start, seen,
       pending_level, pending_count, since_resolved, history, heard_at, heard_signal_id, updated_at)
     SELECT t, sk, v, l, a, last AT TIME ZONE 'UTC', seen, pl, pc, sr, h, ha, hs, now()
     FROM unnest($1::text[], $2::text[], $3::int[], $4::text[], $5::text[], $6::timestamptz[], $7::int[],
       $8::text[], $9::int[], $10::int[], $11::jsonb[], $12::timestamptz[], $13::text[])
       AS e(t, sk, v, l, a, last, seen, pl, pc, sr, h, ha, hs)
     ON CONFLICT (trigger_id, series_key) DO UPDATE SET trigger_version = EXCLUDED.trigger_version,
       level = EXCLUDED.level, alert_id = EXCLUDED.alert_id, last_period_start = EXCLUDED.last_period_start,
       seen = EXCLUDED.seen, pending_level = EXCLUDED.pending_level, pending_count = EXCLUDED.pending_count,
       since_resolved = EXCLUDED.since_resolved, history = EXCLUDED.history, heard_at = EXCLUDED.heard_at,
       heard_signal_id = EXCLUDED.heard_signal_id, updated_at = EXCLUDED.updated_at`,
    [
      col((e) => e.key.triggerId),
      col((e) => e.key.seriesKey),
      col((e) => e.version),
      col((e) => e.silence.state.level),
      col((e) => e.silence.state.alertId),
      col((e) => e.silence.state.lastPeriodStart),
      col((e) => e.silence.state.seen),
      col((e) => e.silence.state.pendingLevel),
      col((e) => e.silence.state.pendingCount),
      col((e) => e.silence.state.sinceResolved),
      col((e) => JSON.stringify(e.silence.state.history)),
      col((e) => e.silence.since?.at ?? null),
      col((e) => e.silence.since?.signalId ?? null),
    ],
  );
}

/** Reports a tick reads per reporter at most; the rest are read by the next ticks, in order. */
export const HEARD_PER_TICK = 1000;

/**
 * What a tick hears of each reporter: the observations of the trigger's scope (indicators, and places
 * when it names them) received before `until`, as one report per receive time (the least signal id of
 * those received together). From a reporter already watched, every report after the one its deadlines
 * count from, oldest first; from one not watched yet, only its latest. Reporters with nothing to hear
 * are left out.
 */
export async function heardReports(
  em: EntityManager,
  trigger: Trigger,
  watched: readonly { reporter: string; since: Heard | null }[],
  until: string,
): Promise<Map<string, Heard[]>> {
  const fresh = watched.filter((w) => w.since === null).map((w) => w.reporter);
  const known = watched.flatMap((w) => (w.since === null ? [] : [{ reporter: w.reporter, since: w.since }]));
  const rows = [
    ...(await latestReports(em, trigger, fresh, until)),
    ...(await reportsSince(em, trigger, known, until)),
  ];
  const heard = new Map<string, Heard[]>();
  rows.forEach((r) => {
    const list = heard.get(r.reporter) ?? [];
    list.push({ at: r.received_at.toISOString(), signalId: r.signal_id });
    heard.set(r.reporter, list);
  });
  return heard;
}

interface ReportRow {
  reporter: string;
  received_at: Date;
  signal_id: string;
}

/** Observations of the trigger's scope received before $4 (the query's $2, $3 and $4). */
const IN_SCOPE = `o.indicator = ANY($2::text[]) AND ($3::text[] IS NULL OR o.place = ANY($3::text[]))
  AND o.received_at < $4::timestamptz`;

async function latestReports(
  em: EntityManager,
  trigger: Trigger,
  reporters: readonly string[],
  until: string,
): Promise<ReportRow[]> {
  if (reporters.length === 0) return [];
  return em.query<ReportRow[]>(
    `SELECT rtrim(w.reporter) AS reporter, h.received_at, h.signal_id
     FROM unnest($1::bpchar[]) AS w(reporter)
     CROSS JOIN LATERAL (
       SELECT o.received_at, min(o.signal_id) AS signal_id FROM observations o
       WHERE o.reporter = w.reporter AND ${IN_SCOPE}
       GROUP BY o.received_at ORDER BY o.received_at DESC LIMIT 1) h`,
    [reporters, trigger.scope.indicators, trigger.scope.places ?? null, until],
  );
}

async function reportsSince(
  em: EntityManager,
  trigger: Trigger,
  watched: readonly { reporter: string; since: Heard }[],
  until: string,
): Promise<ReportRow[]> {
  if (watched.length === 0) return [];
  return em.query<ReportRow[]>(
    `SELECT rtrim(w.reporter) AS reporter, h.received_at, h.signal_id
     FROM unnest($1::bpchar[], $5::timestamptz[]) AS w(reporter, since)
     CROSS JOIN LATERAL (
       SELECT o.received_at, min(o.signal_id) AS signal_id FROM observations o
       WHERE o.reporter = w.reporter AND ${IN_SCOPE} AND o.received_at > w.since
       GROUP BY o.received_at ORDER BY o.received_at LIMIT $6) h
     ORDER BY w.reporter, h.received_at`,
    [
      watched.map((w) => w.reporter),
      trigger.scope.indicators,
      trigger.scope.places ?? null,
      until,
      watched.map((w) => w.since.at),
      HEARD_PER_TICK,
    ],
  );
}
