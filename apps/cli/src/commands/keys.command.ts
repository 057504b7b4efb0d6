import type { Command } from 'commander';
import { reporterSchema, scopes, type Scope } from '@atalaya/contracts';
import { ApiKeysRepository, type KeySubject } from '@atalaya/persistence';
import { withDatabase } from '../with-database';

const apiKeys = new ApiKeysRepository();

export function keysCommand(program: Command): void {
  const keys = program.command('keys').description('API keys of the HTTP door, one per agency system');
  keys
    .command('issue')
    .option('--reporter <ISO3>', "an agency's key: the state it sends signals for")
    .option('--recipient <id>', "a recipient's key (recipients.yaml): the recipient it answers alerts as")
    .option(
      '--analyst',
      "with --recipient: an analyst's key, reading every alert, figures as that organisation",
    )
    .option('--operator', "an operator's (admin) key, for the admin routes (/v1/admin/…)")
    .option(
      '--scope <scopes>',
      "fewer scopes than the role's, comma-separated, e.g. alerts:read,figures:read",
    )
    .requiredOption('--label <text>', 'who holds the key, e.g. "SNM Panamá, statistics unit"')
    .description(
      'issue a key for an agency, a recipient, an analyst or an operator; its secret is printed once, never stored',
    )
    .action(async (opts: IssueOptions) => {
      const subject = subjectOf(opts);
      const asked = opts.scope?.split(',').map((s) => s.trim());
      const unknown = asked?.filter((s) => !(scopes as readonly string[]).includes(s)) ?? [];
      if (unknown.length > 0)
        throw new Error(`unknown scope ${unknown.join(', ')}: the scopes are ${scopes.join(', ')}`);
      const { id, secret } = await withDatabase(({ manager: em }) =>
        apiKeys.issueKey(em, subject, opts.label, asked as Scope[] | undefined),
      );
      console.log(
        `issued ${id}, ${describe(subject)} (${opts.label}). Give the holder this secret; it is not shown again:`,
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
          `${k.id}  ${k.role} ${k.reporter ?? k.recipientId ?? ''}  ${k.revokedAt ? `revoked ${k.revokedAt.toISOString()}` : 'active'}  ${k.label}  [${k.scopes.join(' ')}]`,
        ),
      );
    });
}

interface IssueOptions {
  reporter?: string;
  recipient?: string;
  analyst?: boolean;
  operator?: boolean;
  scope?: string;
  label: string;
}

function subjectOf(opts: IssueOptions): KeySubject {
  const named = [opts.reporter, opts.recipient, opts.operator].filter((o) => o !== undefined);
  if (named.length !== 1 || (opts.analyst && !opts.recipient)) {
    throw new Error(
      'name one of --reporter (an agency sending signals), --recipient (a recipient answering alerts; with ' +
        '--analyst, an analyst of that organisation) or --operator',
    );
  }
  if (opts.reporter) return { role: 'agency', reporter: reporterSchema.parse(opts.reporter.toUpperCase()) };
  if (opts.recipient) return { role: opts.analyst ? 'analyst' : 'recipient', recipientId: opts.recipient };
  return { role: 'admin' };
}

function describe(subject: KeySubject): string {
  switch (subject.role) {
    case 'agency':
      return `an agency key for ${subject.reporter}`;
    case 'recipient':
      return `a recipient key for ${subject.recipientId}`;
    case 'analyst':
      return `an analyst key reading as ${subject.recipientId}`;
    case 'admin':
      return 'an operator key';
  }
}
