import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadReference } from '@atalaya/reference/files';
import { repoRoot, runCli } from '@atalaya/testing';
import { parseCatalogue } from '@atalaya/triggers';

const root = repoRoot();
const dir = mkdtempSync(join(tmpdir(), 'atalaya-calibration-'));
const reference = loadReference(join(root, 'deploy/catalogue'));
/** The CLI as an operator runs it from the repository root, the project's own catalogue in force. */
const cli = (...args: string[]) =>
  runCli({ ATALAYA_CATALOGUE: join(root, 'deploy/catalogue/triggers.yaml') }, ...args);

describe('atalaya triggers propose --recalibrate, triggers diff and backtest --walk-forward (built CLI)', () => {
  const proposal = join(dir, 'recalibration-2024-01.yaml');

  it('writes a proposal of new versions from the five years before 2024 and shows its backtest diff', async () => {
    const run = await cli('triggers', 'propose', '--recalibrate', '--as-of', '2024-01', '--out', proposal);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(`6 new versions written to ${proposal} (4 triggers not recalibrated)`);
    expect(run.stdout).toMatch(/^darien-crossings-surge@3 → @4: \d+ gained, \d+ lost, \d+ moved$/m);
    const { triggers } = parseCatalogue(readFileSync(proposal, 'utf8'), proposal, reference);
    expect(triggers.map((t) => [t.id, t.version, t.status, t.effective?.from])).toContainEqual([
      'darien-crossings-surge',
      4,
      'proposed',
      '2024-01-01',
    ]);
    expect(triggers.find((t) => t.id === 'darien-crossings-surge')?.agreedBy).toEqual(['PAN']);
    expect(readFileSync(proposal, 'utf8')).toContain('watch 29000 (p75 29722; was 18000)');
  });

  it('gives a proposal written by hand the same diff, scored on known events when given', async () => {
    const byHand = join(dir, 'by-hand.yaml');
    writeFileSync(
      byHand,
      readFileSync(proposal, 'utf8').replace(
        'above: 29000, clearBelow: 23000',
        'above: 20000, clearBelow: 16000',
      ),
    );
    const run = await cli(
      'triggers',
      'diff',
      byHand,
      '--known-events',
      join(root, 'deploy/demo/known-events.yaml'),
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^darien-crossings-surge@3 → @4: .*; known events: hits/m);
  });

  it('refuses a proposal that breaks level order or names an unknown state, at file and line', async () => {
    const text = readFileSync(proposal, 'utf8');
    const disordered = join(dir, 'disordered.yaml');
    writeFileSync(
      disordered,
      text.replace('above: 48000, clearBelow: 38000', 'above: 10000, clearBelow: 8000'),
    );
    const unknown = join(dir, 'unknown.yaml');
    const unknownText = text.replace('agreedBy: [ PAN ]', 'agreedBy: [ XYZ ]');
    writeFileSync(unknown, unknownText);
    const line = unknownText.split('\n').findIndex((l) => l.includes('agreedBy: [ XYZ ]')) + 1;
    const [order, state] = await Promise.all([
      cli('triggers', 'diff', disordered),
      cli('triggers', 'diff', unknown),
    ]);
    expect(order.code).not.toBe(0);
    expect(order.stderr).toMatch(
      /disordered\.yaml:\d+:\d+: triggers\.0\.levels: levels must be listed from the lowest/,
    );
    expect(state.code).not.toBe(0);
    expect(state.stderr).toMatch(
      new RegExp(`unknown\\.yaml:${line}:\\d+: triggers\\.0\\.agreedBy\\.0: XYZ is not a reporting state`),
    );
  });

  it('walks the default catalogue forward year by year and meets the targets of 2023–2025 out of sample', async () => {
    const run = await cli(
      'backtest',
      '--walk-forward',
      'yearly',
      '--known-events',
      join(root, 'deploy/demo/known-events.yaml'),
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^2023 +8 +\d+ +\d+ +\d+ /m);
    const targets = run.stdout
      .slice(run.stdout.indexOf('targets:'))
      .split('\n')
      .filter((l) => /^ {2}(met|NOT)/.test(l));
    expect(targets).toHaveLength(3);
    expect(targets.every((l) => l.startsWith('  met'))).toBe(true);
  });

  it('refuses a cadence other than yearly', async () => {
    const run = await cli('backtest', '--walk-forward', 'monthly');
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain('recalibrated "yearly", each January');
  });
});
