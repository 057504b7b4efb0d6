import type { Command } from 'commander';
import { loadRuntimeConfig } from '@atalaya/config';
import { reporterSchema, validateBreakDeclaration, type DeclaredSeriesBreak } from '@atalaya/contracts';
import { SeriesBreaksRepository } from '@atalaya/persistence';
import { loadReference } from '@atalaya/reference/files';
import { withDatabase } from '../with-database';

const breaks = new SeriesBreaksRepository();

interface DeclareOptions {
  readonly reporter: string;
  readonly indicator: string;
  readonly country: string;
  readonly admin1?: string;
  readonly place?: string;
  readonly start: string;
  readonly end?: string;
  readonly kind: string;
  readonly note?: string;
  readonly by: string;
}

const lineOf = (b: DeclaredSeriesBreak): string =>
  `${b.seriesKey} @ ${b.period.start}${b.period.end ? `..${b.period.end}` : ''}  ${b.kind}` +
  `${b.note ? `: ${b.note}` : ''}  (declared by ${b.declaredBy}, ${b.declaredAt})`;

/** `atalaya breaks`: coverage and method breaks declared for a reporter's series, as the gateway records them. */
export function breaksCommand(program: Command): void {
  const command = program
    .command('breaks')
    .description(
      "series breaks: where a series' coverage or method changed, so baseline triggers restart there",
    );
  command
    .command('declare')
    .requiredOption('--reporter <ISO3>', 'the reporting state whose series it is')
    .requiredOption('--indicator <id>', 'the indicator of the series')
    .requiredOption('--country <ISO3>', 'the country of the series')
    .option('--admin1 <code>', 'its ISO 3166-2 subdivision')
    .option('--place <id>', 'its place')
    .requiredOption('--start <date>', 'the first day the new coverage or method applies (YYYY-MM-DD)')
    .option('--end <date>', "the last day of that figure's period")
    .requiredOption('--kind <kind>', 'coverage or method')
    .option('--note <text>', 'what changed, for the readers of the alerts')
    .requiredOption('--by <name>', 'who declares it (audited)')
    .description('declare a break in a series at a period, on behalf of its reporter')
    .action(async (opts: DeclareOptions) => {
      const { reporter, indicator, country, admin1, place, start, end, kind, note } = opts;
      const body = {
        reporter,
        indicator,
        location: { country, ...(admin1 ? { admin1 } : {}), ...(place ? { place } : {}) },
        ...(end ? { period: { start, end } } : { start }),
        kind,
        ...(note ? { note } : {}),
      };
      const reference = loadReference(loadRuntimeConfig().ATALAYA_REFERENCE_DIR);
      const verdict = validateBreakDeclaration(body, { reporter, reference });
      if (!verdict.ok)
        throw new Error(`${verdict.fault.code} at ${verdict.fault.path}: ${verdict.fault.message}`);
      const { declared, figure } = await withDatabase((ds) =>
        ds.transaction(async (em) => {
          const declared = await breaks.declare(em, verdict.declaration, `cli:${opts.by}`);
          return { declared, figure: await breaks.storedFigure(em, declared) };
        }),
      );
      console.log(`declared: ${lineOf(declared)}`);
      if (figure) {
        console.log(
          `the engine already evaluated that period (${figure.signalId}, revision ${figure.revision}): the break ` +
            'applies when the series is next replayed; a higher revision of that figure replays it now',
        );
      }
    });
  command
    .command('list')
    .option('--reporter <ISO3>', "only this reporter's series")
    .option('--json', 'print JSON lines')
    .description('the breaks declared, oldest declaration first')
    .action(async (opts: { reporter?: string; json?: boolean }) => {
      const reporter = opts.reporter === undefined ? undefined : reporterSchema.parse(opts.reporter);
      const all = await withDatabase((ds) => breaks.list(ds.manager, reporter));
      all.forEach((b) => console.log(opts.json ? JSON.stringify(b) : lineOf(b)));
      if (!opts.json) console.error(`breaks: ${all.length}`);
    });
}
