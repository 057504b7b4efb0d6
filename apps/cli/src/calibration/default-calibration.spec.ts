import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '@atalaya/testing';
import { loadReference } from '@atalaya/reference/files';
import {
  parseCatalogue,
  parseKnownEvents,
  recalibrate,
  scoreBacktest,
  scoreDrops,
  walkForward,
  type Trigger,
} from '@atalaya/triggers';
import { judge } from '../backtest/targets';
import { historyFromManifest } from '../backtest/history';

const root = repoRoot();
const { triggers } = parseCatalogue(
  readFileSync(join(root, 'deploy/catalogue/triggers.yaml'), 'utf8'),
  'triggers.yaml',
);
const withoutNote = ({ note: _note, ...o }: { note?: string }) => o;
const history = historyFromManifest(join(root, 'deploy/catalogue/backtest.yaml'));

describe('the recalibration method on the default catalogue', () => {
  const run = recalibrate(triggers, history, '2023-01');

  it('reads 2018–2022 as of January 2023', () => {
    expect(run.window).toEqual({ from: '2018-01-01', until: '2023-01-01' });
  });

  it('gives back every calibrated trigger of the default catalogue unchanged: it is the method that set them', () => {
    const calibrated = [
      'darien-crossings-surge',
      'honduras-entries-surge',
      'mexico-presentations-surge',
      'southwest-border-encounters-surge',
      'movement-quarter-high',
      'darien-north-corridor',
    ];
    expect(run.proposals.map((p) => p.triggerId)).toEqual(calibrated);
    for (const p of run.proposals) {
      expect({
        id: p.triggerId,
        levels: p.to.levels,
        overrides: p.to.overrides.map(withoutNote),
        condition: p.to.condition,
      }).toEqual({
        id: p.triggerId,
        levels: p.from.levels,
        overrides: p.from.overrides.map(withoutNote),
        condition: p.from.condition,
      });
      expect(p.changed).toBe(false);
    }
  });

  it('proposes each as the next version, in force from the as-of month once adopted', () => {
    const darien = run.proposals.find((p) => p.triggerId === 'darien-crossings-surge');
    expect(darien?.to).toMatchObject({ version: 4, status: 'proposed', effective: { from: '2023-01-01' } });
  });

  it('says why it leaves the others alone', () => {
    expect(Object.fromEntries(run.skipped.map((s) => [s.triggerId, [s.reason, s.calibrates]]))).toEqual({
      'transit-arrivals-surge': ['0 measures in the window, fewer than the 24 needed', true],
      'asylum-applications-sustained-rise': [
        'the method does not calibrate rate_of_change conditions',
        false,
      ],
      'shelter-saturation': ['the method does not calibrate ratio conditions', false],
      'reporter-silent': ['the method does not calibrate no_data conditions', false],
    });
  });

  it('moves the levels with the history: as of 2024 the Darién’s emergency level rises with 2023', () => {
    const later = recalibrate(triggers, history, '2024-01');
    const darien = later.proposals.find((p) => p.triggerId === 'darien-crossings-surge');
    expect(darien?.changed).toBe(true);
    const emergency = (t: (typeof triggers)[number] | undefined) =>
      t?.levels.find((l) => l.name === 'emergency')?.above;
    expect(emergency(darien?.to)).toBeGreaterThan(emergency(darien?.from) as number);
  });
});

describe('the walk forward of the default catalogue over 2018–2025', () => {
  const known = parseKnownEvents(
    readFileSync(join(root, 'deploy/demo/known-events.yaml'), 'utf8'),
    'known-events.yaml',
  );
  const reference = loadReference(join(root, 'deploy/catalogue'));
  const steps = (id: string) => reference.corridors.find((c) => c.id === id)?.steps;
  const years = [2019, 2020, 2021, 2022, 2023, 2024, 2025];
  const walk = walkForward(triggers, history, years, steps);
  const scoring = scoreBacktest(walk.backtest, known, { maxLeadMonths: 6, watched: walk.watched });
  const rank = (id: string, level: string) =>
    triggers.find((t) => t.id === id)?.levels.findIndex((l) => l.name === level) ?? -1;
  const drops = scoreDrops(walk.backtest, known, walk.watched, rank);

  it('runs 2023 under the default catalogue itself, the method giving back its levels as of that January', () => {
    const y2023 = walk.years.find((y) => y.year === 2023);
    const levels = (ts: readonly Trigger[]) =>
      ts.filter((t) => t.condition.type === 'threshold').map((t) => [t.id, t.levels.map((l) => l.above)]);
    expect(levels(y2023?.catalogue ?? [])).toEqual(levels(triggers));
  });

  it('meets the targets of 2023–2025 out of sample (docs/catalogue.md, "Walk forward")', () => {
    const targets = judge(walk.watched, scoring, drops, known, 2025);
    expect(targets.map((t) => [t.target, t.met, t.detail])).toEqual(
      targets.map((t) => [t.target, true, t.detail]),
    );
  });
});
