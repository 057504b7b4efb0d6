import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { repoRoot } from './repo-root';

/** What one run of the operator CLI printed, and its exit code. */
export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** stdout then stderr, for what a person reads in the terminal. */
  readonly out: string;
}

/** Runs the built CLI (`dist/apps/cli/src/main.js`) with these arguments and environment, to its exit. */
export function runCli(env: NodeJS.ProcessEnv, ...args: string[]): Promise<CliRun> {
  const ran = (code: number, stdout: string, stderr: string): CliRun => ({
    code,
    stdout,
    stderr,
    out: stdout + stderr,
  });
  return promisify(execFile)(process.execPath, [resolve(repoRoot(), 'dist/apps/cli/src/main.js'), ...args], {
    env: { ...process.env, ...env },
  }).then(
    (r) => ran(0, r.stdout, r.stderr),
    (e: { code: number; stdout: string; stderr: string }) => ran(e.code, e.stdout, e.stderr),
  );
}
