import { Injectable } from '@nestjs/common';
import { actionStatuses, type ActionStatus } from '@atalaya/contracts';
import type { EntityManager } from 'typeorm';
import { z } from 'zod';
import { selectRows } from './sql/row-decoding';

/** An acknowledgement or an action report, with what decides who may see it on the live stream. */
export interface ActionUpdate {
  /** Unique to the update: `ack|<recipient>|<alert>` or `report|<id>`. */
  readonly key: string;
  readonly alertId: string;
  readonly update: 'acknowledged' | 'action-reported';
  readonly organisation: string;
  readonly actionId: string | null;
  readonly status: ActionStatus | null;
  readonly at: Date;
  /** The series of the alert, for an agency's scope. */
  readonly seriesKey: string | null;
  /** The recipients notified of the alert, for a recipient's scope. */
  readonly notified: readonly string[];
}

const updateRow = z
  .object({
    key: z.string(),
    alert_id: z.string(),
    update: z.enum(['acknowledged', 'action-reported']),
    organisation: z.string(),
    action_id: z.string().nullable(),
    status: z.enum(actionStatuses).nullable(),
    at: z.date(),
    series_key: z.string().nullable(),
    notified: z.array(z.string()),
  })
  .transform((r): ActionUpdate => ({
    key: r.key,
    alertId: r.alert_id,
    update: r.update,
    organisation: r.organisation,
    actionId: r.action_id,
    status: r.status,
    at: r.at,
    seriesKey: r.series_key,
    notified: r.notified,
  }));

/** The acknowledgements and action reports recorded by the gateway and the CLI, as the live stream reads them. */
@Injectable()
export class ActionUpdatesRepository {
  /** The database's clock: where a reader starts, so that it shows only what comes after. */
  async now(em: EntityManager): Promise<Date> {
    const [row] = await selectRows(em, 'now()', z.object({ now: z.date() }), `SELECT now() AS now`);
    return row.now;
  }

  /** Updates stamped after `after`, oldest first, at most `limit`. */
  since(em: EntityManager, after: Date, limit: number): Promise<ActionUpdate[]> {
    return selectRows(
      em,
      'acknowledgements',
      updateRow,
      `WITH updates AS (
         SELECT 'ack|' || recipient_id || '|' || alert_id AS key, alert_id, 'acknowledged' AS update,
           recipient_id AS organisation, NULL::text AS action_id, NULL::text AS status, acknowledged_at AS at
         FROM acknowledgements WHERE acknowledged_at > $1
         UNION ALL
         SELECT 'report|' || id, alert_id, 'action-reported', organisation, action_id, status, reported_at
         FROM action_reports WHERE reported_at > $1)
       SELECT u.*,
         (SELECT series_key FROM alert_events e WHERE e.alert_id = u.alert_id ORDER BY seq LIMIT 1) AS series_key,
         ARRAY(SELECT DISTINCT recipient_id FROM cap_messages m WHERE m.alert_id = u.alert_id) AS notified
       FROM updates u ORDER BY u.at, u.key LIMIT $2`,
      [after, limit],
    );
  }
}
