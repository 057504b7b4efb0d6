import type { Command } from 'commander';
import { reporterSchema } from '@atalaya/contracts';
import { ApiKeysRepository } from '@atalaya/persistence';
import { withDatabase } from '../with-database';

const apiKeys = new ApiKeysRepository();

export function keysCommand(program: Command): void {
  const keys = program.command('keys').description('API keys of the HTTP door, one per agency system');
  keys
    .command('issue')
    .option('--reporter <ISO3>', 'the state the key may send signals for')
    .option('--recipient <id>', 'or the recipient (recipients.yaml) it acknowledges alerts as')
    .option('--operator', "or an operator's key, for the admin routes (/v1/admin/recipients)")
    .requiredOption('--label <text>', 'who holds the key, e.g. "SNM Panamá, statistics unit"')
    .description(
      'issue a key for an agency, a recipient or an operator; its secret is printed once, never stored',
    )
    .action(async (opts: { reporter?: string; recipient?: string; operator?: boolean; label: string }) => {
      const named = [opts.reporter, opts.recipient, opts.operator].filter((o) => o !== undefined);
      if (named.length !== 1) {
        throw new Error(
          'name one of --reporter (an agency sending signals), --recipient (a recipient answering alerts) or --operator',
        );
      }
      const { recipient, reporter } = opts;
      const subject =
        recipient ?? (reporter ? reporterSchema.parse(reporter.toUpperCase()) : 'the operators');
      const { id, secret } = await withDatabase(({ manager: em }) =>
        recipient
          ? apiKeys.issueForRecipient(em, recipient, opts.label)
          : reporter
            ? apiKeys.issue(em, reporterSchema.parse(subject), opts.label)
            : apiKeys.issueForOperator(em, opts.label),
      );
      console.log(
        `issued ${id} for ${subject} (${opts.label}). Give the holder this secret; it is not shown again:`,
      );
      console.log(secret);
    });
  keys
    .command('revoke')
    .argument('<id>', 'the key id, e.g. key_1a2b3c4d5e6f')
    .description('revoke a key at once')
    .action(async (id: string) => {
      if (await withDatabase(({ manager: em }) => apiKeys.revoke(em, id))) console.log(`revoked ${id}`);
      else {
        console.error(`no active key ${id}: see \`atalaya keys list\``);
        process.exitCode = 1;
      }
    });
  keys
    .command('list')
    .description('list keys (never their secrets)')
    .action(async () => {
      const all = await withDatabase(({ manager: em }) => apiKeys.list(em));
      all.forEach((k) =>
        console.log(
          `${k.id}  ${k.reporter ?? (k.operator ? 'operator' : `recipient ${k.recipientId}`)}  ${k.revokedAt ? `revoked ${k.revokedAt.toISOString()}` : 'active'}  ${k.label}`,
        ),
      );
    });
}
