import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { signalSchema, seriesKeyOf } from '@atalaya/contracts';
import { createProducer } from '@atalaya/messaging';
import { loadTopicMessages, type LoadMessage, type TestKafka } from '@atalaya/testing';
import type { Kafka } from 'kafkajs';
import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

/** Messages handed to kafkajs per send, and the senders working at once, each on its own states' topics. */
const SEND_CHUNK = 2000;
const SENDERS = 4;

/**
 * Produces the messages to their states' topics with `acks=all`, as the states would: `SENDERS` senders at
 * once, each for its own states and one send at a time, so that every topic gets its messages in order.
 * Messages per second.
 */
export async function produceAll(t: TestKafka, messages: readonly LoadMessage[]): Promise<number> {
  const producer = createProducer(t.kafka);
  await producer.connect();
  try {
    const reporters = [...new Set(messages.map((m) => m.reporter))];
    const started = performance.now();
    await Promise.all(
      Array.from({ length: SENDERS }, async (_, k) => {
        const mine = new Set(reporters.filter((_, i) => i % SENDERS === k));
        const own = messages.filter((m) => mine.has(m.reporter));
        for (let from = 0; from < own.length; from += SEND_CHUNK) {
          await producer.sendBatch({
            acks: -1,
            topicMessages: loadTopicMessages(t, own.slice(from, from + SEND_CHUNK)),
          });
        }
      }),
    );
    return (messages.length / (performance.now() - started)) * 1000;
  } finally {
    await producer.disconnect();
  }
}

/** A bare kafkajs consumer reading `count` messages of `topics` from the start; messages per second. */
export async function consumeAll(kafka: Kafka, topics: readonly string[], count: number): Promise<number> {
  const consumer = kafka.consumer({ groupId: `bench-raw-${Date.now()}`, maxWaitTimeInMs: 100 });
  await consumer.connect();
  await consumer.subscribe({ topics: [...topics], fromBeginning: true });
  let seen = 0;
  let first = 0;
  const last = await new Promise<number>((resolve) => {
    void consumer.run({
      eachBatch: ({ batch }) => {
        if (first === 0) first = performance.now();
        seen += batch.messages.length;
        if (seen >= count) resolve(performance.now());
        return Promise.resolve();
      },
    });
  });
  await consumer.disconnect();
  return (count / (last - first)) * 1000;
}

const COPY_BATCH = 5000;

/** A text-format COPY field: tabs, newlines and backslashes escaped, null as `\N`. */
const field = (v: string | number | null): string =>
  v === null ? '\\N' : String(v).replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n');

/**
 * PostgreSQL's ceiling for storing the load's well-formed signals once each, idempotently and durably: each
 * batch of `COPY_BATCH` is copied into a staging table, then `INSERT … ON CONFLICT DO NOTHING` into a table
 * with the columns, keys and indexes of `observations`, and committed (with the server's `fsync` and
 * `synchronous_commit` as they are). Parsing the JSON is left out: this is the write alone, the physical
 * limit every pipeline storing each accepted signal once meets. Signals per second, re-sends counted.
 */
export async function durableWriteCeiling(
  databaseUrl: string,
  messages: readonly LoadMessage[],
): Promise<number> {
  const rows = messages.flatMap((m) => {
    if (m.kind === 'bad') return [];
    const s = signalSchema.parse(JSON.parse(m.value));
    return [
      [
        s.signalId,
        seriesKeyOf(s),
        s.reporter,
        s.indicator,
        s.location.country,
        s.location.place ?? null,
        s.period.start,
        s.period.end,
        s.value,
        new Date().toISOString(),
        `atalaya.signals.${s.reporter}`,
        0,
        0,
        s.revision,
        s.quality,
      ]
        .map(field)
        .join('\t'),
    ];
  });
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(`CREATE TABLE bench_ceiling (LIKE observations INCLUDING ALL)`);
    await client.query(`CREATE UNLOGGED TABLE bench_ceiling_staging (LIKE observations INCLUDING DEFAULTS)`);
    const columns = `signal_id, series_key, reporter, indicator, country, place, period_start, period_end, value,
      received_at, source_topic, source_partition, source_offset, revision, quality`;
    const started = performance.now();
    for (let from = 0; from < rows.length; from += COPY_BATCH) {
      await client.query('BEGIN');
      await pipeline(
        Readable.from([`${rows.slice(from, from + COPY_BATCH).join('\n')}\n`]),
        client.query(copyFrom(`COPY bench_ceiling_staging (${columns}) FROM STDIN`)),
      );
      await client.query(
        `INSERT INTO bench_ceiling (${columns}) SELECT ${columns} FROM bench_ceiling_staging
         ON CONFLICT (signal_id) DO NOTHING`,
      );
      await client.query('TRUNCATE bench_ceiling_staging');
      await client.query('COMMIT');
    }
    const perSecond = (rows.length / (performance.now() - started)) * 1000;
    const [{ n }] = (await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM bench_ceiling`)).rows;
    const distinct = new Set(messages.flatMap((m) => (m.kind === 'bad' ? [] : [m.value]))).size;
    if (n !== distinct)
      throw new Error(`durable-write ceiling stored ${n} rows of ${distinct} distinct signals`);
    return perSecond;
  } finally {
    await client.query('DROP TABLE IF EXISTS bench_ceiling, bench_ceiling_staging').catch(() => undefined);
    await client.end();
  }
}
