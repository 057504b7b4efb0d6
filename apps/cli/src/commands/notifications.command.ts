import type { Command } from 'commander';
import { NotificationsRepository } from '@atalaya/persistence';
import { withDatabase } from '../with-database';

const notifications = new NotificationsRepository();

/** `atalaya notifications`: the delivery log's dead letters, and re-driving them once the receiver is fixed. */
export function notificationsCommand(program: Command): void {
  const command = program
    .command('notifications')
    .description('the delivery log: webhook and email notifications that ran out of attempts');
  command
    .command('dead')
    .option('--recipient <id>', 'only this recipient')
    .option('--json', 'print JSON lines')
    .description('list dead-lettered notifications, oldest first, with their last error')
    .action(async (opts: { recipient?: string; json?: boolean }) => {
      const dead = await withDatabase((ds) => notifications.deadLettered(ds.manager, opts.recipient));
      for (const n of dead) {
        console.log(
          opts.json
            ? JSON.stringify(n)
            : `${n.id}  ${n.channel}  ${n.recipientId}  alert ${n.alertId}  ${n.attempts} attempt(s)  ${n.lastError ?? ''}`,
        );
      }
      if (!opts.json) console.error(`notifications: ${dead.length} dead-lettered`);
    });
  command
    .command('redrive')
    .argument('<ids...>', 'notification ids, as `notifications dead` lists them')
    .requiredOption('--by <name>', 'who re-drives them (audited)')
    .requiredOption('--reason <text>', 'why they can go now, e.g. "receiver fixed its certificate"')
    .description('give dead-lettered notifications a new budget of attempts, due now')
    .action(async (ids: string[], opts: { by: string; reason: string }) => {
      const moved = await withDatabase((ds) =>
        ds.transaction((em) => notifications.redrive(em, ids, opts.by, opts.reason)),
      );
      moved.forEach((m) => console.log(`re-driven ${m}`));
      const left = ids.filter((id) => !moved.some((m) => m.startsWith(`${id}/`)));
      if (left.length > 0) {
        console.error(`notifications: not dead-lettered, left alone: ${left.join(', ')}`);
        process.exitCode = 1;
      }
    });
}
