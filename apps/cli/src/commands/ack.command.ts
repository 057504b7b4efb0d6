import type { Command } from 'commander';
import { AcknowledgementsRepository } from '@atalaya/persistence';
import { withDatabase } from '../with-database';

/** `atalaya ack`: an operator records a recipient's acknowledgement taken by phone or in person. */
export function ackCommand(program: Command): void {
  program
    .command('ack')
    .argument('<alertId>', 'the alert acknowledged, as its notifications name it')
    .requiredOption('--recipient <id>', 'the recipient (recipients.yaml) that acknowledges it')
    .requiredOption('--by <name>', 'who acknowledged, e.g. "duty officer J. Pérez, by phone"')
    .option('--note <text>', 'what the recipient said it will do')
    .description("record a recipient's acknowledgement of an alert it was notified of; its escalation stops")
    .action(async (alertId: string, opts: { recipient: string; by: string; note?: string }) => {
      const outcome = await withDatabase((ds) =>
        ds.transaction((em) =>
          new AcknowledgementsRepository().acknowledge(em, {
            recipientId: opts.recipient,
            alertId,
            via: 'cli',
            by: opts.by,
            note: opts.note,
          }),
        ),
      );
      if (outcome.kind === 'not-notified') {
        console.error(`ack: ${opts.recipient} was never notified of alert ${alertId}; nothing recorded`);
        process.exitCode = 1;
      } else {
        const when = outcome.acknowledgedAt.toISOString();
        console.log(
          outcome.kind === 'already'
            ? `ack: ${opts.recipient} had already acknowledged ${alertId} at ${when}`
            : `ack: ${opts.recipient} acknowledged ${alertId} at ${when}; its escalation stops`,
        );
      }
    });
}
