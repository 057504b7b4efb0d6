import type { AlertEvent } from '@atalaya/contracts';
import type { EntityManager } from 'typeorm';

/** Records alert events once each (their ids are deterministic) and returns those that were new. */
export async function insertNewAlertEvents(
  em: EntityManager,
  events: readonly AlertEvent[],
): Promise<AlertEvent[]> {
  if (events.length === 0) return [];
  const rows: { event_id: string }[] = await em.query(
    `INSERT INTO alert_events (event_id, alert_id, type, level, trigger_id, trigger_version, series_key, event, recorded_at)
     SELECT e.id, e.alert, e.type, e.level, e.trig, e.ver, e.series, e.body, now()
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::int[], $7::text[], $8::jsonb[])
       AS e(id, alert, type, level, trig, ver, series, body)
     ON CONFLICT (event_id) DO NOTHING
     RETURNING event_id`,
    [
      events.map((e) => e.eventId),
      events.map((e) => e.alertId),
      events.map((e) => e.type),
      events.map((e) => e.level),
      events.map((e) => e.trigger.id),
      events.map((e) => e.trigger.version),
      events.map((e) => e.seriesKey),
      events.map((e) => JSON.stringify(e)),
    ],
  );
  const inserted = new Set(rows.map((r) => r.event_id));
  return events.filter((e) => inserted.delete(e.eventId));
}
