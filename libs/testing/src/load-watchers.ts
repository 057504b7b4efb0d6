import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AlertEvent } from '@atalaya/contracts';
import type { Admin, Consumer, Kafka } from 'kafkajs';
import { Webhook } from 'standardwebhooks';

/** One alert event as it was read off `atalaya.alerts`: when it was written there, and what it was about. */
export interface SeenEvent {
  /** The message's timestamp: when the engine's relay produced it, in epoch milliseconds. */
  readonly at: number;
  readonly seriesKey: string;
  readonly day: string;
  readonly body: string;
}

/**
 * Reads `atalaya.alerts` from the start as any consumer of it would, and keeps the first sighting of each
 * event id, and each body seen under it, so that a doubled event or two bodies under one id show.
 */
export class AlertsWatcher {
  readonly first = new Map<string, SeenEvent>();
  readonly bodies = new Map<string, Set<string>>();
  messages = 0;
  private consumer?: Consumer;

  async start(kafka: Kafka, topic: string): Promise<void> {
    const consumer = kafka.consumer({ groupId: `load-alerts-${Date.now()}`, maxWaitTimeInMs: 100 });
    this.consumer = consumer;
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    const joined = new Promise<void>((r) => consumer.on(consumer.events.GROUP_JOIN, () => r()));
    await consumer.run({
      eachBatch: ({ batch }) => {
        for (const m of batch.messages) {
          const at = Number(m.timestamp);
          const body = m.value?.toString() ?? '';
          const event = JSON.parse(body) as AlertEvent;
          this.messages += 1;
          this.bodies.set(event.eventId, (this.bodies.get(event.eventId) ?? new Set()).add(body));
          if (!this.first.has(event.eventId)) {
            this.first.set(event.eventId, {
              at,
              seriesKey: event.seriesKey,
              day: event.evidence.period.start,
              body,
            });
          }
        }
        return Promise.resolve();
      },
    });
    await joined;
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
  }
}

/** The partner's webhook endpoint: verifies each signature and keeps the first arrival of each event. */
export class WebhookReceiver {
  /** When each event first arrived, in epoch milliseconds. */
  readonly firstAt = new Map<string, number>();
  /** Every body received under each idempotency key (`webhook-id`). */
  readonly bodiesById = new Map<string, Set<string>>();
  unverified = 0;
  private server?: Server;

  constructor(private readonly webhook: Webhook) {}

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const at = Date.now();
        res.writeHead(this.take(Buffer.concat(chunks).toString(), req.headers, at) ? 204 : 401).end();
      });
    });
    await new Promise<void>((r) => this.server?.listen(0, '127.0.0.1', r));
    return `http://127.0.0.1:${(this.server?.address() as AddressInfo).port}/hook`;
  }

  stop(): Promise<void> {
    this.server?.closeAllConnections();
    return new Promise((r) => (this.server ? this.server.close(() => r()) : r()));
  }

  private take(body: string, headers: IncomingHttpHeaders, at: number): boolean {
    const flat = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, String(v)]));
    try {
      this.webhook.verify(body, flat);
    } catch {
      this.unverified += 1;
      return false;
    }
    const id = flat['webhook-id'];
    this.bodiesById.set(id, (this.bodiesById.get(id) ?? new Set()).add(body));
    const notification = JSON.parse(body) as { alerts: { event: { eventId: string } }[] };
    for (const { event } of notification.alerts) {
      if (!this.firstAt.has(event.eventId)) this.firstAt.set(event.eventId, at);
    }
    return true;
  }
}

export type EndOffsets = ReadonlyMap<string, ReadonlyMap<number, string>>;

/** The end offset of every partition of `topics`, once all was produced. */
export async function endOffsets(admin: Admin, topics: readonly string[]): Promise<EndOffsets> {
  const ends = new Map<string, Map<number, string>>();
  for (const topic of topics) {
    ends.set(topic, new Map((await admin.fetchTopicOffsets(topic)).map((p) => [p.partition, p.high])));
  }
  return ends;
}

/** Whether a consumer group has committed up to `ends` on every partition. */
export async function caughtUp(admin: Admin, groupId: string, ends: EndOffsets): Promise<boolean> {
  const committed = await admin.fetchOffsets({ groupId, topics: [...ends.keys()] });
  return committed.every(({ topic, partitions }) =>
    partitions.every((p) => {
      const end = ends.get(topic)?.get(p.partition) ?? '0';
      return end === '0' || BigInt(p.offset) >= BigInt(end);
    }),
  );
}

/** Messages a consumer group has yet to commit, summed over `ends`' partitions. */
export async function lagOf(admin: Admin, groupId: string, ends: EndOffsets): Promise<number> {
  const committed = await admin.fetchOffsets({ groupId, topics: [...ends.keys()] });
  let lag = 0n;
  for (const { topic, partitions } of committed) {
    for (const p of partitions) {
      const end = BigInt(ends.get(topic)?.get(p.partition) ?? '0');
      const at = BigInt(p.offset) < 0n ? 0n : BigInt(p.offset);
      if (end > at) lag += end - at;
    }
  }
  return Number(lag);
}
