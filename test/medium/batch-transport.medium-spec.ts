import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { EventPattern, Payload } from '@nestjs/microservices';
import type { INestMicroservice } from '@nestjs/common';
import { DEAD_LETTER_HEADERS, deadLetterOrigin } from '@atalaya/contracts';
import {
  createProducer,
  type MessageProducer,
  KafkaBatchTransport,
  provisionTopics,
  type ConsumptionOptions,
  type KafkaBatch,
} from '@atalaya/messaging';
import { ServiceMetrics } from '@atalaya/observability';
import { BatchConsumer } from '@atalaya/platform';
import {
  databaseForSuite,
  eventually,
  kafkaForSuite,
  metricValue,
  readMessages,
  repoRoot,
  requireEnv,
  type SuiteDatabase,
  type TestKafka,
} from '@atalaya/testing';
import type { Admin, Consumer, IHeaders, KafkaMessage } from 'kafkajs';
import pino from 'pino';
import { DataSource } from 'typeorm';

const WORK = 'work';

/** What the test's handler does with each batch; each test sets its own. */
@Injectable()
class Work {
  run: (batch: KafkaBatch) => Promise<void> = () => Promise.resolve();
}

@BatchConsumer()
class WorkHandler {
  constructor(private readonly work: Work) {}

  @EventPattern(WORK)
  handle(@Payload() batch: KafkaBatch): Promise<void> {
    return this.work.run(batch);
  }
}

@Module({ controllers: [WorkHandler], providers: [Work] })
class WorkModule {}

interface Consuming {
  readonly transport: KafkaBatchTransport;
  readonly work: Work;
  readonly metrics: ServiceMetrics;
  readonly groupId: string;
  readonly app: INestMicroservice;
}

const text = (m: KafkaMessage) => m.value?.toString() ?? '';

/** The built operator CLI, as an operator runs it. */
async function atalaya(prefix: string, ...args: string[]): Promise<string> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [resolve(repoRoot(), 'dist/apps/cli/src/main.js'), ...args],
    {
      env: { ...process.env, KAFKA_BROKERS: requireEnv('KAFKA_BROKERS'), ATALAYA_TOPIC_PREFIX: prefix },
    },
  );
  return stdout;
}

describe('KafkaBatchTransport on the real broker and database', () => {
  let kafka: TestKafka;
  let admin: Admin;
  let producer: MessageProducer;
  let db: SuiteDatabase;
  const running: Consuming[] = [];
  let topicCount = 0;

  beforeAll(async () => {
    [kafka, db] = await Promise.all([kafkaForSuite('transport'), databaseForSuite('transport')]);
    admin = kafka.kafka.admin();
    producer = createProducer(kafka.kafka);
    await Promise.all([admin.connect(), producer.connect()]);
  });

  afterEach(async () => {
    await Promise.all(running.splice(0).map((c) => c.app.close()));
  });

  afterAll(async () => {
    await Promise.all([admin?.disconnect(), producer?.disconnect()]);
    await db?.drop();
  });

  /** A fresh topic and its dead-letter topic, one partition each unless told otherwise. */
  async function topicPair(numPartitions = 1): Promise<{ topic: string; deadLetter: string }> {
    topicCount += 1;
    const topic = `${kafka.prefix}work-${topicCount}`;
    const deadLetter = kafka.topics.deadLetter(topic);
    await provisionTopics(
      admin,
      [topic, deadLetter].map((t) => ({ topic: t, numPartitions, configEntries: [] })),
    );
    return { topic, deadLetter };
  }

  async function consume(
    topic: string,
    run: Work['run'],
    sessionTimeoutMs?: number,
    consumption: ConsumptionOptions = {},
  ): Promise<Consuming> {
    const groupId = `${topic}-group`;
    const metrics = new ServiceMetrics('transport-test');
    const transport = new KafkaBatchTransport({
      kafka: kafka.kafka,
      groupId,
      topics: { [WORK]: [topic] },
      logger: pino({ level: 'silent' }),
      metrics,
      producer,
      deadLetterTopic: (t) => kafka.topics.deadLetter(t),
      retry: { maxAttempts: 3, backoff: { initialMs: 50, maxMs: 400 } },
      consumption: { maxWaitTimeInMs: 100, ...consumption },
      sessionTimeoutMs,
    });
    const app = await NestFactory.createMicroservice(WorkModule, { strategy: transport, logger: false });
    const work = app.get(Work);
    work.run = run;
    await app.listen();
    const consuming = { transport, work, metrics, groupId, app };
    running.push(consuming);
    return consuming;
  }

  async function send(topic: string, values: string[], headers: IHeaders = {}): Promise<void> {
    await producer.send({ topic, messages: values.map((value, i) => ({ key: `k${i}`, value, headers })) });
  }

  async function committed(groupId: string, topic: string): Promise<string> {
    const [t] = await admin.fetchOffsets({ groupId, topics: [topic] });
    return t.partitions[0].offset;
  }

  it('sets a poison message aside on the dead-letter topic with its metadata, and processes the rest', async () => {
    const { topic, deadLetter } = await topicPair();
    const values = Array.from({ length: 20 }, (_, i) => (i === 7 ? 'poison' : `v${i}`));
    await send(topic, values, { 'correlation-id': 'c-42' });
    const processed: string[] = [];
    const c = await consume(topic, (batch) => {
      if (batch.messages.some((m) => text(m) === 'poison')) {
        return Promise.reject(new Error('cannot evaluate "poison": not a number'));
      }
      processed.push(...batch.messages.map(text));
      return Promise.resolve();
    });

    await eventually('the offsets committed past every message', async () =>
      (await committed(c.groupId, topic)) === '20' ? true : undefined,
    );
    expect(processed).toEqual(values.filter((v) => v !== 'poison'));
    const [dead] = await readMessages(kafka.kafka, deadLetter, (seen) => seen.length >= 1);
    expect(text(dead)).toBe('poison');
    expect(dead.key?.toString()).toBe('k7');
    expect(dead.headers?.['correlation-id']?.toString()).toBe('c-42');
    const origin = deadLetterOrigin(dead.headers ?? {});
    expect(origin).toMatchObject({
      topic,
      partition: 0,
      offset: '7',
      group: c.groupId,
      error: 'Error: cannot evaluate "poison": not a number',
      attempts: 3,
    });
    expect(dead.headers?.[DEAD_LETTER_HEADERS.failedAt]?.toString()).toMatch(/^\d{4}-\d\d-\d\dT/);
    const metrics = await c.metrics.registry.metrics();
    expect(metricValue(metrics, 'atalaya_messages_consumed_total', { outcome: 'processed' })).toBe(19);
    expect(metricValue(metrics, 'atalaya_messages_consumed_total', { outcome: 'dead_lettered' })).toBe(1);
    expect(metricValue(metrics, 'atalaya_dead_letters_total', { topic })).toBe(1);
    expect(metricValue(metrics, 'atalaya_consumer_lag', { topic })).toBe(0);
  });

  it('handles two partitions at once when told to, each in offset order, committing each as it is done', async () => {
    const { topic } = await topicPair(2);
    const values = (partition: number) => Array.from({ length: 30 }, (_, i) => `p${partition}-${i}`);
    await producer.send({
      topic,
      messages: [0, 1].flatMap((partition) => values(partition).map((value) => ({ partition, value }))),
    });
    const seen: Record<number, string[]> = { 0: [], 1: [] };
    let inFlight = 0;
    let together = 0;
    let bothStarted: () => void = () => undefined;
    const started = new Promise<void>((r) => (bothStarted = r));
    const c = await consume(
      topic,
      async (batch) => {
        inFlight += 1;
        together = Math.max(together, inFlight);
        if (inFlight === 2) bothStarted();
        // A batch waits (a while at most) for the other partition's: one at a time, they would not meet.
        await Promise.race([started, new Promise((r) => setTimeout(r, 2000))]);
        seen[batch.partition].push(...batch.messages.map(text));
        inFlight -= 1;
      },
      undefined,
      { partitionsConcurrently: 2 },
    );

    await eventually('both partitions committed to their end', async () => {
      const [t] = await admin.fetchOffsets({ groupId: c.groupId, topics: [topic] });
      return t.partitions.every((p) => p.offset === '30') ? true : undefined;
    });
    expect(together).toBe(2);
    expect(seen).toEqual({ 0: values(0), 1: values(1) });
  });

  it('retries while the database drops its connections mid-batch, commits nothing meanwhile, then loses and doubles nothing', async () => {
    const { topic } = await topicPair();
    await db.dataSource.query('CREATE TABLE effects (value text NOT NULL)');
    const appName = 'transport-medium-effects';
    const effects = new DataSource({
      type: 'postgres',
      url: db.url,
      extra: { max: 2, application_name: appName },
    });
    await effects.initialize();
    let outages = 4;
    let committedDuringOutage: string | undefined;
    const retryingSeen: string[] = [];
    try {
      const values = Array.from({ length: 50 }, (_, i) => `v${i}`);
      await send(topic, values);
      const c = await consume(topic, (batch) =>
        effects.transaction(async (em) => {
          await em.query('INSERT INTO effects (value) SELECT unnest($1::text[])', [batch.messages.map(text)]);
          if (outages > 0) {
            outages -= 1;
            committedDuringOutage ??= await committed(`${topic}-group`, topic);
            const retrying = c.transport.consumerState().retrying;
            if (retrying) retryingSeen.push(retrying.error);
            await db.dataSource.query(
              'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1',
              [appName],
            );
          }
          await em.query('SELECT 1');
        }),
      );

      await eventually('every message processed', async () =>
        (await committed(c.groupId, topic)) === '50' ? true : undefined,
      );
      expect(outages).toBe(0);
      expect(committedDuringOutage).toBe('-1');
      expect(retryingSeen.length).toBeGreaterThan(0);
      expect(retryingSeen[0]).toMatch(/terminat|released/i);
      expect(c.transport.consumerState().retrying).toBeUndefined();
      const rows = await db.dataSource.query<{ value: string; n: string }[]>(
        'SELECT value, count(*) AS n FROM effects GROUP BY value ORDER BY value',
      );
      expect(rows.map((r) => r.value).sort()).toEqual([...values].sort());
      expect(rows.every((r) => r.n === '1')).toBe(true);
      const metrics = await c.metrics.registry.metrics();
      expect(
        metricValue(metrics, 'atalaya_consumer_retries_total', { cause: 'infrastructure' }),
      ).toBeGreaterThanOrEqual(4);
      expect(metricValue(metrics, 'atalaya_consumer_retries_total', { cause: 'message' })).toBe(0);
      expect(metricValue(metrics, 'atalaya_dead_letters_total')).toBe(0);
    } finally {
      await effects.destroy();
    }
  });

  it('keeps its partitions through a batch longer than the session timeout', async () => {
    const { topic } = await topicPair();
    await send(topic, ['slow-1', 'slow-2', 'slow-3']);
    const handled: string[] = [];
    const joins: number[] = [];
    let rebalances = 0;
    const c = await consume(
      topic,
      async (batch) => {
        // Twice the session timeout: without heartbeats during the batch the broker expels the member.
        await new Promise((r) => setTimeout(r, 14000));
        handled.push(...batch.messages.map(text));
      },
      7000,
    );
    const consumer = c.transport.unwrap<Consumer>();
    consumer.on(consumer.events.GROUP_JOIN, () => joins.push(Date.now()));
    consumer.on(consumer.events.REBALANCING, () => (rebalances += 1));

    await eventually(
      'the slow batch committed',
      async () => ((await committed(c.groupId, topic)) === '3' ? true : undefined),
      40000,
    );
    await new Promise((r) => setTimeout(r, 1000));
    expect(handled).toEqual(['slow-1', 'slow-2', 'slow-3']);
    expect(rebalances).toBe(0);
    expect(joins.length).toBeLessThanOrEqual(1);
    expect(c.transport.consumerState().phase).toBe('joined');
  });

  it('lists a dead letter and replays it to its topic once its cause is fixed, as first sent', async () => {
    const { topic, deadLetter } = await topicPair();
    let fixed = false;
    const processed: { value: string; replayedFrom?: string }[] = [];
    const c = await consume(topic, (batch) => {
      if (!fixed && batch.messages.some((m) => text(m) === 'needs-fix')) {
        return Promise.reject(new Error('no rule for "needs-fix" in this version'));
      }
      batch.messages.forEach((m) =>
        processed.push({ value: text(m), replayedFrom: m.headers?.['atalaya-replayed-from']?.toString() }),
      );
      return Promise.resolve();
    });
    await send(topic, ['before', 'needs-fix', 'after'], { 'correlation-id': 'c-7' });
    await eventually('the dead letter written', async () =>
      (await committed(c.groupId, topic)) === '3' ? true : undefined,
    );

    const listed = (await atalaya(kafka.prefix, 'deadletter', 'list', '--topic', topic, '--json'))
      .trim()
      .split('\n')
      .map(
        (l) => JSON.parse(l) as { deadLetterTopic: string; replayed: boolean; value: string; origin: object },
      );
    expect(listed).toEqual([
      expect.objectContaining({
        deadLetterTopic: deadLetter,
        replayed: false,
        value: 'needs-fix',
        origin: expect.objectContaining({ topic, offset: '1', attempts: 3 }) as object,
      }),
    ]);

    fixed = true;
    const dryRun = await atalaya(kafka.prefix, 'deadletter', 'replay', '--dry-run');
    expect(dryRun).toContain(`would replay ${deadLetter}/0@0`);
    expect(processed.map((p) => p.value)).toEqual(['before', 'after']);
    await atalaya(kafka.prefix, 'deadletter', 'replay', '--topic', deadLetter);
    await eventually('the replayed message processed', () => (processed.length === 3 ? true : undefined));
    expect(processed[2]).toEqual({ value: 'needs-fix', replayedFrom: `${deadLetter}/0@0` });
    const [again] = await readMessages(kafka.kafka, topic, (seen) => seen.length >= 4).then((all) =>
      all.filter((m) => m.offset === '3'),
    );
    expect(again.headers?.['correlation-id']?.toString()).toBe('c-7');
    expect(again.key?.toString()).toBe('k1');

    expect((await atalaya(kafka.prefix, 'deadletter', 'list', '--topic', topic, '--json')).trim()).toBe('');
    expect(await atalaya(kafka.prefix, 'deadletter', 'list', '--all')).toContain(
      `${deadLetter}/0@0 [replayed]`,
    );
    await atalaya(kafka.prefix, 'deadletter', 'replay', '--topic', topic);
    await new Promise((r) => setTimeout(r, 500));
    expect(processed).toHaveLength(3);
  });
});
