import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { SingleBar } from 'cli-progress';
import { seriesKeyOf, signalSchema } from '@atalaya/contracts';
import { loadRuntimeConfig } from '@atalaya/config';
import { backtest, parseCatalogue, type Backtest, type TriggerActivity } from '@atalaya/triggers';
import { alertLine } from '../alert-line';
import { loadFeed } from '../feed';

export function backtestCommand(program: Command): void {
  program
    .command('backtest')
    .argument('[manifest]', 'history: a feed manifest of movement CSVs', 'deploy/demo/feed.yaml')
    .option('--catalogue <file>', 'trigger catalogue (default: ATALAYA_CATALOGUE)')
    .option('--json', 'print the result as JSON')
    .description(
      'run the trigger catalogue over a history with the engine’s own evaluator and report what it would have raised',
    )
    .action((manifest: string, opts: { catalogue?: string; json?: boolean }) => {
      const file = opts.catalogue ?? loadRuntimeConfig().ATALAYA_CATALOGUE;
      const { triggers } = parseCatalogue(readFileSync(file, 'utf8'), file);
      const history = loadFeed(manifest).map((input) => {
        const s = signalSchema.parse(input);
        return { ...s, seriesKey: seriesKeyOf(s) };
      });
      const bar = process.stderr.isTTY
        ? new SingleBar({ format: 'backtest {bar} {value}/{total} triggers' })
        : undefined;
      bar?.start(triggers.length, 0);
      const runs = triggers.map((t) => {
        const result = backtest([t], history);
        bar?.increment();
        return result;
      });
      bar?.stop();
      const result: Backtest = {
        observations: history.length,
        events: runs
          .flatMap((r) => r.events)
          .sort((a, b) => a.evidence.period.start.localeCompare(b.evidence.period.start)),
        activity: runs.flatMap((r) => r.activity),
      };
      console.log(opts.json ? JSON.stringify(result, null, 2) : report(result, manifest, file));
    });
}

function report(result: Backtest, manifest: string, catalogue: string): string {
  const lines = [`backtest of ${catalogue} over ${result.observations} observations from ${manifest}`, ''];
  lines.push(...result.events.map(alertLine), '');
  const years = [...new Set(result.activity.flatMap((a) => Object.keys(a.firingsByYear)))].sort();
  lines.push(['trigger'.padEnd(30), 'events'.padStart(6), ...years.map((y) => y.padStart(5))].join(' '));
  lines.push(...result.activity.map((a) => activityRow(a, years)));
  lines.push('', 'figures under each year: alerts raised (firing events) in that year');
  return lines.join('\n');
}

function activityRow(a: TriggerActivity, years: readonly string[]): string {
  const name = `${a.triggerId}@${a.version}${a.shadow ? ' (shadow)' : ''}`;
  return [
    name.padEnd(30),
    String(a.events).padStart(6),
    ...years.map((y) => String(a.firingsByYear[y] ?? 0).padStart(5)),
  ].join(' ');
}
