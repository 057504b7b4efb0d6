import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { join, resolve } from 'node:path';
import { eventually } from './eventually';
import { freePort } from './free-port';
import { repoRoot } from './repo-root';

const root = repoRoot();

/**
 * The V8 heap a service runs in, as deploy/local/services.sh starts it (decision 0023): `ATALAYA_HEAP_MB`
 * megabytes of old space, 128 unless told.
 */
const heapBudget = () => `--max-old-space-size=${process.env.ATALAYA_HEAP_MB ?? '128'}`;

export interface ServiceProcess {
  readonly name: string;
  readonly url: string;
  readonly pid: number;
  readonly output: () => string;
  /** Settles with the exit code (null after a signal) when the process ends, however it ends. */
  readonly exited: Promise<number | null>;
  /** Prometheus text from /metrics. */
  metrics(): Promise<string>;
  /** SIGTERM, then the exit code; a clean shutdown is 0. */
  stop(): Promise<number | null>;
  /** SIGKILL: a crash, with no chance to finish the batch or close anything. */
  kill(): Promise<void>;
}

/**
 * Runs a built service (`dist/apps/<name>`) as its own process, the way it runs in production, and waits
 * until its /health/ready answers 200. `nodeArgs` go to node before the script, e.g. `--cpu-prof`.
 */
export async function startServiceProcess(
  name: 'ingest' | 'engine' | 'gateway' | 'dispatcher',
  env: NodeJS.ProcessEnv,
  nodeArgs: readonly string[] = [],
): Promise<ServiceProcess> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [heapBudget(), ...nodeArgs, resolve(root, `dist/apps/${name}/src/main.js`)],
    {
      cwd: root,
      env: { ...process.env, ...env, [`${name.toUpperCase()}_PORT`]: String(port), LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const log = logFile(name, child.pid ?? 0);
  const keep = (d: Buffer) => {
    output += d.toString();
    log?.write(d);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<number | null>((r) =>
    child.once('exit', (code) => {
      log?.end();
      r(code);
    }),
  );
  const url = `http://127.0.0.1:${port}`;
  try {
    await eventually(`${name} to report healthy`, async () => {
      if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}:\n${output}`);
      const res = await fetch(`${url}/health/ready`);
      return res.ok ? true : undefined;
    });
  } catch (e) {
    child.kill('SIGKILL');
    throw new Error(`${(e as Error).message}\n--- ${name} output ---\n${output}`);
  }
  return {
    name,
    url,
    pid: child.pid ?? 0,
    output: () => output,
    exited,
    metrics: async () => (await fetch(`${url}/metrics`)).text(),
    stop: () => signal(child, 'SIGTERM', exited),
    kill: async () => void (await signal(child, 'SIGKILL', exited)),
  };
}

/**
 * Where a service's output also goes: `$ATALAYA_RUN_DIR/logs/<service>-<pid>.log`, so that the log scan at
 * the end of the run (test/logs.scan-spec.ts) reads everything every suite's services wrote.
 */
function logFile(name: string, pid: number): WriteStream | undefined {
  const runDir = process.env.ATALAYA_RUN_DIR;
  if (!runDir) return undefined;
  mkdirSync(join(runDir, 'logs'), { recursive: true });
  return createWriteStream(join(runDir, 'logs', `${name}-${pid}.log`), { flags: 'a' });
}

async function signal(
  child: ChildProcess,
  sig: NodeJS.Signals,
  exited: Promise<number | null>,
): Promise<number | null> {
  if (child.exitCode === null && child.signalCode === null) child.kill(sig);
  return exited;
}

/** The sum of the samples of `name` in Prometheus text whose labels include all of `labels`. */
export function metricValue(text: string, name: string, labels: Record<string, string> = {}): number {
  return text
    .split('\n')
    .filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `))
    .filter((line) => Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`)))
    .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
}
