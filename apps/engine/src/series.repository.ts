import type { AlertEvent } from '@atalaya/contracts';
import type { RevisedObservation } from '@atalaya/triggers';
import {
  LATEST_OBSERVATIONS,
  LATEST_ORDER,
  storedObservationOf,
  type ObservationRow,
} from '@atalaya/persistence';
import type { EntityManager } from 'typeorm';
import { stateKey, type StateKey } from './trigger-state.repository';

/**
 * The stored series, latest revisions only, leaving out the given signals (the batch being evaluated, which
 * the caller feeds one by one in arrival order).
 */
export async function latestSeries(
  em: EntityManager,
  seriesKeys: readonly string[],
  excluding: readonly string[],
): Promise<Map<string, RevisedObservation[]>> {
  const rows: ObservationRow[] = await em.query(
    `${LATEST_OBSERVATIONS} WHERE series_key = ANY($1::text[]) AND NOT signal_id = ANY($2::text[]) ${LATEST_ORDER}`,
    [seriesKeys, excluding],
  );
  return grouped(rows);
}

/** Every stored series of the given (place, indicator) pairs, latest revisions only: a corridor's members. */
export async function latestAtPlaces(
  em: EntityManager,
  members: readonly { place: string; indicator: string }[],
): Promise<RevisedObservation[]> {
  const rows: ObservationRow[] = await em.query(
    `${LATEST_OBSERVATIONS} JOIN unnest($1::text[], $2::text[]) AS m(p, i)
       ON observations.place = m.p AND observations.indicator = m.i ${LATEST_ORDER}`,
    [members.map((m) => m.place), members.map((m) => m.indicator)],
  );
  return rows.map(storedObservationOf);
}

/** Everything already recorded for these (trigger, series) pairs, in recording order. */
export async function eventsSaid(
  em: EntityManager,
  keys: readonly StateKey[],
): Promise<Map<string, AlertEvent[]>> {
  const said = new Map<string, AlertEvent[]>();
  if (keys.length === 0) return said;
  const rows: { trigger_id: string; series_key: string; event: AlertEvent }[] = await em.query(
    `SELECT e.trigger_id, e.series_key, e.event FROM alert_events e
       JOIN unnest($1::text[], $2::text[]) AS k(t, sk) ON e.trigger_id = k.t AND e.series_key = k.sk
       ORDER BY e.seq`,
    [keys.map((k) => k.triggerId), keys.map((k) => k.seriesKey)],
  );
  for (const r of rows) {
    const key = stateKey({ triggerId: r.trigger_id, seriesKey: r.series_key });
    const events = said.get(key);
    if (events) events.push(r.event);
    else said.set(key, [r.event]);
  }
  return said;
}

/**
 * Serialises the evaluation of series no single row stands for yet (a derived series seen for the first
 * time has no state row to lock), across engine instances, until the transaction ends. Taken in key order.
 */
export async function lockKeys(em: EntityManager, keys: readonly StateKey[]): Promise<void> {
  const unique = new Map(keys.map((k) => [stateKey(k), k]));
  for (const name of [...unique.keys()].sort()) {
    const k = unique.get(name) as StateKey;
    await em.query(`SELECT pg_advisory_xact_lock(hashtext($1), hashtext($2))`, [k.triggerId, k.seriesKey]);
  }
}

function grouped(rows: readonly ObservationRow[]): Map<string, RevisedObservation[]> {
  const out = new Map<string, RevisedObservation[]>();
  for (const r of rows) {
    const series = out.get(r.series_key);
    if (series) series.push(storedObservationOf(r));
    else out.set(r.series_key, [storedObservationOf(r)]);
  }
  return out;
}
