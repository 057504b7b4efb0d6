import { readFileSync } from 'node:fs';
import {
  naturalKeyOf,
  seriesKeyOf,
  signalSchema,
  type ReferenceLookup,
  type Signal,
} from '@atalaya/contracts';
import type { EvaluatedObservation } from '@atalaya/triggers';
import { loadFeed } from '../feed';
import { checkImport } from '../import/import.check';

/** Rejected rows shown before the operator is sent to `atalaya import --dry-run` for the rest. */
const SHOWN_REJECTIONS = 10;

export function observationOf(s: Signal): EvaluatedObservation {
  return { ...s, seriesKey: seriesKeyOf(s) };
}

/** A feed manifest (`.yaml`, `.yml`) of movement CSVs, as the demo replays. */
export function historyFromManifest(path: string): EvaluatedObservation[] {
  return loadFeed(path).map((input) => observationOf(signalSchema.parse(input)));
}

export interface FileContext {
  readonly reporter: string | undefined;
  readonly reference: ReferenceLookup;
  readonly today: string;
}

/**
 * One CSV or HXL file in the layout `atalaya import` reads (docs/import.md), checked row by row by the same
 * rules. A backtest over a file with bad rows would silently leave months out, so any rejected row stops it.
 */
export function historyFromFile(path: string, ctx: FileContext): EvaluatedObservation[] {
  if (ctx.reporter === undefined) {
    throw new Error(
      `${path} is a CSV/HXL history: name the state whose figures it holds with --reporter <ISO3>, as for ` +
        '`atalaya import`',
    );
  }
  if (!/^[A-Z]{3}$/.test(ctx.reporter)) {
    throw new Error(
      `--reporter must be an ISO 3166-1 alpha-3 code in capitals, e.g. HND, not "${ctx.reporter}"`,
    );
  }
  const check = checkImport(readText(path), { ...ctx, reporter: ctx.reporter });
  if (!check.ok) {
    const faults = check.faults.map((f) => `  ${f.code}: ${f.message}`);
    throw new Error(
      [`${path} cannot be read as a history (docs/import.md has the layout):`, ...faults].join('\n'),
    );
  }
  const rejected = check.rows.flatMap((r) => (r.ok ? [] : [r.rejection]));
  if (rejected.length > 0) {
    const shown = rejected
      .slice(0, SHOWN_REJECTIONS)
      .map((r) => `  ${path}:${r.line}: ${r.code}: ${r.message}`);
    throw new Error(
      [
        `${path}: ${rejected.length} of ${check.rows.length} rows are not valid; fix them before a backtest:`,
        ...shown,
        ...(rejected.length > shown.length
          ? [`  … and ${rejected.length - shown.length} more: \`atalaya import ${path} --dry-run\` lists all`]
          : []),
      ].join('\n'),
    );
  }
  return latestRevisions(check.rows.flatMap((r) => (r.ok ? [r.signal] : [])))
    .map(observationOf)
    .sort((a, b) => a.period.start.localeCompare(b.period.start));
}

/** What the engine would hold: of several rows for one series and period, the highest revision. */
export function latestRevisions(signals: readonly Signal[]): Signal[] {
  const latest = new Map<string, Signal>();
  signals.forEach((s) => {
    const key = naturalKeyOf(s);
    const held = latest.get(key);
    if (!held || s.revision > held.revision) latest.set(key, s);
  });
  return [...latest.values()];
}

export function isManifest(path: string): boolean {
  return /\.ya?ml$/i.test(path);
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw new Error(`cannot read ${path}: ${(e as Error).message}`);
  }
}
