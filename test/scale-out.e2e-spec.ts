import { join } from 'node:path';
import { OwnKafka, OwnPostgres, requireEnv, type LoadMessage } from '@atalaya/testing';
import { differences, faultStream, noDifferences, type Differences } from './faults/compare';
import { runStack, type History } from './faults/fault-run';

/**
 * Two instances each of ingest, engine and dispatcher in their consumer groups; one of each SIGKILLed
 * mid-stream and left down. Their partitions move to the survivors, which take up the series from
 * PostgreSQL, and the history is the one a single instance of each writes.
 */
const SIGNALS = 6000;
const RATE = 300;
const log = (line: string) => process.stderr.write(`scale-out: ${line}\n`);

describe('scaled out to two instances of each service', () => {
  let kafka: OwnKafka | undefined;
  let postgres: OwnPostgres | undefined;
  let messages: LoadMessage[];
  let scaled: History;
  let diff: Differences;

  beforeAll(async () => {
    const dir = join(requireEnv('ATALAYA_RUN_DIR'), `scale-out-${Date.now().toString(36)}`);
    kafka = await OwnKafka.start(join(dir, 'broker'));
    postgres = await OwnPostgres.start(join(dir, 'postgres'));
    const stream = faultStream(SIGNALS, 2028);
    messages = stream.messages;
    const infra = { kafka, postgres };
    const settings = { shape: stream.shape, messages, rate: RATE, log };
    const single = await runStack(infra, { ...settings, name: 'single', dir: join(dir, 'single'), plan: [] });
    scaled = await runStack(infra, {
      ...settings,
      name: 'scaled',
      dir: join(dir, 'scaled'),
      instances: 2,
      plan: [{ at: Math.round((SIGNALS / RATE) * 400), kind: 'kill-instances' }],
    });
    diff = differences(single, scaled, messages);
  }, 600_000);

  afterAll(async () => {
    await kafka?.stop().catch(() => undefined);
    await postgres?.stop().catch(() => undefined);
  });

  it('lost one instance of each service mid-stream, and the survivors ran on without a restart', () => {
    expect(scaled.struck.map((f) => f.kind)).toEqual(['kill-instances']);
    expect([scaled.selfExits, scaled.livenessRestarts]).toEqual([0, 0]);
  });

  it('ends with the history of a single instance of each: nothing lost, doubled or changed', () => {
    expect(scaled.alertEvents.size).toBeGreaterThan(0);
    expect(diff).toEqual(noDifferences(diff));
  });
});
