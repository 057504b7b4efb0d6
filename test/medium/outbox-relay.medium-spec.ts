import {
  createProducer,
  enqueueOutbox,
  OutboxRelay,
  provisionTopics,
  type MessageProducer,
} from '@atalaya/messaging';
import {
  databaseForSuite,
  eventually,
  kafkaForSuite,
  readMessages,
  type SuiteDatabase,
  type TestKafka,
} from '@atalaya/testing';
import pino from 'pino';

/** Long enough that a row published within a test was published by a kick, never by the poll. */
const NEVER_MS = 600_000;

describe('OutboxRelay on the real broker and database', () => {
  let kafka: TestKafka;
  let db: SuiteDatabase;
  let producer: MessageProducer;
  let topicCount = 0;

  beforeAll(async () => {
    [kafka, db] = await Promise.all([kafkaForSuite('relay'), databaseForSuite('relay')]);
    producer = createProducer(kafka.kafka);
    await producer.connect();
  });

  afterAll(async () => {
    await producer?.disconnect();
    await db?.drop();
  });

  async function freshTopic(): Promise<string> {
    topicCount += 1;
    const topic = `${kafka.prefix}relayed-${topicCount}`;
    const admin = kafka.kafka.admin();
    await admin.connect();
    try {
      await provisionTopics(admin, [{ topic, numPartitions: 1, configEntries: [] }]);
    } finally {
      await admin.disconnect();
    }
    return topic;
  }

  const enqueue = (topic: string, keys: readonly string[]) =>
    db.dataSource.transaction((em) =>
      enqueueOutbox(
        em,
        keys.map((key) => ({ topic, key, payload: JSON.stringify({ key }) })),
      ),
    );

  const unpublished = async (topic: string) => {
    const [row] = await db.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM outbox WHERE topic = $1 AND published_at IS NULL`,
      [topic],
    );
    return row.n;
  };

  it('publishes committed rows in the order they were written, marks them, and leaves none at stop', async () => {
    const topic = await freshTopic();
    const keys = Array.from({ length: 1_234 }, (_, i) => `k${i}`);
    await enqueue(topic, keys);
    const relay = new OutboxRelay(db.dataSource, producer, pino({ level: 'silent' }), undefined, NEVER_MS);
    relay.start();
    try {
      const seen = await readMessages(kafka.kafka, topic, (s) => s.length >= keys.length);
      expect(seen.map((m) => m.key?.toString())).toEqual(keys);
      await eventually('every row marked published', async () =>
        (await unpublished(topic)) === 0 ? true : undefined,
      );
    } finally {
      await relay.stop();
    }
  });

  it('publishes rows committed while a drain runs at once, not at the next poll', async () => {
    const topic = await freshTopic();
    const relay = new OutboxRelay(db.dataSource, producer, pino({ level: 'silent' }), undefined, NEVER_MS);
    relay.start();
    try {
      // Each commit kicks the relay, as the engine does; most kicks land while the last one's drain runs,
      // which may have read the outbox before the commit.
      const keys: string[] = [];
      for (let i = 0; i < 60; i += 1) {
        const batch = [`w${i}a`, `w${i}b`];
        await enqueue(topic, batch);
        keys.push(...batch);
        relay.kick();
      }
      await eventually(
        'every row kicked out, without waiting for the poll',
        async () => ((await unpublished(topic)) === 0 ? true : undefined),
        15_000,
      );
      const seen = await readMessages(kafka.kafka, topic, (s) => s.length >= keys.length);
      expect(seen.map((m) => m.key?.toString())).toEqual(keys);
    } finally {
      await relay.stop();
    }
  });
});
