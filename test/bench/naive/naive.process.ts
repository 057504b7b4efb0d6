import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { repoRoot } from '@atalaya/testing';
import { residentKbOf } from '../proc';

const STOP_GRACE_MS = 10000;
const RSS_EVERY_MS = 200;
const KEPT_LINES = 40;

export interface NaiveProcess {
  /** When (performance.now()) the process said it handled its first message. */
  readonly firstMessage: Promise<number>;
  /** Throws, with the process's last lines, if it has exited. */
  assertRunning(): void;
  /** The peak resident set size so far, in MB. */
  peakRssMb(): number;
  /** SIGTERM, then SIGKILL if it has not exited within the grace. */
  stop(): Promise<void>;
}

/** Starts the built baseline (`npm run bench:naive` builds it) as its own process. */
export function startNaiveProcess(env: NodeJS.ProcessEnv): NaiveProcess {
  const root = repoRoot();
  const child = spawn(process.execPath, [resolve(root, 'dist/bench/test/bench/naive/main.js')], {
    cwd: root,
    // The first-message line is at info.
    env: { ...process.env, ...env, LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const keep = (line: string) => {
    lines.push(line);
    if (lines.length > KEPT_LINES) lines.shift();
  };
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const failure = () =>
    new Error(
      `the naive baseline exited (code ${child.exitCode}, signal ${child.signalCode}); its last lines:\n` +
        lines.join('\n'),
    );
  const firstMessage = new Promise<number>((resolveFirst, reject) => {
    createInterface({ input: child.stdout }).on('line', (line) => {
      keep(line);
      if (line.includes('"msg":"first message processed"')) resolveFirst(performance.now());
    });
    void exited.then(() => reject(failure()));
  });
  createInterface({ input: child.stderr }).on('line', keep);
  const rss = sampleRss(child.pid ?? 0);

  return {
    firstMessage,
    assertRunning: () => {
      if (child.exitCode !== null || child.signalCode !== null) throw failure();
    },
    peakRssMb: rss.peakMb,
    stop: async () => {
      rss.stop();
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const grace = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
      await exited;
      clearTimeout(grace);
    },
  };
}

function sampleRss(pid: number): { peakMb: () => number; stop: () => void } {
  let peakKb = 0;
  const sample = () => {
    // Gone between two samples: the peak stays what it was.
    peakKb = Math.max(peakKb, residentKbOf(pid) ?? 0);
  };
  sample();
  const timer = setInterval(sample, RSS_EVERY_MS);
  return { peakMb: () => peakKb / 1024, stop: () => clearInterval(timer) };
}
