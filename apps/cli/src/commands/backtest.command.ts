import { writeFileSync } from 'node:fs';
import { InvalidArgumentError, type Command } from 'commander';
import { Presets, SingleBar } from 'cli-progress';
import { loadRuntimeConfig } from '@atalaya/config';
import type { CorridorStep, Reference } from '@atalaya/reference';
import { loadReference } from '@atalaya/reference/files';
import {
  backtest,
  byPeriodThenSeries,
  defaultCalibration,
  deriveSeries,
  isDerived,
  lastReceipt,
  parseCatalogue,
  parseKnownEvents,
  parseReceivedAfter,
  replaySilence,
  scoreBacktest,
  scoreDrops,
  silenceWatches,
  walkForward,
  watchedSeries,
  type Backtest,
  type EvaluatedObservation,
  type SilenceReplay,
  type Trigger,
  type KnownEvents,
  type WalkForward,
  type WatchedSeries,
} from '@atalaya/triggers';
import type { Duration } from 'luxon';
import { chartHtml, chartLibrary, chartSeries } from '../backtest/chart';
import { databaseName, historyFromDatabase } from '../backtest/db-history';
import { historyFromFile, historyFromManifest, isManifest } from '../backtest/history';
import { formatReport, type BacktestReport, type Named } from '../backtest/report';
import { judge } from '../backtest/targets';
import { formatWalkForward, scoreByYear, type WalkForwardReport } from '../backtest/walk-forward.report';
import { readText } from '../read-text';
import { parseYears } from './calibration.command';

const DEFAULT_HISTORY = 'deploy/demo/feed.yaml';
/** What a walk forward recalibrates on: the history the default catalogue was calibrated on. */
const CALIBRATION_HISTORY = 'deploy/catalogue/backtest.yaml';

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
  readonly walkForward?: 'yearly';
  readonly years: number;
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
    .option(
      '--walk-forward <cadence>',
      'recalibrate the catalogue every January on the years before it and run each year under it, scored ' +
        `out of sample (only "yearly"; history default: ${CALIBRATION_HISTORY})`,
      parseCadence,
    )
    .option(
      '--years <N>',
      'with --walk-forward: trailing years each recalibration reads',
      parseYears,
      defaultCalibration.years,
    )
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
  if (opts.walkForward) {
    await runWalkForward(historyArg ?? CALIBRATION_HISTORY, opts);
    return;
  }
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
    ...(known ? judged(result, known, watched, triggers, observations, opts) : {}),
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

/**
 * The walk forward: every year from the second of the history on, under the catalogue recalibrated that
 * January on the trailing years before it, scored out of sample and judged against the targets.
 */
async function runWalkForward(historyArg: string, opts: BacktestOptions): Promise<void> {
  if (opts.chart !== undefined || opts.receivedAfter !== undefined) {
    throw new Error(
      '--walk-forward runs without --chart and --received-after: give those to a plain backtest',
    );
  }
  const config = loadRuntimeConfig();
  const catalogue = opts.catalogue ?? config.ATALAYA_CATALOGUE;
  const reference = loadReference(config.ATALAYA_REFERENCE_DIR);
  const { triggers } = parseCatalogue(readText(catalogue, 'trigger catalogue'), catalogue, reference);
  const { observations, from } = await loadHistory(historyArg, opts, config.DATABASE_URL, reference);
  const starts = observations.map((o) => Number(o.period.start.slice(0, 4)));
  if (starts.length === 0) throw new Error(`${from} holds no figures to walk forward over`);
  const [first, last] = [Math.min(...starts), Math.max(...starts)];
  const years = Array.from({ length: last - first }, (_, i) => first + 1 + i);
  const corridorSteps = (id: string) => reference.corridors.find((c) => c.id === id)?.steps;
  const walk = walkForward(triggers, observations, years, corridorSteps, {
    ...defaultCalibration,
    years: opts.years,
  });
  const report: WalkForwardReport = {
    catalogue,
    history: from,
    walk,
    ...scoredWalk(walk, opts, observations),
  };
  console.log(opts.json ? JSON.stringify(report, null, 2) : formatWalkForward(report));
}

/** The score of a backtest against known events, the drops its alerts followed down, and the targets. */
function judged(
  result: Backtest,
  known: KnownEvents,
  watched: Readonly<Record<string, readonly WatchedSeries[]>>,
  triggers: readonly Trigger[],
  observations: readonly EvaluatedObservation[],
  opts: BacktestOptions,
): Required<Pick<BacktestReport, 'knownEvents' | 'scoring' | 'drops' | 'targets'>> {
  const scoring = scoreBacktest(result, known, { maxLeadMonths: opts.maxLead, watched });
  const rank = (id: string, level: string) =>
    triggers.find((t) => t.id === id)?.levels.findIndex((l) => l.name === level) ?? -1;
  const drops = scoreDrops(result, known, watched, rank);
  const lastYear = Math.max(...observations.map((o) => Number(o.period.start.slice(0, 4))));
  return {
    knownEvents: opts.knownEvents as string,
    scoring,
    drops,
    targets: judge(watched, scoring, drops, known, lastYear),
  };
}

function scoredWalk(walk: WalkForward, opts: BacktestOptions, history: readonly EvaluatedObservation[]) {
  if (!opts.knownEvents) return {};
  const known = parseKnownEvents(readText(opts.knownEvents, 'known-events file'), opts.knownEvents);
  const inForce = walk.years.flatMap((y) => y.catalogue);
  const score = judged(walk.backtest, known, walk.watched, inForce, history, opts);
  return { ...score, years: scoreByYear(walk, score.scoring, known) };
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

function parseCadence(value: string): 'yearly' {
  if (value !== 'yearly')
    throw new InvalidArgumentError('the catalogue is recalibrated "yearly", each January');
  return value;
}

function parseDelay(value: string): string {
  try {
    parseReceivedAfter(value);
    return value;
  } catch (e) {
    throw new InvalidArgumentError((e as Error).message);
  }
}
