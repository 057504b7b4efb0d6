import type { Command } from 'commander';
import { actionStatuses, type ActionStatus, type AlertTimeline } from '@atalaya/contracts';
import { ResponseActionsRepository, TimelineRepository } from '@atalaya/persistence';
import { withDatabase } from '../with-database';

const actions = new ResponseActionsRepository();
const timelines = new TimelineRepository(actions);

/** The timeline as a duty officer reads it: one line per entry, then where each action stands. */
export function timelineLines(t: AlertTimeline): string[] {
  const entries = t.entries.map((e) => `${e.at}  ${e.kind.padEnd(16)}  ${e.who.padEnd(22)}  ${e.what}`);
  const standing = t.actions.map(
    (a) =>
      `  ${a.actionId}  ${a.organisation}  due ${a.dueAt}  ${a.status ?? 'no report'}${a.overdue ? '  OVERDUE' : ''}`,
  );
  return [...entries, ...(standing.length > 0 ? [`response actions of ${t.alertId}:`, ...standing] : [])];
}

/**
 * `atalaya actions report` records what an organisation said it has done about one of its response actions
 * (by phone, in a coordination call); `atalaya timeline` shows an alert's whole story.
 */
export function actionsCommand(program: Command): void {
  program
    .command('actions')
    .description("response actions: record an organisation's report on one of its own")
    .command('report')
    .argument('<alertId>', 'the alert, as its notifications name it')
    .argument('<actionId>', "the action, as the notification's actions name it")
    .requiredOption('--as <recipient>', 'the organisation the action is assigned to (recipients.yaml id)')
    .requiredOption('--status <status>', `one of ${actionStatuses.join(', ')}`)
    .requiredOption('--by <name>', 'who reported it, e.g. "IOM Panama duty officer, by phone"')
    .option('--note <text>', 'what was done, or why the action is declined (required for declined)')
    .action(
      async (
        alertId: string,
        actionId: string,
        opts: { as: string; status: string; by: string; note?: string },
      ) => {
        if (!(actionStatuses as readonly string[]).includes(opts.status)) {
          throw new Error(`--status must be one of ${actionStatuses.join(', ')}, not "${opts.status}"`);
        }
        if (opts.status === 'declined' && opts.note === undefined) {
          throw new Error('say why the action is declined: --note "<reason>"');
        }
        const outcome = await withDatabase((ds) =>
          ds.transaction((em) =>
            actions.report(em, {
              alertId,
              actionId,
              organisation: opts.as,
              status: opts.status as ActionStatus,
              note: opts.note,
              via: 'cli',
              by: opts.by,
            }),
          ),
        );
        if (outcome.kind !== 'recorded') {
          console.error(`actions: ${outcome.problem}; nothing recorded`);
          process.exitCode = 1;
          return;
        }
        console.log(
          `actions: ${opts.as} reported ${actionId} ${opts.status} on ${alertId} at ${outcome.reportedAt.toISOString()}`,
        );
      },
    );
  program
    .command('timeline')
    .argument('<alertId>', 'the alert, as its notifications name it')
    .option('--json', 'print the timeline as the API returns it')
    .description('who was told of an alert, who answered, who has done what, and what is overdue')
    .action(async (alertId: string, opts: { json?: boolean }) => {
      const t = await withDatabase((ds) => timelines.timeline(ds.manager, alertId, new Date()));
      if (t.entries.length === 0) {
        console.error(`timeline: nothing recorded about alert ${alertId}`);
        process.exitCode = 1;
        return;
      }
      if (opts.json) console.log(JSON.stringify(t));
      else timelineLines(t).forEach((l) => console.log(l));
    });
}
