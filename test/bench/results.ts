import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { repoRoot, requireEnv } from '@atalaya/testing';
import { Client } from 'pg';

/**
 * Gathers one `npm run bench` into `test/bench/results/latest.json` and a dated copy beside it, then
 * rewrites the results table of `docs/performance.md` from the last runs kept there, with each figure's
 * spread over them and its target.
 */
const ROOT = repoRoot();
const RESULTS = join(ROOT, 'test/bench/results');
const DOC = join(ROOT, 'docs/performance.md');
const RUNS_SHOWN = 3;
const BEGIN = '<!-- bench:results (written by test/bench/results.ts) -->';
const END = '<!-- /bench:results -->';

type Json = Record<string, unknown>;

const read = (name: string): Json | null => {
  const file = join(ROOT, 'dist/bench', `${name}.json`);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Json) : null;
};

const version = (pkg: string): string =>
  (JSON.parse(readFileSync(join(ROOT, 'node_modules', pkg, 'package.json'), 'utf8')) as { version: string })
    .version;

async function postgresVersion(): Promise<string> {
  const client = new Client({ connectionString: requireEnv('DATABASE_URL') });
  await client.connect();
  try {
    return (await client.query<{ v: string }>(`SELECT current_setting('server_version') AS v`)).rows[0].v;
  } finally {
    await client.end();
  }
}

export interface Results {
  readonly at: string;
  readonly commit: string;
  readonly machine: { readonly cpus: number; readonly model: string; readonly memoryGb: number };
  readonly versions: Readonly<Record<string, string>>;
  readonly e2eSignalsPerSec: number;
  readonly vsDurableWriteCeiling: number;
  readonly vsNaive: number | null;
  readonly vsRawConsume: number;
  readonly p99AlertMs: number;
  readonly p99DeliveryMs: number;
  readonly rssMb: Readonly<Record<string, number>>;
  readonly restartToCaughtUpSec: number;
  readonly backtestVsSql: number | null;
  readonly pipeline: Json;
  readonly backtest: Json | null;
}

interface Row {
  readonly name: string;
  readonly target: string;
  readonly value: (r: Results) => number | null;
  readonly met: (v: number) => boolean;
}

const maxRss = (r: Results) => Math.max(...Object.values(r.rssMb));

/** A phase's CPU use as the pipeline bench measured it (`pipeline.cpu`); null for a run from before it did. */
const cpuOf = (r: Results, phase: 'burst' | 'paced') =>
  (r.pipeline.cpu as Record<string, { machineBusy: number; msPerSignal: { all: number } }> | undefined)?.[
    phase
  ] ?? null;

const ROWS: readonly Row[] = [
  { name: 'end to end, signals/s', target: '', value: (r) => r.e2eSignalsPerSec, met: () => true },
  {
    name: 'end to end ÷ durable-write ceiling',
    target: '≥ 0.5',
    value: (r) => r.vsDurableWriteCeiling,
    met: (v) => v >= 0.5,
  },
  { name: 'end to end ÷ naive baseline', target: '≥ 10', value: (r) => r.vsNaive, met: (v) => v >= 10 },
  { name: 'end to end ÷ raw kafkajs consume', target: '', value: (r) => r.vsRawConsume, met: () => true },
  { name: 'p99 produce → alert event, ms', target: '< 100', value: (r) => r.p99AlertMs, met: (v) => v < 100 },
  { name: 'p99 produce → webhook, ms', target: '< 250', value: (r) => r.p99DeliveryMs, met: (v) => v < 250 },
  { name: 'largest service RSS, MB', target: '< 250', value: maxRss, met: (v) => v < 250 },
  {
    name: 'engine restart → caught up, s',
    target: '< 5',
    value: (r) => r.restartToCaughtUpSec,
    met: (v) => v < 5,
  },
  { name: 'backtest ÷ SQL', target: '≥ 20', value: (r) => r.backtestVsSql, met: (v) => v >= 20 },
  {
    name: 'machine busy in the burst, share of its cores',
    target: '',
    value: (r) => cpuOf(r, 'burst')?.machineBusy ?? null,
    met: () => true,
  },
  {
    name: 'CPU per signal in the burst, ms (every process)',
    target: '',
    value: (r) => cpuOf(r, 'burst')?.msPerSignal.all ?? null,
    met: () => true,
  },
  {
    name: 'CPU per signal at 1,000/s, ms (every process)',
    target: '',
    value: (r) => cpuOf(r, 'paced')?.msPerSignal.all ?? null,
    met: () => true,
  },
];

const shown = (v: number | null): string => (v === null ? '–' : String(v));

/** The table of the last runs, oldest first, with each row's spread and whether the latest meets its target. */
export function resultsTable(runs: readonly Results[]): string {
  const header = [
    '| figure | target | ' +
      runs.map((r) => r.at.slice(0, 16).replace('T', ' ')).join(' | ') +
      ' | spread | latest meets it |',
    '| --- | --- | ' + runs.map(() => '---').join(' | ') + ' | --- | --- |',
  ];
  const rows = ROWS.map((row) => {
    const values = runs.map(row.value);
    const known = values.filter((v): v is number => v !== null);
    const spread = known.length === 0 ? '–' : `${Math.min(...known)}–${Math.max(...known)}`;
    const latest = values[values.length - 1];
    const met = row.target === '' || latest === null ? '' : row.met(latest) ? 'yes' : 'no';
    return `| ${row.name} | ${row.target} | ${values.map(shown).join(' | ')} | ${spread} | ${met} |`;
  });
  return [...header, ...rows].join('\n');
}

async function main(): Promise<void> {
  const pipeline = read('pipeline');
  if (!pipeline)
    throw new Error('dist/bench/pipeline.json is missing: run `npm run bench` (or bench:pipeline)');
  const backtest = read('backtest');
  const at = new Date().toISOString();
  const cpu = cpus();
  const results: Results = {
    at,
    commit: execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT }).toString().trim(),
    machine: {
      cpus: cpu.length,
      model: cpu[0]?.model ?? 'unknown',
      memoryGb: Math.round(totalmem() / 2 ** 30),
    },
    versions: {
      node: process.version,
      kafka: '3.9.1',
      postgresql: await postgresVersion(),
      kafkajs: version('kafkajs'),
      '@nestjs/core': version('@nestjs/core'),
      typeorm: version('typeorm'),
    },
    e2eSignalsPerSec: pipeline.e2eSignalsPerSec as number,
    vsDurableWriteCeiling: pipeline.vsDurableWriteCeiling as number,
    vsNaive: (pipeline.vsNaive as number | undefined) ?? null,
    vsRawConsume: pipeline.vsRawConsume as number,
    p99AlertMs: pipeline.p99AlertMs as number,
    p99DeliveryMs: pipeline.p99DeliveryMs as number,
    rssMb: pipeline.rssMb as Record<string, number>,
    restartToCaughtUpSec: pipeline.restartToCaughtUpSec as number,
    backtestVsSql: (backtest?.evaluatorToSqlRatio as number | undefined) ?? null,
    pipeline,
    backtest,
  };
  mkdirSync(RESULTS, { recursive: true });
  const body = `${JSON.stringify(results, null, 2)}\n`;
  const dated = join(RESULTS, `${at.slice(0, 19).replace(/:/g, '')}.json`);
  writeFileSync(join(RESULTS, 'latest.json'), body);
  writeFileSync(dated, body);

  const runs = readdirSync(RESULTS)
    .filter((f) => /^\d{4}-\d{2}-\d{2}T\d{6}\.json$/.test(f))
    .sort()
    .slice(-RUNS_SHOWN)
    .map((f) => JSON.parse(readFileSync(join(RESULTS, f), 'utf8')) as Results);
  const doc = readFileSync(DOC, 'utf8');
  const from = doc.indexOf(BEGIN);
  const to = doc.indexOf(END);
  if (from < 0 || to < from) throw new Error(`docs/performance.md has lost its ${BEGIN} … ${END} markers`);
  const machine = `${results.machine.cpus} × ${results.machine.model}, ${results.machine.memoryGb} GiB`;
  const versions = Object.entries(results.versions)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  const table = `${BEGIN}\n\nOn ${machine}; ${versions}. ${runs.length === 1 ? 'One run' : `The last ${runs.length} runs`} of \`npm run bench\`, each a column:\n\n${resultsTable(runs)}\n\n${END}`;
  writeFileSync(DOC, doc.slice(0, from) + table + doc.slice(to + END.length));
  // In the project's format, so that `npm run lint` (prettier --check) passes on what a run committed.
  execFileSync('npx', ['prettier', '--write', DOC, join(RESULTS, 'latest.json'), dated], {
    cwd: ROOT,
    stdio: 'ignore',
  });
  console.log(`bench: results in test/bench/results/latest.json; docs/performance.md's table rewritten`);
  console.log(resultsTable([results]));
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
