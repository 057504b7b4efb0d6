import { resolve } from 'node:path';
import { deadLetterOrigin, reporterSchema, type AlertEvent } from '@atalaya/contracts';
import { ApiKeysRepository } from '@atalaya/persistence';
import { createProducer } from '@atalaya/messaging';
import {
  databaseForSuite,
  eventually,
  expectedAlerts,
  kafkaForSuite,
  readMessages,
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
import type { KafkaMessage } from 'kafkajs';
import { loadFeed } from '../apps/cli/src/feed';

const root = resolve(__dirname, '..');

/**
 * SIGTERM drains a service: it stops fetching, finishes the batch in hand, commits its offsets, publishes
 * what that batch left in the outbox, closes and exits 0. The demo feed goes through ingest and the engine
 * while both are stopped that way mid-stream and started again; nothing may be lost or doubled: every
 * signal stored once, every alert event published once and as the pure evaluator gives it. An observation
 * that breaks its contract, put on the topic ahead of the feed, ends on the dead-letter topic while
 * everything after it is processed.
 */
describe('SIGTERM drains every service mid-stream, and a restart resumes with no duplicate effect', () => {
  let t: TestKafka;
  let db: SuiteDatabase;
  let env: NodeJS.ProcessEnv;
  let ingest: ServiceProcess;
  let engine: ServiceProcess;
  let alerts: TopicReader<AlertEvent>;
  const signals = loadFeed(resolve(root, 'deploy/demo/feed.yaml'));
  const { events: expected, perSeries } = expectedAlerts(signals);

  const count = async (sql: string) => {
    const [{ n }] = await db.dataSource.query<{ n: number }[]>(sql);
    return n;
  };
  const stops: { name: string; code: number | null; unpublished: number; output: string }[] = [];
  let storedAtStop = 0;

  async function drain(service: ServiceProcess): Promise<void> {
    const code = await service.stop();
    stops.push({
      name: service.name,
      code,
      unpublished: await count(`SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL`),
      output: service.output(),
    });
  }

  beforeAll(async () => {
    t = await kafkaForSuite('drain');
    db = await databaseForSuite('drain');
    env = serviceEnv(t, db.url);
    const producer = createProducer(t.kafka);
    await producer.connect();
    await producer.send({
      topic: t.topics.observations,
      messages: [
        { key: 'PAN/poison', value: '{"signalId":"not-an-observation"}', headers: { origin: 'drain-test' } },
      ],
    });
    await producer.disconnect();
    [ingest, engine] = await startPipeline(env);
    alerts = await TopicReader.start(t.kafka, t.topics.alerts);
    const replay = replayDemoFeed(env);
    await midStream(alerts, expected.length, 'the stop');
    await Promise.all([drain(ingest), drain(engine)]);
    storedAtStop = await count(`SELECT count(*)::int AS n FROM observations`);
    [ingest, engine] = await startPipeline(env);
    await replay;
  });

  afterAll(async () => {
    await alerts?.stop();
    await Promise.all([ingest?.stop(), engine?.stop()]);
    await db?.drop();
  });

  it('stopped both mid-stream with exit 0, after draining, with the outbox flushed', () => {
    // Both were stopped at once: in whichever order they finished.
    expect(stops.map((s) => [s.name, s.code]).sort()).toEqual([
      ['engine', 0],
      ['ingest', 0],
    ]);
    for (const s of stops) {
      expect(s.output).toContain(`${s.name} stopping: draining the batch in hand and the outbox`);
      expect(s.output).toContain(`"msg":"${s.name} stopped"`);
    }
    expect(stops.find((s) => s.name === 'engine')?.unpublished).toBe(0);
    expect(storedAtStop).toBeGreaterThan(0);
    expect(storedAtStop).toBeLessThan(signals.length);
  });

  it('stores every signal once after the restart and sets the malformed observation aside', async () => {
    await eventually('every signal stored', async () =>
      (await count(`SELECT count(*)::int AS n FROM observations`)) === signals.length ? true : undefined,
    );
    const dead = await readMessages(
      t.kafka,
      t.topics.deadLetter(t.topics.observations),
      (seen) => seen.length > 0,
    );
    expect(await messagesOn(t, t.topics.deadLetter(t.topics.observations))).toBe(1);
    expect(dead[0].value?.toString()).toBe('{"signalId":"not-an-observation"}');
    expect(dead[0].headers?.origin?.toString()).toBe('drain-test');
    expect(deadLetterOrigin(dead[0].headers ?? {})).toMatchObject({
      topic: t.topics.observations,
      offset: '0',
      attempts: 1,
      group: `${t.prefix}atalaya-engine`,
    });
    const onTopic = await messagesOn(t, t.topics.observations);
    expect(onTopic).toBe(signals.length + dead.length);
  });

  it('publishes each alert event once, the evaluator’s for every per-series trigger', async () => {
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
    await new Promise((r) => setTimeout(r, 1000));
    const ids = alerts.messages.map((m) => m.value.eventId);
    expect(ids.length).toBe(new Set(ids).size);
    expect(ids.length).toBe(await count(`SELECT count(*)::int AS n FROM alert_events`));
  });

  it('drains the gateway mid-stream: what it accepted is on its topic, and resends after the restart double nothing', async () => {
    const { secret } = await new ApiKeysRepository().issue(
      db.dataSource.manager,
      reporterSchema.parse('PAN'),
      'drain e2e',
    );
    const signal = (i: number) => ({
      signalId: `drain-gw-${i}`,
      reporter: 'PAN',
      indicator: 'arrivals_transit',
      location: { country: 'PAN', place: 'lajas_blancas' },
      period: { start: `${1900 + i}-01-01`, end: `${1900 + i}-01-31` },
      value: 100 + i,
    });
    const post = (url: string, i: number) =>
      fetch(`${url}/v1/signals`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${secret}` },
        body: JSON.stringify(signal(i)),
      }).then(
        async (res) => ({
          code: res.status,
          status: ((await res.json()) as { results: { status: string }[] }).results[0]?.status,
        }),
        () => ({ code: 0, status: 'refused' }),
      );
    const total = 60;
    let gateway = await startServiceProcess('gateway', env);
    const answered = new Map<number, { code: number; status: string }>();
    let stopping: Promise<number | null> | undefined;
    for (let i = 0; i < total; i += 1) {
      if (i === 20) stopping = gateway.stop();
      answered.set(i, await post(gateway.url, i));
    }
    expect(await stopping).toBe(0);
    expect(gateway.output()).toContain('"msg":"gateway stopped"');
    const accepted = [...answered].filter(([, a]) => a.status === 'accepted').map(([i]) => i);
    const refused = [...answered].filter(([, a]) => a.status === 'refused').map(([i]) => i);
    expect(accepted.length).toBeGreaterThanOrEqual(20);
    expect(refused.length).toBeGreaterThan(0);
    expect(accepted.length + refused.length).toBe(total);
    const ours = (seen: readonly KafkaMessage[]) =>
      new Set(
        seen.map((m) => /"signalId":"(drain-gw-\d+)"/.exec(m.value?.toString() ?? '')?.[1]).filter(Boolean),
      );
    const published = ours(
      await readMessages(t.kafka, t.topics.signals('PAN'), (seen) => ours(seen).size >= accepted.length),
    );
    expect([...published].sort()).toEqual(accepted.map((i) => `drain-gw-${i}`).sort());

    gateway = await startServiceProcess('gateway', env);
    try {
      for (const i of refused) expect(await post(gateway.url, i)).toEqual({ code: 202, status: 'accepted' });
      const stored = () =>
        count(`SELECT count(*)::int AS n FROM observations WHERE signal_id LIKE 'drain-gw-%'`);
      await eventually('every gateway signal stored', async () =>
        (await stored()) === total ? true : undefined,
      );
      for (const i of accepted.slice(0, 5)) {
        expect(await post(gateway.url, i)).toEqual({ code: 202, status: 'duplicate' });
      }
      await new Promise((r) => setTimeout(r, 1000));
      expect(await stored()).toBe(total);
    } finally {
      expect(await gateway.stop()).toBe(0);
    }
  });
});

async function messagesOn(t: TestKafka, topic: string): Promise<number> {
  const admin = t.kafka.admin();
  await admin.connect();
  try {
    const offsets = await admin.fetchTopicOffsets(topic);
    return offsets.reduce((n, p) => n + Number(p.high) - Number(p.low), 0);
  } finally {
    await admin.disconnect();
  }
}
