import { writeFileSync } from 'node:fs';
import { InvalidArgumentError, type Command } from 'commander';
import { loadRuntimeConfig } from '@atalaya/config';
import { loadReference } from '@atalaya/reference/files';
import {
  backtest,
  defaultCalibration,
  diffBacktests,
  parseCatalogue,
  parseKnownEvents,
  parseProposal,
  recalibrate,
  scoreBacktest,
  territoryOf,
  watchedSeries,
  type EvaluatedObservation,
  type ProposalContext,
  type Recalibration,
  type Trigger,
} from '@atalaya/triggers';
import type { Reference } from '@atalaya/reference';
import { historyFromManifest } from '../backtest/history';
import { readText } from '../read-text';
import { formatDiff, type DiffReport } from '../calibration/diff.report';
import { proposalFile } from '../calibration/proposal.file';

/** The history the default catalogue was calibrated on (docs/catalogue.md). */
const CALIBRATION_HISTORY = 'deploy/catalogue/backtest.yaml';

interface CatalogueOptions {
  readonly catalogue?: string;
  readonly history: string;
  readonly knownEvents?: string;
  readonly json?: boolean;
}

interface ProposeOptions extends CatalogueOptions {
  readonly recalibrate?: boolean;
  readonly asOf?: string;
  readonly years: number;
  readonly out?: string;
}

/** `triggers propose --recalibrate` and `triggers diff`: new versions, and what they change on history. */
export function calibrationCommands(triggers: Command): void {
  triggers
    .command('propose')
    .requiredOption('--recalibrate', 'set the levels from the history by the calibration method')
    .requiredOption(
      '--as-of <YYYY-MM>',
      'the month the new versions would take effect; only figures before it are read',
    )
    .option(
      '--years <N>',
      'trailing years of history the levels are set from',
      parseYears,
      defaultCalibration.years,
    )
    .option('--history <manifest>', 'a feed manifest of movement CSVs', CALIBRATION_HISTORY)
    .option('--catalogue <file>', 'the catalogue in force (default: ATALAYA_CATALOGUE)')
    .option('--out <file>', 'where to write the proposal (default: recalibration-<as-of>.yaml)')
    .option('--known-events <file>', 'score both sides of the diff against known events')
    .option('--json', 'print the recalibration and the diff as JSON')
    .description(
      'write a new version of each trigger the method can recalibrate (status: proposed), with its levels set ' +
        'from the trailing years before the as-of month, and show the backtest diff against the versions in force',
    )
    .action((opts: ProposeOptions) => {
      const { catalogue, reference, history } = load(opts);
      const run = recalibrate(catalogue.triggers, history, opts.asOf as string, {
        ...defaultCalibration,
        years: opts.years,
      });
      const out = opts.out ?? `recalibration-${run.asOf}.yaml`;
      const text = proposalFile(withAskedStates(run, reference), catalogue.path, opts.history);
      // What it writes must read back as a proposal `triggers submit` accepts, but for the date.
      parseProposal(text, out, proposalContext(catalogue.triggers, reference));
      writeFileSync(out, text);
      const proposed = run.proposals.filter((p) => p.changed).map((p) => p.to);
      const report = diffOf(catalogue.triggers, proposed, history, opts, reference);
      console.error(
        `${proposed.length} new versions written to ${out} (${run.skipped.length} triggers not recalibrated)`,
      );
      console.log(
        opts.json ? JSON.stringify({ recalibration: run, diff: report }, null, 2) : formatDiff(report),
      );
    });

  triggers
    .command('diff')
    .argument('<proposal>', 'a proposal file: a catalogue of new versions, written by hand or by `propose`')
    .option('--history <manifest>', 'a feed manifest of movement CSVs', CALIBRATION_HISTORY)
    .option('--catalogue <file>', 'the catalogue in force (default: ATALAYA_CATALOGUE)')
    .option('--known-events <file>', 'score both sides against known events')
    .option('--json', 'print the diff as JSON')
    .description(
      'run the history under the versions in force and under a proposal, and show the alerts it gains, loses and moves',
    )
    .action((proposal: string, opts: CatalogueOptions) => {
      const { catalogue, reference, history } = load(opts);
      const proposed = parseProposal(
        readText(proposal, 'proposal'),
        proposal,
        proposalContext(catalogue.triggers, reference),
      );
      const report = diffOf(catalogue.triggers, proposed, history, opts, reference);
      console.log(opts.json ? JSON.stringify(report, null, 2) : formatDiff(report));
    });
}

/**
 * What a proposal is checked against here: the versions of the catalogue file. A diff reads history, so a
 * proposal dated in the past is diffed; `triggers submit` refuses one (docs/governance.md).
 */
function proposalContext(triggers: readonly Trigger[], reference: Reference): ProposalContext {
  return {
    reference,
    versionsOf: (id) => {
      const inForce = triggers.find((t) => t.id === id);
      return inForce && { inForce, highest: inForce.version };
    },
    today: ANY_DAY,
  };
}

/** Earlier than every date: no proposal is refused for taking effect in the past. */
const ANY_DAY = '';

/**
 * The states a recalibrated version is put to: those that endorsed the version it replaces, or, when none
 * has yet (the default catalogue), the states whose territory it covers, or every reporting state.
 */
function withAskedStates(run: Recalibration, reference: Reference): Recalibration {
  const asked = (t: Trigger) =>
    t.agreedBy.length > 0
      ? t.agreedBy
      : [...(territoryOf(t, reference) ?? reference.reporters.map((r) => r.iso3))];
  return {
    ...run,
    proposals: run.proposals.map((p) => ({ ...p, to: { ...p.to, agreedBy: asked(p.from) } })),
  };
}

function load(opts: CatalogueOptions): {
  catalogue: { path: string; triggers: readonly Trigger[] };
  reference: Reference;
  history: EvaluatedObservation[];
} {
  const config = loadRuntimeConfig();
  const path = opts.catalogue ?? config.ATALAYA_CATALOGUE;
  const reference = loadReference(config.ATALAYA_REFERENCE_DIR);
  const { triggers } = parseCatalogue(readText(path, 'trigger catalogue'), path, reference);
  return { catalogue: { path, triggers }, reference, history: historyFromManifest(opts.history) };
}

/**
 * Both sides over the same history: the catalogue in force, and the same catalogue with the proposed
 * versions in place of theirs. Effective dates are left aside on both, so the diff shows what the levels
 * change rather than when they apply.
 */
function diffOf(
  inForce: readonly Trigger[],
  proposed: readonly Trigger[],
  history: readonly EvaluatedObservation[],
  opts: CatalogueOptions,
  reference: Reference,
): DiffReport {
  const timeless = (t: Trigger): Trigger => ({ ...t, effective: undefined });
  const ids = new Set(proposed.map((t) => t.id));
  const before = inForce.filter((t) => ids.has(t.id)).map(timeless);
  const after = proposed.map(timeless);
  const steps = (id: string) => reference.corridors.find((c) => c.id === id)?.steps;
  const was = backtest(before, history, steps);
  const is = backtest(after, history, steps);
  const known = opts.knownEvents
    ? parseKnownEvents(readText(opts.knownEvents, 'known-events file'), opts.knownEvents)
    : undefined;
  const scoreOf = (triggers: readonly Trigger[], result: typeof was) =>
    scoreBacktest(result, known as NonNullable<typeof known>, {
      maxLeadMonths: 6,
      watched: watchedSeries(triggers, history, steps),
    });
  return {
    history: opts.history,
    observations: history.length,
    pairs: proposed.map((p) => ({ inForce: inForce.find((t) => t.id === p.id), proposed: p })),
    diff: diffBacktests(was, is, [...before, ...after]),
    ...(known ? { scores: { inForce: scoreOf(before, was), proposed: scoreOf(after, is) } } : {}),
  };
}

/** A `--years` option: whole years, one or more. */
export function parseYears(value: string): number {
  const years = Number(value);
  if (!/^\d+$/.test(value) || years < 1)
    throw new InvalidArgumentError('give a whole number of years, e.g. 5');
  return years;
}
