import { spawnSync } from 'node:child_process';
import { repoRoot } from './repo-root';

export interface PromtoolResult {
  readonly status: number | null;
  /** What promtool printed, stdout and stderr together: empty when it found nothing to say. */
  readonly output: string;
}

/** Runs Prometheus's promtool from the repository root, with `input` on its standard input. */
export function promtool(args: readonly string[], input?: string): PromtoolResult {
  const run = spawnSync('promtool', args, { cwd: repoRoot(), input, encoding: 'utf8' });
  if (run.error) {
    throw new Error(
      `promtool could not run (${run.error.message}): install it with \`bash deploy/local/test-tools.sh\``,
    );
  }
  return { status: run.status, output: `${run.stdout}${run.stderr}`.trim() };
}
