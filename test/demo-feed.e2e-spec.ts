import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { seriesKeyOf, type AlertEvent } from '@atalaya/contracts';
import {
  databaseForSuite,
  eventually,
  kafkaForSuite,
  serviceEnv,
  startServiceProcess,
  TopicReader,
  type ServiceProcess,
  type SuiteDatabase,
  type TestKafka,
} from '@atalaya/testing';
import { evaluateBatch, parseCatalogue, type TriggerState } from '@atalaya/triggers';
import { loadFeed } from '../apps/cli/src/feed';

const root = resolve(__dirname, '..');
const run = promisify(execFile);

/**
 * The demo feed, replayed as fast as the CLI can send it, must give through Kafka, ingest and the engine
 * exactly the alert history the pure evaluator gives over the same months in order: same ids, same content.
 */
describe('the demo feed through the whole pipeline', () => {
  let t: TestKafka;
  let services: ServiceProcess[];
  let alerts: TopicReader<AlertEvent>;
  let db: SuiteDatabase;

  beforeAll(async () => {
    t = await kafkaForSuite('feed');
    db = await databaseForSuite('feed');
    const env = serviceEnv(t, db.url);
    services = await Promise.all([startServiceProcess('ingest', env), startServiceProcess('engine', env)]);
    alerts = await TopicReader.start(t.kafka, t.topics.alerts);
    await run(
      process.execPath,
      ['dist/apps/cli/src/main.js', 'replay', 'deploy/demo/feed.yaml', '--month-ms', '0'],
      {
        cwd: root,
        env: { ...process.env, ...env },
      },
    );
  });

  afterAll(async () => {
    await alerts?.stop();
    await Promise.all((services ?? []).map((s) => s.stop()));
    await db?.drop();
  });

  it('raises the same alert events as the evaluator run offline', async () => {
    const catalogue = parseCatalogue(readFileSync(resolve(root, 'deploy/catalogue/triggers.yaml'), 'utf8'));
    const signals = loadFeed(resolve(root, 'deploy/demo/feed.yaml'));
    const states = new Map<string, TriggerState>();
    const expected = signals.flatMap((s) => {
      const result = evaluateBatch(catalogue.triggers, (id, key) => states.get(`${id}|${key}`), [
        { ...s, seriesKey: seriesKeyOf(s) },
      ]);
      result.changes.forEach((c) => states.set(`${c.trigger.id}|${c.seriesKey}`, c.state));
      return result.events;
    });
    expect(expected.length).toBeGreaterThan(10);

    const received = await eventually(
      `${expected.length} alert events`,
      () => (alerts.messages.length >= expected.length ? alerts.messages.map((m) => m.value) : undefined),
      60000,
    );
    const byId = (events: readonly AlertEvent[]) =>
      [...events].sort((a, b) => a.eventId.localeCompare(b.eventId));
    expect(byId(received)).toEqual(byId(expected));
  });
});
