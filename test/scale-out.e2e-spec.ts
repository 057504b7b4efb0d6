import { noDifferences, type Differences } from './faults/compare';
import type { History } from './faults/fault-run';
import { ownInfrastructure, runTwice, type OwnInfrastructure } from './faults/two-runs';

/**
 * Two instances each of ingest, engine and dispatcher in their consumer groups; one of each SIGKILLed
 * mid-stream and left down. Their partitions move to the survivors, which take up the series from
 * PostgreSQL, and the history is the one a single instance of each writes.
 */
const SIGNALS = 6000;
const RATE = 300;
const log = (line: string) => process.stderr.write(`scale-out: ${line}\n`);

describe('scaled out to two instances of each service', () => {
  let infra: OwnInfrastructure | undefined;
  let scaled: History;
  let diff: Differences;

  beforeAll(async () => {
    infra = await ownInfrastructure('scale-out');
    ({ faulted: scaled, diff } = await runTwice(infra, {
      signals: SIGNALS,
      seed: 2028,
      rate: RATE,
      log,
      clean: 'single',
      faulted: {
        name: 'scaled',
        instances: 2,
        plan: [{ at: Math.round((SIGNALS / RATE) * 400), kind: 'kill-instances' }],
      },
    }));
  }, 600_000);

  afterAll(() => infra?.stop());

  it('lost one instance of each service mid-stream, and the survivors ran on without a restart', () => {
    expect(scaled.struck.map((f) => f.kind)).toEqual(['kill-instances']);
    expect([scaled.selfExits, scaled.livenessRestarts]).toEqual([0, 0]);
  });

  it('ends with the history of a single instance of each: nothing lost, doubled or changed', () => {
    expect(scaled.alertEvents.size).toBeGreaterThan(0);
    expect(diff).toEqual(noDifferences(diff));
  });
});
