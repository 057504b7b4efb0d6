import { resolve } from 'node:path';
import type { AlertEvent } from '@atalaya/contracts';
import {
  databaseForSuite,
  eventually,
  expectedAlerts,
  kafkaForSuite,
  serviceEnv,
  startServiceProcess,
  TopicReader,
  type ServiceProcess,
  type SuiteDatabase,
  type TestKafka,
  midStream,
  replayDemoFeed,
  startPipeline,
} from '@atalaya/testing';
import { loadFeed } from '../apps/cli/src/feed';

const root = resolve(__dirname, '..');

/** Where each alert finally stands: its last level, or none once resolved; cancelled alerts left out. */
function standing(events: readonly AlertEvent[]): Map<string, string | null> {
  const last = new Map<string, AlertEvent>();
  events.forEach((e) => last.set(e.alertId, e));
  return new Map(
    [...last].filter(([, e]) => e.type !== 'cancelled').map(([id, e]) => [id, e.level] as const),
  );
}

/**
 * The demo feed replayed through Kafka, ingest and the engine, with the engine killed (SIGKILL) in the
 * middle of the stream and started again, must give the alert history the pure evaluator gives over the
 * same months: the same events, ids and content, for every per-series trigger. Ratio and corridor
 * triggers follow whatever part of their member series has arrived, so their interim story depends on how
 * the partitions interleave; where each of their alerts finally stands must still be the evaluator's.
 */
describe('the demo feed through the whole pipeline, with the engine crashing mid-stream', () => {
  let t: TestKafka;
  let db: SuiteDatabase;
  let ingest: ServiceProcess;
  let engine: ServiceProcess;
  let alerts: TopicReader<AlertEvent>;
  const signals = loadFeed(resolve(root, 'deploy/demo/feed.yaml'));
  const { events: expected, perSeries, derived } = expectedAlerts(signals);

  let storedAtCrash = 0;
  const stored = async () => {
    const [{ count }] = await db.dataSource.query<{ count: number }[]>(
      `SELECT count(*)::int AS count FROM observations`,
    );
    return count;
  };

  beforeAll(async () => {
    t = await kafkaForSuite('feed');
    db = await databaseForSuite('feed');
    const env = serviceEnv(t, db.url);
    [ingest, engine] = await startPipeline(env);
    alerts = await TopicReader.start(t.kafka, t.topics.alerts);
    const replay = replayDemoFeed(env);
    await midStream(alerts, expected.length, 'the crash');
    await engine.kill();
    storedAtCrash = await stored();
    engine = await startServiceProcess('engine', env);
    await replay;
  });

  afterAll(async () => {
    await alerts?.stop();
    await Promise.all([ingest?.stop(), engine?.stop()]);
    await db?.drop();
  });

  it('crashed while the feed was still arriving, and stored all of it after the restart', async () => {
    expect(expected.length).toBeGreaterThan(10);
    expect(storedAtCrash).toBeGreaterThan(0);
    expect(storedAtCrash).toBeLessThan(signals.length);
    await eventually('every signal of the feed stored', async () =>
      (await stored()) === signals.length ? true : undefined,
    );
  });

  it('publishes the evaluator’s events of every per-series trigger, ids and content, each once', async () => {
    const want = perSeries(expected);
    const byId = (events: readonly AlertEvent[]) =>
      [...events].sort((a, b) => a.eventId.localeCompare(b.eventId));
    const received = await eventually(
      `${want.length} per-series alert events`,
      () => {
        const unique = new Map(perSeries(alerts.messages.map((m) => m.value)).map((e) => [e.eventId, e]));
        return unique.size >= want.length ? [...unique.values()] : undefined;
      },
      60000,
    );
    expect(byId(received)).toEqual(byId(want));
    for (const m of alerts.messages) {
      if (perSeries([m.value]).length > 0) {
        expect(m.value).toEqual(received.find((e) => e.eventId === m.value.eventId));
      }
    }
  });

  it('publishes every event it records, and only those', async () => {
    const recorded = async () =>
      (await db.dataSource.query<{ event_id: string }[]>(`SELECT event_id FROM alert_events`))
        .map((r) => r.event_id)
        .sort();
    const published = () => [...new Set(alerts.messages.map((m) => m.value.eventId))].sort();
    const seen = await eventually('the outbox to publish every recorded event', async () => {
      const both = { published: published(), recorded: await recorded() };
      return both.published.length === both.recorded.length ? both : undefined;
    });
    expect(seen.published).toEqual(seen.recorded);
  });

  it('leaves every ratio and corridor alert where the evaluator over the whole feed leaves it', async () => {
    const want = standing(derived(expected));
    await eventually('the derived alerts to settle', () => {
      const now = standing(derived(alerts.messages.map((m) => m.value)));
      return JSON.stringify([...now].sort()) === JSON.stringify([...want].sort()) ? true : undefined;
    });
  });
});
