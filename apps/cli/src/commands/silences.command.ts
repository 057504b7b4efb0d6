import { randomUUID } from 'node:crypto';
import type { Command } from 'commander';
import { SilencesRepository, type StoredSilence } from '@atalaya/persistence';
import { silenceOf } from '@atalaya/routing';
import { withDatabase } from '../with-database';

const silences = new SilencesRepository();

const lineOf = (s: StoredSilence): string =>
  `${s.id}  ${s.startsAt} → ${s.endsAt}  ${JSON.stringify(s.matchers)}  for ${s.recipients?.join(',') ?? 'everyone'}  by ${s.createdBy}: ${s.comment}${s.endedBy ? `  (ended by ${s.endedBy})` : ''}`;

/** `atalaya silences`: planned pauses, for everyone or for some recipients, each audited. */
export function silencesCommand(program: Command): void {
  const command = program
    .command('silences')
    .description('planned pauses: alerts matching a silence are not dispatched until it ends');
  command
    .command('add')
    .requiredOption(
      '--match <json>',
      'what the alerts must be, as routing matchers, e.g. \'{"state":"HND","trigger":"shelter-capacity"}\'',
    )
    .option('--recipient <id...>', 'only for these recipients (default: for everyone)')
    .option('--starts <instant>', 'ISO 8601 start (default: now)')
    .option('--ends <instant>', 'ISO 8601 end')
    .option('--for <duration>', 'or how long, as an ISO 8601 duration (PT4H, P2D)')
    .requiredOption('--by <name>', 'who sets it (audited)')
    .requiredOption('--comment <text>', 'why, e.g. "planned maintenance of the SNM reception system"')
    .action(
      async (opts: {
        match: string;
        recipient?: string[];
        starts?: string;
        ends?: string;
        for?: string;
        by: string;
        comment: string;
      }) => {
        let matchers: unknown;
        try {
          matchers = JSON.parse(opts.match);
        } catch {
          throw new Error(`--match is not JSON: ${opts.match}`);
        }
        const made = silenceOf(
          {
            matchers,
            ...(opts.recipient ? { recipients: opts.recipient } : {}),
            ...(opts.starts ? { startsAt: opts.starts } : {}),
            ...(opts.ends ? { endsAt: opts.ends } : {}),
            ...(opts.for ? { duration: opts.for } : {}),
            comment: opts.comment,
          },
          { id: `sil_${randomUUID()}`, createdBy: opts.by, now: new Date().toISOString() },
        );
        if (!made.ok) throw new Error(`${made.path}: ${made.message}`);
        await withDatabase((ds) => ds.transaction((em) => silences.add(em, made.silence)));
        console.log(`silenced: ${lineOf({ ...made.silence, endedBy: null, announcedAt: null })}`);
      },
    );
  command
    .command('list')
    .option('--ended', 'also the silences that are over')
    .option('--json', 'print JSON lines')
    .action(async (opts: { ended?: boolean; json?: boolean }) => {
      const all = await withDatabase((ds) =>
        silences.list(ds.manager, { now: new Date(), ended: opts.ended }),
      );
      all.forEach((s) => console.log(opts.json ? JSON.stringify(s) : lineOf(s)));
      if (!opts.json) console.error(`silences: ${all.length}`);
    });
  command
    .command('expire')
    .argument('<id>', 'the silence, as `silences list` shows it')
    .requiredOption('--by <name>', 'who ends it (audited)')
    .description('end a silence now; its expiry is announced and what it held back goes out')
    .action(async (id: string, opts: { by: string }) => {
      const ended = await withDatabase((ds) =>
        ds.transaction((em) => silences.expire(em, id, opts.by, new Date())),
      );
      if (!ended) {
        console.error(`silences: no running silence ${id}; \`atalaya silences list\` shows them`);
        process.exitCode = 1;
        return;
      }
      console.log(`ended: ${lineOf(ended)}`);
    });
}
