import { Injectable } from '@nestjs/common';
import { actionStatuses, type ActionStatus } from '@atalaya/contracts';
import {
  actionReportProblem,
  responseActionSchema,
  type ActionStatusReport,
  type AssignedAction,
} from '@atalaya/routing';
import type { EntityManager } from 'typeorm';
import { z } from 'zod';
import { bulkInsert } from './sql/bulk-insert';
import { selectRows } from './sql/row-decoding';

/** A response action its organisation was told of, for one alert, with the deadline it was told. */
export interface RecordedAction extends AssignedAction {
  readonly alertId: string;
  readonly activatedAt: string;
  readonly dueAt: string;
}

/** A recorded action with every report on it and the escalation steps already taken for it. */
export interface TrackedAction extends RecordedAction {
  readonly reports: readonly ActionStatusReport[];
  readonly taken: ReadonlySet<number>;
}

export interface ActionReport {
  readonly alertId: string;
  readonly actionId: string;
  /** The organisation reporting: the recipient of the key, or the one the operator names. */
  readonly organisation: string;
  readonly status: ActionStatus;
  readonly note?: string;
  readonly via: 'api' | 'cli';
  /** Who reported: the recipient, or the operator and whom they spoke to. */
  readonly by: string;
}

export type ReportOutcome =
  | { readonly kind: 'recorded'; readonly reportedAt: Date }
  | { readonly kind: 'unknown-action' | 'not-yours'; readonly problem: string };

/** One escalation step of an overdue action, as the dispatcher takes it. */
export interface ActionEscalation {
  readonly alertId: string;
  readonly actionId: string;
  readonly step: number;
  readonly target: string;
}

const iso = z.date().transform((d) => d.toISOString());
const actionColumns = {
  alert_id: z.string(),
  trigger_id: z.string(),
  level: z.string(),
  action: responseActionSchema,
  activated_at: iso,
  due_at: iso,
};
const toRecorded = (r: z.output<z.ZodObject<typeof actionColumns>>): RecordedAction => ({
  alertId: r.alert_id,
  trigger: r.trigger_id,
  level: r.level,
  action: r.action,
  activatedAt: r.activated_at,
  dueAt: r.due_at,
});
const actionRow = z.object(actionColumns).transform(toRecorded);
const reportJson = z
  .object({
    action_id: z.string(),
    organisation: z.string(),
    status: z.enum(actionStatuses),
    note: z.string().nullable(),
    at: z.string(),
  })
  .transform((r): Omit<ActionStatusReport, 'alertId'> => ({
    actionId: r.action_id,
    organisation: r.organisation,
    status: r.status,
    ...(r.note !== null ? { note: r.note } : {}),
    at: new Date(r.at).toISOString(),
  }));

const trackedRow = z
  .object({ ...actionColumns, reports: z.array(reportJson), taken: z.array(z.number().int()) })
  .transform((r): TrackedAction => ({
    ...toRecorded(r),
    reports: r.reports.map((p) => ({ ...p, alertId: r.alert_id })),
    taken: new Set(r.taken),
  }));

const ACTION_COLUMNS = `r.alert_id, r.trigger_id, r.level, r.action, r.activated_at, r.due_at`;

/**
 * The response actions of each alert, as their organisations were told of them, the status reports on them
 * (every one kept, each audited) and the escalation steps taken for overdue ones. Only the organisation an
 * action is assigned to reports on it.
 */
@Injectable()
export class ResponseActionsRepository {
  /** Records actions told for the first time; an action already recorded keeps its first deadline. */
  async assign(em: EntityManager, actions: readonly RecordedAction[]): Promise<void> {
    await bulkInsert(
      em,
      {
        table: 'response_actions',
        columns: {
          alert_id: ['text', (a: RecordedAction) => a.alertId],
          action_id: ['text', (a: RecordedAction) => a.action.id],
          trigger_id: ['text', (a: RecordedAction) => a.trigger],
          level: ['text', (a: RecordedAction) => a.level],
          organisation: ['text', (a: RecordedAction) => a.action.organisation],
          action: ['jsonb', (a: RecordedAction) => JSON.stringify(a.action)],
          activated_at: ['timestamptz', (a: RecordedAction) => a.activatedAt],
          due_at: ['timestamptz', (a: RecordedAction) => a.dueAt],
        },
        onConflict: { target: ['alert_id', 'action_id'] },
      },
      actions,
    );
  }

  /** The actions of one alert, by deadline. */
  async ofAlert(em: EntityManager, alertId: string): Promise<RecordedAction[]> {
    return selectRows(
      em,
      'response_actions',
      actionRow,
      `SELECT ${ACTION_COLUMNS} FROM response_actions r WHERE r.alert_id = $1 ORDER BY r.due_at, r.action_id`,
      [alertId],
    );
  }

  /**
   * Takes a report from the organisation an action is assigned to, and refuses any other (changing nothing):
   * an action the alert's response does not hold, or one assigned to someone else.
   */
  async report(em: EntityManager, report: ActionReport): Promise<ReportOutcome> {
    const assigned = await this.ofAlert(em, report.alertId);
    const problem = actionReportProblem(assigned, { ...report, at: new Date().toISOString() });
    if (problem !== null) {
      const known = assigned.some((a) => a.action.id === report.actionId);
      return { kind: known ? 'not-yours' : 'unknown-action', problem };
    }
    const [row] = await selectRows(
      em,
      'action_reports',
      z.object({ reported_at: z.date() }),
      `INSERT INTO action_reports (alert_id, action_id, organisation, status, note, via, reported_by, reported_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, now()) RETURNING reported_at`,
      [
        report.alertId,
        report.actionId,
        report.organisation,
        report.status,
        report.note ?? null,
        report.via,
        report.by,
      ],
    );
    await em.query(
      `INSERT INTO dispatch_audit (at, actor, action, subject, detail) VALUES (now(), $1, 'action-report', $2, $3)`,
      [
        `${report.organisation} (${report.by})`,
        `${report.alertId}/${report.actionId}`,
        JSON.stringify({ status: report.status, via: report.via, note: report.note ?? null }),
      ],
    );
    return { kind: 'recorded', reportedAt: row.reported_at };
  }

  /**
   * The actions of these alerts whose deadline has passed by `now`, with their reports and the escalation
   * steps taken; which of them are still open is the caller's judgement (`overdue` in libs/routing).
   */
  async pastDeadline(em: EntityManager, alertIds: readonly string[], now: string): Promise<TrackedAction[]> {
    if (alertIds.length === 0) return [];
    return selectRows(
      em,
      'response_actions',
      trackedRow,
      `SELECT ${ACTION_COLUMNS},
         coalesce((SELECT json_agg(json_build_object('action_id', p.action_id, 'organisation', p.organisation,
                     'status', p.status, 'note', p.note, 'at', p.reported_at) ORDER BY p.reported_at, p.id)
                   FROM action_reports p WHERE p.alert_id = r.alert_id AND p.action_id = r.action_id), '[]') AS reports,
         coalesce((SELECT array_agg(e.step ORDER BY e.step) FROM action_escalations e
                   WHERE e.alert_id = r.alert_id AND e.action_id = r.action_id), '{}') AS taken
       FROM response_actions r
       WHERE r.alert_id = ANY($1::text[]) AND r.due_at <= $2`,
      [alertIds, now],
    );
  }

  /** Records escalation steps of overdue actions once each; returns those that were new. */
  async recordEscalations<S extends ActionEscalation>(
    em: EntityManager,
    steps: readonly S[],
    now: string,
  ): Promise<S[]> {
    const rows = await bulkInsert(
      em,
      {
        table: 'action_escalations',
        columns: {
          alert_id: ['text', (e: S) => e.alertId],
          action_id: ['text', (e: S) => e.actionId],
          step: ['int', (e: S) => e.step],
          target: ['text', (e: S) => e.target],
          escalated_at: ['timestamptz', () => now],
        },
        onConflict: { target: ['alert_id', 'action_id', 'step'] },
        returning: z.object({ alert_id: z.string(), action_id: z.string(), step: z.number().int() }),
      },
      steps,
    );
    const taken = new Set(rows.map((r) => `${r.alert_id}|${r.action_id}|${r.step}`));
    return steps.filter((e) => taken.has(`${e.alertId}|${e.actionId}|${e.step}`));
  }
}
