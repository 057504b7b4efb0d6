import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Backtest } from '@atalaya/triggers';
import { repoRoot } from '@atalaya/testing';

const run = promisify(execFile);

/** `atalaya backtest` as an operator runs it: the default catalogue over the demo's real history. */
describe('atalaya backtest', () => {
  it('reports every alert the catalogue would have raised on the demo history, in time order', async () => {
    const { stdout } = await run(process.execPath, ['dist/apps/cli/src/main.js', 'backtest', '--json'], {
      cwd: repoRoot(),
    });
    const result = JSON.parse(stdout) as Backtest;
    expect(result.observations).toBe(377);
    const starts = result.events.map((e) => e.evidence.period.start);
    expect(starts).toEqual([...starts].sort());
    expect(result.events[0]).toMatchObject({
      type: 'firing',
      trigger: { id: 'darien-crossings-surge' },
      evidence: { value: 10267, period: { start: '2021-06-01' } },
    });
    expect(result.activity.map((a) => [a.triggerId, a.events, a.firingsByYear])).toEqual([
      ['darien-crossings-surge', 15, { '2021': 1, '2022': 1 }],
      ['honduras-entries-surge', 6, { '2022': 1 }],
    ]);
  });

  it('prints a table a person reads', async () => {
    const { stdout } = await run(process.execPath, ['dist/apps/cli/src/main.js', 'backtest'], {
      cwd: repoRoot(),
    });
    expect(stdout).toMatch(/^2021-06 FIRING +watch/m);
    expect(stdout).toMatch(/^darien-crossings-surge@1 +15 +1 +1$/m);
  });
});
