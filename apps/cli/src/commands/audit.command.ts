import { InvalidArgumentError, type Command } from 'commander';
import { iso3, type AccessRecord } from '@atalaya/contracts';
import { AccessAuditRepository } from '@atalaya/persistence';
import { withDatabase } from '../with-database';

const audit = new AccessAuditRepository();

/** One read of a state's figures, as `audit access` prints it. */
export function accessLine(r: AccessRecord): string {
  const shown = [r.granularity, ...r.disaggregations].join(', ');
  return (
    `${r.at}  ${r.viewer.kind} ${r.viewer.id}  ${r.channel} ${r.resource}` +
    `${r.indicator ? ` (${r.indicator})` : ''}  for ${r.purpose}: ${shown}  policy v${r.policyVersion}`
  );
}

/** `atalaya audit access`: who has seen a state's figures, for the state to check. */
export function auditCommand(program: Command): void {
  const command = program.command('audit').description("who has read a state's figures");
  command
    .command('access')
    .requiredOption('--reporter <ISO3>', 'the state whose figures were read', parseReporter)
    .option('--since <instant>', 'only reads from this ISO 8601 instant on', parseInstant)
    .option('--json', 'one JSON object per read')
    .description(
      "list every read of the state's restricted figures, newest first: who, what, through which channel, " +
        'for which purpose, at which granularity, under which version of its sharing policy',
    )
    .action(async (opts: { reporter: string; since?: string; json?: boolean }) => {
      const records = await withDatabase((ds) =>
        audit.list(ds.manager, { reporter: opts.reporter, since: opts.since }),
      );
      if (records.length === 0 && !opts.json) {
        console.log(`no read of ${opts.reporter}'s figures${opts.since ? ` since ${opts.since}` : ''}`);
      }
      records.forEach((r) => console.log(opts.json ? JSON.stringify(r) : accessLine(r)));
    });
}

function parseReporter(value: string): string {
  if (!iso3.safeParse(value).success) {
    throw new InvalidArgumentError('give the ISO 3166-1 alpha-3 code of a reporting state, e.g. PAN');
  }
  return value;
}

function parseInstant(value: string): string {
  const at = new Date(value);
  if (Number.isNaN(at.getTime())) {
    throw new InvalidArgumentError('give an ISO 8601 instant, e.g. 2026-11-01T00:00:00Z');
  }
  return at.toISOString();
}
