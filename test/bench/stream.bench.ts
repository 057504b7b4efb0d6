import { writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import type { AlertEvent } from '@atalaya/contracts';
import { createProducer } from '@atalaya/messaging';
import { ApiKeysRepository, createDataSource } from '@atalaya/persistence';
import {
  eventually,
  kafkaForSuite,
  openSse,
  requireEnv,
  serviceEnv,
  startServiceProcess,
  type ServiceProcess,
  type SseConnection,
} from '@atalaya/testing';
import type { Kafka } from 'kafkajs';
import type { DataSource } from 'typeorm';
import { darienEvent } from '../../libs/cap/src/testing/cap.fixtures';

/**
 * Fan-out of the live stream: `CLIENTS` analysts connected to one real gateway process, `EVENTS` alert
 * events at `RATE` a second, each recorded in alert_events as the engine records it and then produced to
 * `atalaya.alerts`; the time from the produce to each client's receipt of the event, shown under the
 * sharing policies and audited, next to a bare kafkajs consumer of the same events in the same run. The
 * ratio is the figure: absolute times depend on the machine.
 */
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 200);
const RATE = Number(process.env.BENCH_RATE ?? 2);
const EVENTS = Number(process.env.BENCH_EVENTS ?? 40);
const DRAIN_MS = 60000;

interface Latency {
  readonly samples: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
}

/** Percentile by nearest rank, in milliseconds. */
function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

const round = (n: number): number => Math.round(n * 10) / 10;

function latencyOf(values: number[]): Latency {
  const sorted = values.sort((a, b) => a - b);
  return {
    samples: sorted.length,
    p50: round(percentile(sorted, 50)),
    p99: round(percentile(sorted, 99)),
    max: round(sorted[sorted.length - 1] ?? Number.NaN),
  };
}

const sleepUntil = (t: number) => new Promise((r) => setTimeout(r, Math.max(0, t - performance.now())));

const benchEvent = (i: number): AlertEvent =>
  darienEvent({ alertId: `bench-stream-${i}`, eventId: `bench-stream-${i}/firing` });

/** Records the event as the engine does, so that the gateway finds its seq when the message arrives. */
async function record(dataSource: DataSource, e: AlertEvent): Promise<void> {
  await dataSource.query(
    `INSERT INTO alert_events (event_id, alert_id, type, level, trigger_id, trigger_version, series_key, event, recorded_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, now())`,
    [e.eventId, e.alertId, e.type, e.level, e.trigger.id, e.trigger.version, e.seriesKey, JSON.stringify(e)],
  );
}

/** A bare kafkajs consumer of the alerts topic, with the gateway's fetch wait (250 ms). */
async function rawConsumer(kafka: Kafka, topic: string, seen: Map<string, number>) {
  const consumer = kafka.consumer({ groupId: `bench-stream-raw-${Date.now()}`, maxWaitTimeInMs: 250 });
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  const fetched = new Promise<void>((r) => consumer.on(consumer.events.FETCH, () => r()));
  await consumer.run({
    eachBatch: ({ batch }) => {
      const at = performance.now();
      for (const m of batch.messages) {
        const id = (JSON.parse(m.value?.toString() ?? '{}') as AlertEvent).eventId;
        if (!seen.has(id)) seen.set(id, at);
      }
      return Promise.resolve();
    },
  });
  await fetched;
  return consumer;
}

async function main(): Promise<void> {
  const databaseUrl = requireEnv('DATABASE_URL');
  const t = await kafkaForSuite('benchstream');
  const dataSource = createDataSource(databaseUrl);
  await dataSource.initialize();
  const producer = createProducer(t.kafka);
  await producer.connect();
  let gateway: ServiceProcess | undefined;
  const clients: SseConnection[] = [];
  try {
    gateway = await startServiceProcess('gateway', serviceEnv(t, databaseUrl));
    const { secret } = await new ApiKeysRepository().issueKey(
      dataSource.manager,
      { role: 'analyst', recipientId: 'technical_secretariat' },
      'stream bench',
    );
    const receivedAt = new Map<string, number>();
    for (let c = 0; c < CLIENTS; c++) {
      clients.push(
        await openSse(`${gateway.url}/v1/stream`, { authorization: `Bearer ${secret}` }, (e) => {
          if (e.event !== 'alert') return;
          const { event } = JSON.parse(e.data) as { event: AlertEvent };
          receivedAt.set(`${event.eventId}|${c}`, performance.now());
        }),
      );
    }
    const consumedAt = new Map<string, number>();
    const raw = await rawConsumer(t.kafka, t.topics.alerts, consumedAt);
    const loadAtStart = round(loadavg()[0]);

    const producedAt = new Map<string, number>();
    const start = performance.now() + 100;
    for (let i = 0; i < EVENTS; i++) {
      const event = benchEvent(i);
      await sleepUntil(start + (i * 1000) / RATE);
      await record(dataSource, event);
      producedAt.set(event.eventId, performance.now());
      await producer.send({
        topic: t.topics.alerts,
        acks: -1,
        messages: [{ key: event.alertId, value: JSON.stringify(event) }],
      });
    }
    const expected = EVENTS * CLIENTS;
    await eventually(
      `every client to receive every event (${expected})`,
      () => (receivedAt.size >= expected ? true : undefined),
      DRAIN_MS,
    ).catch((err: unknown) =>
      process.stderr.write(`bench: ${(err as Error).message}; reporting what arrived\n`),
    );
    await raw.disconnect();

    const elapsed = (seen: Map<string, number>, key: (id: string) => string[]) =>
      [...producedAt].flatMap(([id, at]) =>
        key(id).flatMap((k) => {
          const got = seen.get(k);
          return got === undefined ? [] : [got - at];
        }),
      );
    const stream = latencyOf(elapsed(receivedAt, (id) => clients.map((_, c) => `${id}|${c}`)));
    const kafkajs = latencyOf(elapsed(consumedAt, (id) => [id]));
    const result = {
      clients: CLIENTS,
      events: EVENTS,
      eventsPerSecond: RATE,
      cores: availableParallelism(),
      loadAverage1m: { atStart: loadAtStart, atEnd: round(loadavg()[0]) },
      latencyMs: {
        rawKafkajsConsume: kafkajs,
        streamToEveryClient: stream,
        streamToRawP99Ratio: Number((stream.p99 / kafkajs.p99).toPrecision(3)),
      },
      received: { got: receivedAt.size, expected },
    };
    writeFileSync('dist/bench/stream.json', `${JSON.stringify(result, null, 2)}\n`);
    const row = (name: string, l: Latency) =>
      `  ${name.padEnd(52)}${[l.p50, l.p99, l.max, l.samples].map((v) => String(v).padStart(9)).join('')}`;
    console.log(
      [
        `stream: ${CLIENTS} analysts connected to one gateway, ${EVENTS} alert events at ${RATE}/s`,
        `  machine: ${result.cores} cores, 1-minute load average ${result.loadAverage1m.atStart} at the start, ` +
          `${result.loadAverage1m.atEnd} at the end`,
        `  ${'latency, ms'.padEnd(52)}${['p50', 'p99', 'max', 'samples'].map((h) => h.padStart(9)).join('')}`,
        row('raw kafkajs consumer: produce → consume', kafkajs),
        row('live stream: produce → every client', stream),
        `  stream p99 / raw p99: ${result.latencyMs.streamToRawP99Ratio}; received ${receivedAt.size} of ${expected}`,
      ].join('\n'),
    );
  } finally {
    await Promise.all(clients.map((c) => c.close()));
    await gateway?.stop();
    await producer.disconnect();
    await dataSource.destroy();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
