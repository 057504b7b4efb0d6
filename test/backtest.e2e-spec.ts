import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { loadReference } from '@atalaya/reference/files';
import {
  databaseForSuite,
  eventually,
  kafkaForSuite,
  repoRoot,
  serviceEnv,
  startServiceProcess,
  type ServiceProcess,
  type SuiteDatabase,
  type TestKafka,
} from '@atalaya/testing';
import {
  backtest,
  lastReceipt,
  parseCatalogue,
  parseReceivedAfter,
  silenceWatches,
  type SilenceReplay,
  type Trigger,
} from '@atalaya/triggers';
import { alertLine } from '../apps/cli/src/alert-line';
import { chartLibrary } from '../apps/cli/src/backtest/chart';
import { historyFromManifest } from '../apps/cli/src/backtest/history';
import type { BacktestReport } from '../apps/cli/src/backtest/report';

const root = repoRoot();
const run = promisify(execFile);
const FEED = resolve(root, 'deploy/demo/feed.yaml');

/** `atalaya backtest` as an operator runs it, from the repository root. */
async function backtestCli(args: readonly string[], env: NodeJS.ProcessEnv = {}) {
  return run(process.execPath, ['dist/apps/cli/src/main.js', 'backtest', ...args], {
    cwd: root,
    env: { ...process.env, ...env },
    maxBuffer: 64 * 1024 * 1024,
  });
}

const reference = loadReference(resolve(root, 'deploy/catalogue'));

/** What the pure evaluator raises over the demo history: what the command must report. */
function expectedOver(triggers: readonly Trigger[], silence?: SilenceReplay) {
  return backtest(
    triggers,
    historyFromManifest(FEED),
    (id) => reference.corridors.find((c) => c.id === id)?.steps,
    silence,
  );
}

/** A catalogue of fixed levels, so the scores below do not move when the default catalogue is recalibrated. */
const CATALOGUE = `
triggers:
  - id: darien-surge
    version: 1
    title: Darién crossings
    scope: { indicators: [irregular_crossings], reporters: [PAN], places: [darien] }
    condition: { type: threshold }
    levels:
      - { name: watch, above: 10000, clearBelow: 7500, severity: Moderate }
      - { name: warning, above: 25000, clearBelow: 20000, severity: Severe }
      - { name: emergency, above: 50000, clearBelow: 40000, severity: Extreme }
  - id: honduras-surge
    version: 3
    title: Honduras entries
    shadow: true
    scope: { indicators: [irregular_entries], reporters: [HND] }
    condition: { type: threshold }
    levels:
      - { name: watch, above: 10000, clearBelow: 7500, severity: Moderate }
      - { name: warning, above: 30000, clearBelow: 25000, severity: Severe }
  - id: route-surge
    version: 1
    title: The Darién and the southwest border at once
    scope: { indicators: [irregular_crossings, encounters], places: [darien, southwest_border] }
    condition:
      type: corridor_composite
      corridor: darien_north
      windowDays: 62
      members:
        - { place: darien, indicator: irregular_crossings, above: 25000 }
        - { place: southwest_border, indicator: encounters, above: 200000 }
    levels:
      - { name: watch, above: 2, severity: Moderate }
  - id: silent
    version: 1
    title: Silent reporters
    scope: { indicators: [irregular_crossings] }
    condition: { type: no_data }
    levels:
      - { name: watch, above: 2, severity: Minor }
`;

const KNOWN_EVENTS = `
events:
  - id: darien-2021
    title: Haitian movement through the Darién
    series: { reporter: PAN, place: darien }
    from: 2021-07
    to: 2021-10
    source: Panama SNM
  - id: darien-2022
    title: Venezuelan surge through the Darién
    series: { place: darien }
    from: 2022-09
    to: 2022-10
    source: Panama SNM
  - id: darien-2023
    title: Record months in the Darién
    series: { place: darien }
    from: 2023-08
    to: 2023-10
    source: Panama SNM
  - id: honduras-2022
    title: Venezuelan transit through Honduras
    series: { reporter: HND, indicator: irregular_entries }
    from: 2022-08
    to: 2022-11
    source: Honduras INM
  - id: route-2022
    title: Along the route
    triggers: [route-surge]
    from: 2022-08
    to: 2022-11
    source: Panama SNM and CBP
  - id: route-2023
    title: Along the route, again
    triggers: [route-surge]
    from: 2023-07
    to: 2023-12
    source: Panama SNM and CBP
  - id: mexico-2019
    title: Mexican enforcement peak
    series: { reporter: MEX }
    from: 2019-06
    to: 2019-06
    source: UPM
  - id: honduras-2025
    title: Entries into Honduras, January 2025
    series: { reporter: HND, indicator: irregular_entries }
    from: 2025-01
    to: 2025-01
    source: Honduras INM
`;

describe('atalaya backtest', () => {
  const work = mkdtempSync(join(tmpdir(), 'atalaya-backtest-'));
  const catalogue = join(work, 'catalogue.yaml');
  const known = join(work, 'known-events.yaml');
  writeFileSync(catalogue, CATALOGUE);
  writeFileSync(known, KNOWN_EVENTS);

  afterAll(() => rmSync(work, { recursive: true, force: true }));

  describe('the default catalogue over the demo history', () => {
    const defaultCatalogue = resolve(root, 'deploy/catalogue/triggers.yaml');
    const { triggers } = parseCatalogue(readFileSync(defaultCatalogue, 'utf8'), defaultCatalogue);
    const expected = expectedOver(triggers);

    it('reports in JSON exactly what the engine’s evaluator raises, derived triggers included, in time order', async () => {
      const { stdout } = await backtestCli(['--json']);
      const report = JSON.parse(stdout) as BacktestReport;
      expect(report).toMatchObject({ history: 'deploy/demo/feed.yaml', observations: 377 });
      expect(report.events).toEqual(expected.events);
      expect(report.activity).toEqual(expected.activity);
      const starts = report.events.map((e) => e.evidence.period.start);
      expect(starts).toEqual([...starts].sort());
      const derived = triggers.filter((t) => t.condition.type === 'corridor_composite').map((t) => t.id);
      expect(derived.length).toBeGreaterThan(0);
      expect(report.events.some((e) => derived.includes(e.trigger.id))).toBe(true);
    });

    it('prints the alert table, every event in the engine’s line format, and activations per year', async () => {
      const { stdout, stderr } = await backtestCli([]);
      const lines = stdout.split('\n');
      expect(lines[0]).toBe(
        'backtest of deploy/catalogue/triggers.yaml over 377 observations from deploy/demo/feed.yaml',
      );
      expect(lines.slice(2, 2 + expected.events.length)).toEqual(expected.events.map(alertLine));
      expect(stdout).toMatch(/^trigger +events( +\d{4})+$/m);
      expected.activity.forEach((a) =>
        expect(stdout).toMatch(
          new RegExp(`^${a.triggerId}@${a.version}${a.shadow ? ' \\(shadow\\)' : ''} +${a.events} `, 'm'),
        ),
      );
      expect(stderr).toBe('');
    });

    it('writes a self-contained HTML chart: Chart.js inlined, one chart per series, every alert marked', async () => {
      const chart = join(work, 'chart.html');
      const { stderr } = await backtestCli(['--chart', chart]);
      const html = readFileSync(chart, 'utf8');
      expect(html).toContain(chartLibrary());
      expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)=/i);
      const series = [
        'HND/irregular_entries/HND/-/-',
        'MEX/irregular_migrants_presented/MEX/-/-',
        'PAN/irregular_crossings/PAN/-/darien',
        'USA/encounters/USA/-/southwest_border',
        'corridor/darien_north',
      ];
      expect([...html.matchAll(/<h2>([^<]+)<\/h2>/g)].map((m) => m[1])).toEqual(series);
      expect(html.match(/<canvas id="chart-\d+"/g)).toHaveLength(series.length);
      expected.events.forEach((e) => expect(html).toContain(e.eventId));
      const data = /<script type="application\/json" id="atalaya-chart-data">(.*?)<\/script>/s.exec(
        html,
      )?.[1];
      const charts = JSON.parse(data ?? '[]') as { seriesKey: string; marks: { points: unknown[] }[] }[];
      expect(charts.map((c) => [c.seriesKey, c.marks.flatMap((m) => m.points).length])).toEqual(
        series.map((key) => [key, expected.events.filter((e) => e.seriesKey === key).length]),
      );
      expect(stderr).toBe(`chart of ${series.length} series written to ${chart}\n`);
    });

    it('scores the demo’s known events', async () => {
      const { stdout } = await backtestCli(['--json', '--known-events', 'deploy/demo/known-events.yaml']);
      const { scoring } = JSON.parse(stdout) as BacktestReport;
      expect(scoring?.triggers.map((t) => t.triggerId)).toEqual(triggers.map((t) => t.id));
      scoring?.triggers.forEach((t) => expect(t.hits.length + t.misses.length).toBe(t.knownEvents));
      expect(scoring?.triggers.find((t) => t.triggerId === 'darien-north-corridor')?.knownEvents).toBe(2);
    });
  });

  describe('a fixed catalogue scored against known events', () => {
    it('gives per trigger warnings, hits, misses, false alarms and lead times in JSON, an escalation counting as a warning', async () => {
      const { stdout } = await backtestCli(['--catalogue', catalogue, '--known-events', known, '--json']);
      const report = JSON.parse(stdout) as BacktestReport;
      expect(report.unevaluated).toEqual([{ triggerId: 'silent', version: 1, shadow: false }]);
      const scores = report.scoring?.triggers.map((t) => ({
        trigger: t.triggerId,
        warnings: t.warnings,
        hits: t.hits.map((h) => [h.id, h.warning.type, h.warning.periodStart, h.leadDays, h.leadMonths]),
        misses: t.misses.map((m) => [m.id, m.inForce?.raised ?? null]),
        falseAlarms: t.falseAlarms.map((f) => [f.type, f.periodStart, f.seriesKey]),
        lead: [t.medianLeadDays, t.meanLeadDays, t.medianLeadMonths, t.meanLeadMonths],
      }));
      expect(scores).toEqual([
        {
          trigger: 'darien-surge',
          warnings: 8,
          hits: [
            ['darien-2021', 'firing', '2021-06-01', 30, 1],
            ['darien-2022', 'firing', '2022-05-01', 123, 4],
            // The alert raised 2022-05 was still in force: its escalation to warning is the warning.
            ['darien-2023', 'escalated', '2023-03-01', 153, 5],
          ],
          misses: [],
          falseAlarms: [['escalated', '2024-09-01', 'PAN/irregular_crossings/PAN/-/darien']],
          lead: [123, 102, 4, 10 / 3],
        },
        {
          trigger: 'honduras-surge',
          warnings: 3,
          hits: [['honduras-2022', 'firing', '2022-04-01', 122, 4]],
          misses: [['honduras-2025', '2022-04-01']],
          falseAlarms: [['escalated', '2023-07-01', 'HND/irregular_entries/HND/-/-']],
          lead: [122, 122, 4, 4],
        },
        {
          trigger: 'route-surge',
          warnings: 3,
          hits: [
            ['route-2022', 'firing', '2022-08-01', 0, 0],
            ['route-2023', 'firing', '2023-04-01', 91, 3],
          ],
          misses: [],
          falseAlarms: [['firing', '2021-08-01', 'corridor/darien_north']],
          lead: [45.5, 45.5, 1.5, 1.5],
        },
        {
          trigger: 'silent',
          warnings: 0,
          hits: [],
          misses: [],
          falseAlarms: [],
          lead: [null, null, null, null],
        },
      ]);
      expect(report.scoring?.unscored.map((u) => u.id)).toEqual(['mexico-2019']);
    });

    it('prints the same scores as a table a person reads', async () => {
      const { stdout } = await backtestCli(['--catalogue', catalogue, '--known-events', known]);
      expect(stdout).toMatch(/^trigger +known +hits +misses +false alarms +median lead +mean lead$/m);
      expect(stdout).toMatch(
        /^darien-surge@1 +3 +3 +0 +1 +123 days \(4 months\) +102 days \(3\.3 months\)$/m,
      );
      expect(stdout).toMatch(/^honduras-surge@3 \(shadow\) +2 +1 +1 +1 +122 days \(4 months\) +122 days/m);
      expect(stdout).toMatch(/^route-surge@1 +2 +2 +0 +1 +45\.5 days/m);
      expect(stdout).toMatch(/^2022-04 FIRING +watch .* honduras-surge@3 .*\(shadow: not dispatched\)$/m);
      expect(stdout).toMatch(
        /^darien-surge@1 +hit +darien-2023: escalated 2023-03 \(warning\), 153 days \(5 months\) ahead/m,
      );
      expect(stdout).toMatch(
        /^honduras-surge@3 \(shadow\) +miss +honduras-2025: no warning .*: the alert raised 2022-04 was still in force \(watch\) when it began, and rose no higher$/m,
      );
      expect(stdout).toMatch(
        /^route-surge@1 +false alarm +fired 2021-08 \(watch\) on corridor\/darien_north$/m,
      );
      expect(stdout).toMatch(
        /^darien-surge@1 +false alarm +escalated 2024-09 \(warning\) on PAN\/irregular_crossings\/PAN\/-\/darien$/m,
      );
      expect(stdout).toMatch(/^not evaluated: silent@1: .* --received-after <ISO 8601 duration>/m);
      expect(stdout).toMatch(/^not scored:\n {2}mexico-2019 /m);
    });

    it('runs the no-data trigger with --received-after, on the receipt times it gives, as the evaluator does', async () => {
      const { stdout } = await backtestCli(['--catalogue', catalogue, '--received-after', 'P15D', '--json']);
      const report = JSON.parse(stdout) as BacktestReport;
      const { triggers } = parseCatalogue(CATALOGUE, catalogue);
      const receivedAfter = parseReceivedAfter('P15D');
      const until = lastReceipt(historyFromManifest(FEED), receivedAfter) ?? '';
      const expected = expectedOver(triggers, {
        watches: silenceWatches({ triggers }, reference),
        receivedAfter,
        until,
      });
      expect(report.unevaluated).toEqual([]);
      expect(report.clock).toEqual({ receivedAfter: 'P15D', until: '2025-06-16T00:00:00.000Z' });
      expect(report.events).toEqual(expected.events);
      expect(report.activity).toEqual(expected.activity);
      // Panama's figures of April and May 2020 are missing: March's arrives 2020-04-16, June's 2020-07-16.
      expect(
        report.events
          .filter((e) => e.trigger.id === 'silent')
          .map((e) => [e.type, e.seriesKey, e.evidence.period.start, e.evidence.period.end]),
      ).toEqual([
        ['firing', 'silence/PAN', '2020-04-16', '2020-06-16'],
        ['resolved', 'silence/PAN', '2020-04-16', '2020-07-16'],
      ]);
    });

    it('points at the file and line of each problem in a known-events file', async () => {
      const bad = join(work, 'bad-known-events.yaml');
      writeFileSync(
        bad,
        KNOWN_EVENTS.replace('from: 2022-09', 'from: 2022-13').replace('to: 2023-10', 'to: 2023-07'),
      );
      const failure = await backtestCli(['--catalogue', catalogue, '--known-events', bad]).then(
        () => undefined,
        (e: { code: number; stderr: string }) => e,
      );
      expect(failure?.code).toBe(1);
      const escaped = bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      expect(failure?.stderr).toMatch(
        new RegExp(`^  - ${escaped}:12:11: events\\.1\\.from: must be a month`, 'm'),
      );
      expect(failure?.stderr).toMatch(
        new RegExp(`^  - ${escaped}:19:9: events\\.2\\.to: to is before from$`, 'm'),
      );
    });

    it('shows a progress bar on a terminal, and nothing on stderr in a pipe', async () => {
      const command = `node dist/apps/cli/src/main.js backtest --catalogue '${catalogue}' > /dev/null`;
      const { stdout: terminal } = await run('script', ['-qec', command, '/dev/null'], { cwd: root });
      expect(terminal).toContain('] 0/4 triggers');
      const { stderr } = await backtestCli(['--catalogue', catalogue]);
      expect(stderr).toBe('');
    });
  });

  describe('--from-db', () => {
    let t: TestKafka;
    let db: SuiteDatabase;
    let services: ServiceProcess[] = [];

    beforeAll(async () => {
      t = await kafkaForSuite('backtest');
      db = await databaseForSuite('backtest');
      const env = serviceEnv(t, db.url);
      services = await Promise.all([startServiceProcess('ingest', env), startServiceProcess('engine', env)]);
      await run(process.execPath, ['dist/apps/cli/src/main.js', 'replay', FEED, '--month-ms', '0'], {
        cwd: root,
        env: { ...process.env, ...env },
      });
      await eventually(
        'the 377 observations of the demo feed stored',
        async () => {
          const [{ n }] = await db.dataSource.query<{ n: number }[]>(
            'SELECT count(*)::int AS n FROM observations',
          );
          return n >= 377 ? n : undefined;
        },
        60000,
      );
    });

    afterAll(async () => {
      await Promise.all(services.map((s) => s.stop()));
      await db?.drop();
    });

    it('gives over the stored observations exactly what it gives over the file they came from', async () => {
      const [fromDb, fromFile] = await Promise.all([
        backtestCli(['--from-db', '--catalogue', catalogue, '--known-events', known, '--json'], {
          DATABASE_URL: db.url,
        }),
        backtestCli(['--catalogue', catalogue, '--known-events', known, '--json']),
      ]);
      const stored = JSON.parse(fromDb.stdout) as BacktestReport;
      const file = JSON.parse(fromFile.stdout) as BacktestReport;
      expect(stored.history).toBe(
        `the database ${new URL(db.url).pathname.slice(1)} on ${new URL(db.url).host}`,
      );
      expect(stored.history).not.toContain('postgres@');
      expect({ ...stored, history: file.history }).toEqual(file);
      expect(stored.events.length).toBeGreaterThan(20);
    });

    it('refuses a history file and --from-db together', async () => {
      const failure = await backtestCli(['deploy/demo/feed.yaml', '--from-db'], {
        DATABASE_URL: db.url,
      }).then(
        () => undefined,
        (e: { code: number; stderr: string }) => e,
      );
      expect(failure?.code).toBe(1);
      expect(failure?.stderr).toContain(
        'give either a history file (deploy/demo/feed.yaml) or --from-db, not both',
      );
    });
  });
});
