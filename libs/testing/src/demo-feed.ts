import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { seriesKeyOf, type AlertEvent, type SignalInput } from '@atalaya/contracts';
import { loadReference } from '@atalaya/reference/files';
import { backtest, isDerived, parseCatalogue } from '@atalaya/triggers';
import { eventually } from './eventually';
import { repoRoot } from './repo-root';
import { startServiceProcess, type ServiceProcess } from './service.process';
import type { TopicReader } from './topic.reader';

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

/** Ingest and the engine, each its own process, started together. */
export function startPipeline(env: NodeJS.ProcessEnv): Promise<[ServiceProcess, ServiceProcess]> {
  return Promise.all([startServiceProcess('ingest', env), startServiceProcess('engine', env)]);
}

/** The demo feed sent by the built CLI into the run's topics, 15 ms a month; resolves once all of it is sent. */
export function replayDemoFeed(env: NodeJS.ProcessEnv): Promise<unknown> {
  return promisify(execFile)(
    process.execPath,
    ['dist/apps/cli/src/main.js', 'replay', 'deploy/demo/feed.yaml', '--month-ms', '15'],
    { cwd: repoRoot(), env: { ...process.env, ...env } },
  );
}

/** Waits for a third of the alert events the feed raises: the middle of the stream, before `what`. */
export function midStream(alerts: TopicReader<AlertEvent>, expected: number, what: string): Promise<true> {
  return eventually(
    `a third of the alert events, before ${what}`,
    () => (alerts.messages.length >= expected / 3 ? true : undefined),
    60000,
  );
}
