import { readFileSync, writeFileSync } from 'node:fs';
import { InvalidArgumentError, type Command } from 'commander';
import { SingleBar } from 'cli-progress';
import { loadRuntimeConfig } from '@atalaya/config';
import { loadReference } from '@atalaya/reference';
import {
  backtest,
  parseCatalogue,
  parseKnownEvents,
  scoreBacktest,
  watchedSeries,
  type Backtest,
  type EvaluatedObservation,
  type Trigger,
} from '@atalaya/triggers';
import { chartHtml, chartLibrary, chartSeries } from '../backtest/chart';
import { databaseName, historyFromDatabase } from '../backtest/db-history';
import { historyFromFile, historyFromManifest, isManifest } from '../backtest/history';
import { formatReport, type BacktestReport } from '../backtest/report';

const DEFAULT_HISTORY = 'deploy/demo/feed.yaml';

interface BacktestOptions {
  readonly catalogue?: string;
  readonly fromDb?: boolean;
  readonly reporter?: string;
  readonly knownEvents?: string;
  readonly maxLead: number;
  readonly chart?: string;
  readonly json?: boolean;
}

export function backtestCommand(program: Command): void {
  program
    .command('backtest')
    .argument(
      '[history]',
      `a feed manifest of movement CSVs (.yaml), or one CSV/HXL file in the import layout (default: ${DEFAULT_HISTORY})`,
    )
    .option('--from-db', 'read the stored observations of the database (DATABASE_URL) instead of a file')
    .option('--reporter <ISO3>', 'the state whose figures a CSV/HXL history holds, as for `atalaya import`')
    .option('--catalogue <file>', 'trigger catalogue (default: ATALAYA_CATALOGUE)')
    .option('--known-events <file>', 'score the alerts against known events (YAML, docs/backtest.md)')
    .option('--max-lead <months>', 'how early a firing still counts as a hit', parseMonths, 6)
    .option('--chart <file.html>', 'write a self-contained HTML chart of every series with its alerts')
    .option('--json', 'print the result as JSON')
    .description(
      'run the trigger catalogue over a history with the engine’s own evaluator and report what it would have ' +
        'raised, scored against known events when given',
    )
    .action(async (history: string | undefined, opts: BacktestOptions) => {
      await runBacktest(history, opts);
    });
}

async function runBacktest(historyArg: string | undefined, opts: BacktestOptions): Promise<void> {
  if (opts.chart !== undefined && !/\.html?$/i.test(opts.chart)) {
    throw new Error(`--chart writes a self-contained HTML page: name the file *.html, not ${opts.chart}`);
  }
  const config = loadRuntimeConfig();
  const catalogue = opts.catalogue ?? config.ATALAYA_CATALOGUE;
  const { triggers } = parseCatalogue(readFileSync(catalogue, 'utf8'), catalogue);
  const known = opts.knownEvents
    ? parseKnownEvents(readFileSync(opts.knownEvents, 'utf8'), opts.knownEvents)
    : undefined;
  const { observations, from } = await loadHistory(historyArg, opts, config);

  const result = runWithProgress(triggers, observations);
  const report: BacktestReport = {
    catalogue,
    history: from,
    ...result,
    ...(known
      ? {
          knownEvents: opts.knownEvents,
          scoring: scoreBacktest(result, known, {
            maxLeadMonths: opts.maxLead,
            watched: watchedSeries(triggers, observations, result),
          }),
        }
      : {}),
  };
  if (opts.chart) {
    const title = `Backtest of ${catalogue} over ${from}`;
    writeFileSync(
      opts.chart,
      chartHtml({ title, series: chartSeries(observations, result.events, known?.events) }, chartLibrary()),
    );
    console.error(`chart written to ${opts.chart}`);
  }
  console.log(opts.json ? JSON.stringify(report, null, 2) : formatReport(report));
}

async function loadHistory(
  historyArg: string | undefined,
  opts: BacktestOptions,
  config: ReturnType<typeof loadRuntimeConfig>,
): Promise<{ observations: EvaluatedObservation[]; from: string }> {
  if (opts.fromDb) {
    if (historyArg !== undefined) {
      throw new Error(`give either a history file (${historyArg}) or --from-db, not both`);
    }
    const observations = await historyFromDatabase(config.DATABASE_URL);
    return { observations, from: `the database ${databaseName(config.DATABASE_URL)}` };
  }
  const path = historyArg ?? DEFAULT_HISTORY;
  if (isManifest(path)) return { observations: historyFromManifest(path), from: path };
  const reference = loadReference(config.ATALAYA_REFERENCE_DIR);
  const today = new Date().toISOString().slice(0, 10);
  return { observations: historyFromFile(path, { reporter: opts.reporter, reference, today }), from: path };
}

/** One trigger at a time, so the bar moves on a long history. */
function runWithProgress(triggers: readonly Trigger[], history: readonly EvaluatedObservation[]): Backtest {
  const bar = process.stderr.isTTY
    ? new SingleBar({ format: 'backtest {bar} {value}/{total} triggers', stream: process.stderr })
    : undefined;
  bar?.start(triggers.length, 0);
  const runs = triggers.map((t) => {
    const run = backtest([t], history);
    bar?.increment();
    return run;
  });
  bar?.stop();
  return {
    observations: history.length,
    events: runs
      .flatMap((r) => r.events)
      .sort((a, b) => a.evidence.period.start.localeCompare(b.evidence.period.start)),
    activity: runs.flatMap((r) => r.activity),
  };
}

function parseMonths(value: string): number {
  const months = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(months)) {
    throw new InvalidArgumentError('give a whole number of months, e.g. 6');
  }
  return months;
}
