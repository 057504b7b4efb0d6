import { Injectable } from '@nestjs/common';
import { actionStatuses, timelineKinds, type AlertTimeline, type TimelineEntry } from '@atalaya/contracts';
import { actionStandings, type ActionStatusReport } from '@atalaya/routing';
import type { EntityManager } from 'typeorm';
import { z } from 'zod';
import { ResponseActionsRepository } from './response-actions.repository';
import { selectRows } from './sql/row-decoding';

const entryRow = z
  .object({
    at: z.date(),
    kind: z.enum(timelineKinds),
    who: z.string(),
    what: z.string(),
    detail: z.record(z.string(), z.unknown()),
  })
  .transform((r): TimelineEntry => ({ ...r, at: r.at.toISOString() }));

const reportRow = z
  .object({
    alert_id: z.string(),
    action_id: z.string(),
    organisation: z.string(),
    status: z.enum(actionStatuses),
    note: z.string().nullable(),
    reported_at: z.date(),
  })
  .transform((r): ActionStatusReport => ({
    alertId: r.alert_id,
    actionId: r.action_id,
    organisation: r.organisation,
    status: r.status,
    ...(r.note !== null ? { note: r.note } : {}),
    at: r.reported_at.toISOString(),
  }));

/**
 * One alert's history as the tables that record it tell it: the engine's events, each CAP message sent,
 * acknowledgements, escalations, the response actions told, reported on and escalated. Oldest first; at the
 * same instant, in the order things happen (an event before what it caused).
 */
@Injectable()
export class TimelineRepository {
  constructor(private readonly actions: ResponseActionsRepository) {}

  /** The alert's history and where each of its response actions stands at `now`. */
  async timeline(em: EntityManager, alertId: string, now: Date): Promise<AlertTimeline> {
    const [entries, assigned, reports] = [
      await this.of(em, alertId),
      await this.actions.ofAlert(em, alertId),
      await this.reports(em, alertId),
    ];
    return { alertId, entries, actions: actionStandings(assigned, reports, now.toISOString()) };
  }

  async of(em: EntityManager, alertId: string): Promise<TimelineEntry[]> {
    return selectRows(
      em,
      'alert_events',
      entryRow,
      `SELECT at, kind, who, what, detail FROM (
         SELECT recorded_at AS at, 0 AS ord, seq AS tie, 'event' AS kind, 'atalaya' AS who,
                type || coalesce(' at ' || level, '') AS what,
                jsonb_build_object('eventId', event_id, 'trigger', trigger_id, 'version', trigger_version) AS detail
           FROM alert_events WHERE alert_id = $1
         UNION ALL
         SELECT recorded_at, 1, 0, 'notified', recipient_id, 'CAP ' || identifier,
                jsonb_build_object('identifier', identifier, 'sent', sent)
           FROM cap_messages WHERE alert_id = $1
         UNION ALL
         SELECT activated_at, 2, 0, 'action-assigned', organisation, action_id || ' due ' || to_char(due_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI"Z"'),
                jsonb_build_object('actionId', action_id, 'level', level, 'dueAt', due_at)
           FROM response_actions WHERE alert_id = $1
         UNION ALL
         SELECT acknowledged_at, 3, 0, 'acknowledged', recipient_id, 'acknowledged via ' || via,
                jsonb_build_object('by', acknowledged_by, 'via', via, 'note', note)
           FROM acknowledgements WHERE alert_id = $1
         UNION ALL
         SELECT reported_at, 4, id, 'action-reported', organisation, action_id || ': ' || status,
                jsonb_build_object('actionId', action_id, 'status', status, 'by', reported_by, 'via', via, 'note', note)
           FROM action_reports WHERE alert_id = $1
         UNION ALL
         SELECT escalated_at, 5, step, 'escalated', recipient_id, 'unanswered: step ' || (step + 1) || ' to ' || target,
                jsonb_build_object('step', step + 1, 'target', target)
           FROM escalations WHERE alert_id = $1
         UNION ALL
         SELECT e.escalated_at, 6, e.step, 'action-escalated', r.organisation,
                e.action_id || ' overdue: step ' || (e.step + 1) || ' to ' || e.target,
                jsonb_build_object('actionId', e.action_id, 'step', e.step + 1, 'target', e.target)
           FROM action_escalations e JOIN response_actions r USING (alert_id, action_id) WHERE e.alert_id = $1
       ) t ORDER BY at, ord, tie, who`,
      [alertId],
    );
  }

  /** Every status report on the alert's actions, oldest first. */
  async reports(em: EntityManager, alertId: string): Promise<ActionStatusReport[]> {
    return selectRows(
      em,
      'action_reports',
      reportRow,
      `SELECT alert_id, action_id, organisation, status, note, reported_at FROM action_reports
       WHERE alert_id = $1 ORDER BY reported_at, id`,
      [alertId],
    );
  }

  /** Whether the recipient was sent anything about the alert: who may read its timeline. */
  async notified(em: EntityManager, recipientId: string, alertId: string): Promise<boolean> {
    const [row] = await selectRows(
      em,
      'cap_messages',
      z.object({ n: z.number().int() }),
      `SELECT count(*)::int AS n FROM cap_messages WHERE recipient_id = $1 AND alert_id = $2`,
      [recipientId, alertId],
    );
    return row.n > 0;
  }
}
