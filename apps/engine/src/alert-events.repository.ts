import { Injectable } from '@nestjs/common';
import { alertEventSchema, type AlertEvent } from '@atalaya/contracts';
import { bulkInsert, selectRows } from '@atalaya/persistence';
import { publishedAs } from '@atalaya/triggers';
import type { EntityManager } from 'typeorm';
import { z } from 'zod';
import { stateKey, type StateKey } from './trigger-state.repository';

const recordedRow = z.object({ trigger_id: z.string(), series_key: z.string(), event: alertEventSchema });

/** The alert history: every lifecycle event, once each, under its deterministic id. */
@Injectable()
export class AlertEventsRepository {
  /**
   * Records alert events once each and returns those that were new, as published: a shadow run's under its
   * trigger's own id, its rows under the run's (`shadowRunId`) so that its story stays apart.
   */
  async insertNew(em: EntityManager, events: readonly AlertEvent[]): Promise<AlertEvent[]> {
    const rows = await bulkInsert(
      em,
      {
        table: 'alert_events',
        columns: {
          event_id: ['text', (e) => e.eventId],
          alert_id: ['text', (e) => e.alertId],
          type: ['text', (e) => e.type],
          level: ['text', (e) => e.level],
          trigger_id: ['text', (e) => e.trigger.id],
          trigger_version: ['int', (e) => e.trigger.version],
          series_key: ['text', (e) => e.seriesKey],
          event: ['jsonb', (e) => JSON.stringify(publishedAs(e))],
        },
        constants: { recorded_at: 'now()' },
        onConflict: { target: ['event_id'] },
        returning: z.object({ event_id: z.string() }),
      },
      events,
    );
    const inserted = new Set(rows.map((r) => r.event_id));
    return events.filter((e) => inserted.delete(e.eventId)).map(publishedAs);
  }

  /** Everything already recorded for these (trigger, series) pairs, in recording order, by `stateKey`. */
  async recordedFor(em: EntityManager, keys: readonly StateKey[]): Promise<Map<string, AlertEvent[]>> {
    const recorded = new Map<string, AlertEvent[]>();
    if (keys.length === 0) return recorded;
    const rows = await selectRows(
      em,
      'alert_events',
      recordedRow,
      `SELECT e.trigger_id, e.series_key, e.event FROM alert_events e
         JOIN unnest($1::text[], $2::text[]) AS k(t, sk) ON e.trigger_id = k.t AND e.series_key = k.sk
         ORDER BY e.seq`,
      [keys.map((k) => k.triggerId), keys.map((k) => k.seriesKey)],
    );
    for (const r of rows) {
      const key = stateKey({ triggerId: r.trigger_id, seriesKey: r.series_key });
      const events = recorded.get(key);
      if (events) events.push(r.event);
      else recorded.set(key, [r.event]);
    }
    return recorded;
  }
}
