import { writeFileSync } from 'node:fs';
import { InvalidArgumentError, type Command } from 'commander';
import { Presets, SingleBar } from 'cli-progress';
import { loadRuntimeConfig } from '@atalaya/config';
import type { CorridorStep, Reference } from '@atalaya/reference';
import { loadReference } from '@atalaya/reference/files';
import {
  backtest,
  byPeriodThenSeries,
  deriveSeries,
  isDerived,
  lastReceipt,
  parseCatalogue,
  parseKnownEvents,
  parseReceivedAfter,
  replaySilence,
  scoreBacktest,
  silenceWatches,
  watchedSeries,
  type Backtest,
  type EvaluatedObservation,
  type SilenceReplay,
  type Trigger,
} from '@atalaya/triggers';
import type { Duration } from 'luxon';
import { chartHtml, chartLibrary, chartSeries } from '../backtest/chart';
import { databaseName, historyFromDatabase } from '../backtest/db-history';
import { historyFromFile, historyFromManifest, isManifest } from '../backtest/history';
import { formatReport, type BacktestReport, type Named } from '../backtest/report';
import { readText } from '../read-text';

const DEFAULT_HISTORY = 'deploy/demo/feed.yaml';

interface BacktestOptions {
  readonly catalogue?: string;
  readonly fromDb?: boolean;
  readonly reporter?: string;
  readonly knownEvents?: string;
  readonly maxLead: number;
  readonly chart?: string;
  readonly json?: boolean;
  /** An ISO 8601 duration, checked by `parseDelay`. */
  readonly receivedAfter?: string;
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
    .option(
      '--received-after <duration>',
      'run no-data triggers too, each figure taken as received this long after its period ends ' +
        '(ISO 8601, e.g. P15D)',
      parseDelay,
    )
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
  const { triggers } = parseCatalogue(readText(catalogue, 'trigger catalogue'), catalogue);
  const known = opts.knownEvents
    ? parseKnownEvents(readText(opts.knownEvents, 'known-events file'), opts.knownEvents)
    : undefined;
  const reference = loadReference(config.ATALAYA_REFERENCE_DIR);
  const corridorSteps = (id: string) => reference.corridors.find((c) => c.id === id)?.steps;
  const { observations, from } = await loadHistory(historyArg, opts, config.DATABASE_URL, reference);

  const silence =
    opts.receivedAfter === undefined
      ? undefined
      : replayOf(triggers, reference, observations, parseReceivedAfter(opts.receivedAfter));
  const result = runWithProgress(triggers, observations, corridorSteps, silence);
  const replays = silence
    ? silence.watches.map((w) => [w.trigger.id, replaySilence(w, observations, silence)] as const)
    : [];
  const watched = {
    ...watchedSeries(triggers, observations, corridorSteps),
    ...Object.fromEntries(replays.map(([id, r]) => [id, r.watched])),
  };
  const report: BacktestReport = {
    catalogue,
    history: from,
    ...result,
    ...(opts.receivedAfter === undefined
      ? { unevaluated: noDataTriggers(triggers) }
      : { unevaluated: [], clock: { receivedAfter: opts.receivedAfter, until: silence?.until ?? null } }),
    ...(known
      ? {
          knownEvents: opts.knownEvents,
          scoring: scoreBacktest(result, known, {
            maxLeadMonths: opts.maxLead,
            watched,
          }),
        }
      : {}),
  };
  if (opts.chart) {
    const derived = [
      ...triggers.filter(isDerived).flatMap((t) => deriveSeries(t, observations, corridorSteps)),
      ...replays.flatMap(([, r]) => r.observations),
    ];
    const series = chartSeries([...observations, ...derived], result.events, known?.events, watched);
    writeFileSync(
      opts.chart,
      chartHtml({ title: `Backtest of ${catalogue} over ${from}`, series }, chartLibrary()),
    );
    console.error(`chart of ${series.length} series written to ${opts.chart}`);
  }
  console.log(opts.json ? JSON.stringify(report, null, 2) : formatReport(report));
}

async function loadHistory(
  historyArg: string | undefined,
  opts: BacktestOptions,
  databaseUrl: string,
  reference: Reference,
): Promise<{ observations: EvaluatedObservation[]; from: string }> {
  if (opts.fromDb) {
    if (historyArg !== undefined) {
      throw new Error(`give either a history file (${historyArg}) or --from-db, not both`);
    }
    const observations = await historyFromDatabase(databaseUrl);
    return { observations, from: `the database ${databaseName(databaseUrl)}` };
  }
  const path = historyArg ?? DEFAULT_HISTORY;
  if (isManifest(path)) return { observations: historyFromManifest(path), from: path };
  const today = new Date().toISOString().slice(0, 10);
  return { observations: historyFromFile(path, { reporter: opts.reporter, reference, today }), from: path };
}

function noDataTriggers(triggers: readonly Trigger[]): Named[] {
  return triggers
    .filter((t) => t.condition.type === 'no_data')
    .map((t) => ({ triggerId: t.id, version: t.version, shadow: t.shadow }));
}

/**
 * What no-data triggers run on: the reporters each watches (its cadences from reporters.yaml, as in the
 * engine), every figure received `receivedAfter` after its period ends, the clock stopping when the last
 * figure arrives. Undefined for a history without figures.
 */
function replayOf(
  triggers: readonly Trigger[],
  reference: Reference,
  observations: readonly EvaluatedObservation[],
  receivedAfter: Duration,
): SilenceReplay | undefined {
  const until = lastReceipt(observations, receivedAfter);
  if (until === null) return undefined;
  return { watches: silenceWatches({ triggers }, reference), receivedAfter, until };
}

/**
 * `backtest` one trigger at a time, so the bar moves on a long history, merged in the order `backtest` gives
 * the whole catalogue: by period start, then series.
 */
function runWithProgress(
  triggers: readonly Trigger[],
  history: readonly EvaluatedObservation[],
  corridorSteps: (corridor: string) => readonly CorridorStep[] | undefined,
  silence: SilenceReplay | undefined,
): Backtest {
  const bar = process.stderr.isTTY
    ? new SingleBar(
        {
          format: 'backtest [{bar}] {value}/{total} triggers',
          stream: process.stderr,
          hideCursor: true,
          clearOnComplete: true,
        },
        Presets.shades_classic,
      )
    : undefined;
  bar?.start(triggers.length, 0);
  const runs = triggers.map((t) => {
    const run = backtest([t], history, corridorSteps, silence);
    bar?.increment();
    return run;
  });
  bar?.stop();
  return {
    observations: history.length,
    events: runs.flatMap((r) => r.events).sort(byPeriodThenSeries),
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

function parseDelay(value: string): string {
  try {
    parseReceivedAfter(value);
    return value;
  } catch (e) {
    throw new InvalidArgumentError((e as Error).message);
  }
}
