import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { faultPlan, repoRoot, type FaultCounts } from '@atalaya/testing';
import { lostAndDoubled, noDifferences, type Differences } from './faults/compare';
import type { History } from './faults/fault-run';
import { ownInfrastructure, runTwice, type OwnInfrastructure } from './faults/two-runs';

/**
 * The fault-injection suite (docs/resilience.md): the same stream through the whole stack twice, on a
 * broker and a PostgreSQL of the suite's own, once without faults and once with services SIGKILLed, the
 * broker crashed, PostgreSQL crashed and the services' connections cut at seeded points; the second run's
 * history must be the first's. `ATALAYA_FAULTS=full` (npm run test:faults) is the full run; the suite's
 * own is a reduced one.
 */
const FULL = process.env.ATALAYA_FAULTS === 'full';
const SEED = Number(process.env.ATALAYA_FAULTS_SEED ?? 2026);
const SIZE: { signals: number; rate: number; faults: FaultCounts } = FULL
  ? {
      signals: 100_000,
      // Slow enough that each of the 33 faults has its own eleven seconds: a killed service is back in ten.
      rate: 250,
      faults: { killsPerService: 10, brokerRestarts: 1, postgresRestarts: 1, connectionCuts: 1 },
    }
  : {
      signals: 12_000,
      rate: 300,
      faults: { killsPerService: 2, brokerRestarts: 1, postgresRestarts: 1, connectionCuts: 1 },
    };
const RUN_MS = ((2 * SIZE.signals) / SIZE.rate) * 1000 + 600_000;

const log = (line: string) => process.stderr.write(`faults: ${line}\n`);

describe(`under faults (${FULL ? 'full' : 'reduced'} run, seed ${SEED}), the history of a run without them`, () => {
  let infra: OwnInfrastructure | undefined;
  let faulted: History;
  let diff: Differences;

  beforeAll(async () => {
    infra = await ownInfrastructure('faults');
    const runs = await runTwice(infra, {
      signals: SIZE.signals,
      seed: SEED,
      rate: SIZE.rate,
      log,
      clean: 'clean',
      faulted: { name: 'faulted', plan: faultPlan(SEED, (SIZE.signals / SIZE.rate) * 1000, SIZE.faults) },
    });
    ({ faulted, diff } = runs);
    const { clean } = runs;
    const figures = figuresOf(clean, faulted, diff);
    log(`figures: ${JSON.stringify(figures)}`);
    mkdirSync(join(repoRoot(), 'dist/faults'), { recursive: true });
    writeFileSync(join(repoRoot(), 'dist/faults/figures.json'), `${JSON.stringify(figures, null, 2)}\n`);
  }, RUN_MS);

  afterAll(() => infra?.stop());

  it('struck every planned fault, and no service ended or failed its liveness probe by itself', () => {
    const count = (kind: string) => faulted.struck.filter((f) => f.kind === kind).length;
    expect({
      kills: count('kill-ingest') + count('kill-engine') + count('kill-dispatcher'),
      brokerRestarts: count('restart-broker'),
      postgresRestarts: count('restart-postgres'),
      connectionCuts: count('cut-connections'),
      selfExits: faulted.selfExits,
      livenessRestarts: faulted.livenessRestarts,
    }).toEqual({
      kills: 3 * SIZE.faults.killsPerService,
      brokerRestarts: SIZE.faults.brokerRestarts,
      postgresRestarts: SIZE.faults.postgresRestarts,
      connectionCuts: SIZE.faults.connectionCuts,
      selfExits: 0,
      livenessRestarts: 0,
    });
  });

  it('loses, doubles and changes nothing: observations, alert events, notifications and rejections', () => {
    expect(faulted.alertEvents.size).toBeGreaterThan(0);
    expect(faulted.notifiedEvents.size).toBeGreaterThan(0);
    expect(diff).toEqual(noDifferences(diff));
  });
});

/** The run's figures, as docs/resilience.md reports them. */
function figuresOf(clean: History, faulted: History, diff: Differences) {
  const tally = (kind: string) => faulted.struck.filter((f) => f.kind === kind).length;
  const { lost, doubled, changed } = lostAndDoubled(diff);
  return {
    run: FULL ? 'full' : 'reduced',
    seed: SEED,
    signals: SIZE.signals,
    rate: SIZE.rate,
    kills: {
      ingest: tally('kill-ingest'),
      engine: tally('kill-engine'),
      dispatcher: tally('kill-dispatcher'),
    },
    brokerRestarts: tally('restart-broker'),
    postgresRestarts: tally('restart-postgres'),
    connectionCuts: tally('cut-connections'),
    selfExits: faulted.selfExits,
    livenessRestarts: faulted.livenessRestarts,
    observations: faulted.observations.size,
    alertEvents: faulted.alertEvents.size,
    alertEventsResentOnTopic: [...faulted.onAlertsTopic.values()].reduce((s, n) => s + n - 1, 0),
    rejections: faulted.rejections.size,
    rejectionsResent: faulted.rejectionsResent,
    notificationKeys: faulted.notificationKeys,
    lost,
    doubled,
    changed,
    identical: lost + doubled + changed === 0 && Object.values(diff).every((d) => d.length === 0),
    slowestRecoveryMs: Math.max(0, ...faulted.struck.map((f) => f.tookMs)),
    seconds: { clean: clean.seconds, faulted: faulted.seconds },
  };
}
