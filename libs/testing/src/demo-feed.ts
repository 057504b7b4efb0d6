import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { seriesKeyOf, type AlertEvent, type SignalInput } from '@atalaya/contracts';
import { loadReference } from '@atalaya/reference/files';
import { backtest, isDerived, parseCatalogue } from '@atalaya/triggers';
import { repoRoot } from './repo-root';

export interface ExpectedAlerts {
  /** The events the pure evaluator gives over the signals with the default catalogue, in order. */
  readonly events: readonly AlertEvent[];
  /** Those of per-series triggers: the pipeline must give exactly these, whatever the partitions do. */
  perSeries(events: readonly AlertEvent[]): AlertEvent[];
  /** Those of ratio and corridor triggers, whose interim story depends on how partitions interleave. */
  derived(events: readonly AlertEvent[]): AlertEvent[];
}

/** What the default catalogue (deploy/catalogue) raises over these signals, evaluated offline. */
export function expectedAlerts(signals: readonly SignalInput[]): ExpectedAlerts {
  const root = repoRoot();
  const catalogue = parseCatalogue(readFileSync(resolve(root, 'deploy/catalogue/triggers.yaml'), 'utf8'));
  const reference = loadReference(resolve(root, 'deploy/catalogue'));
  const events = backtest(
    catalogue.triggers,
    signals.map((s) => ({ ...s, seriesKey: seriesKeyOf(s) })),
    (id) => reference.corridors.find((c) => c.id === id)?.steps,
  ).events;
  const derivedIds = new Set(catalogue.triggers.filter(isDerived).map((t) => t.id));
  return {
    events,
    perSeries: (all) => all.filter((e) => !derivedIds.has(e.trigger.id)),
    derived: (all) => all.filter((e) => derivedIds.has(e.trigger.id)),
  };
}
