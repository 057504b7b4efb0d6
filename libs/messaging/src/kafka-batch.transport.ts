import { type CustomTransportStrategy, Server } from '@nestjs/microservices';
import type { Consumer, Kafka, KafkaMessage } from 'kafkajs';
import { isObservable, lastValueFrom } from 'rxjs';
import type { Logger } from 'pino';
import type { ServiceMetrics } from '@atalaya/observability';

/** What a batch handler receives: the messages of one partition, in offset order. */
export interface KafkaBatch {
  readonly topic: string;
  readonly partition: number;
  readonly messages: readonly KafkaMessage[];
  /** Call inside long work: kafkajs only heartbeats between batches otherwise. */
  heartbeat(): Promise<void>;
}

export interface KafkaBatchTransportOptions {
  readonly kafka: Kafka;
  readonly groupId: string;
  /** The topics behind each handler pattern (`@EventPattern(name)`). */
  readonly topics: Readonly<Record<string, readonly string[]>>;
  readonly logger: Logger;
  /** Counts every batch's messages and times it until its offsets are committed. */
  readonly metrics: ServiceMetrics;
  readonly maxWaitTimeInMs?: number;
}

/**
 * A NestJS transport that hands `@EventPattern` handlers whole batches instead of one message at a time,
 * and commits a batch's offsets only after its handler resolved, i.e. after its effects are durable.
 * A handler that throws leaves the offsets where they were: kafkajs retries, then restarts the consumer,
 * and the batch is delivered again (at least once; handlers are idempotent).
 */
export class KafkaBatchTransport extends Server implements CustomTransportStrategy {
  private consumer?: Consumer;

  constructor(private readonly options: KafkaBatchTransportOptions) {
    super();
  }

  async listen(callback: (error?: unknown) => void): Promise<void> {
    try {
      await this.start();
      callback();
    } catch (error) {
      callback(error);
    }
  }

  private async start(): Promise<void> {
    const { kafka, groupId, logger } = this.options;
    const routes = this.routes();
    const consumer = kafka.consumer({
      groupId,
      allowAutoTopicCreation: false,
      maxWaitTimeInMs: this.options.maxWaitTimeInMs ?? 250,
      // A crashed instance's partitions move after this long; heartbeats go out every third of it.
      sessionTimeout: 10000,
      heartbeatInterval: 3000,
    });
    this.consumer = consumer;
    consumer.on(consumer.events.CRASH, ({ payload }) =>
      logger.error({ err: payload.error, restart: payload.restart, groupId }, 'consumer crashed'),
    );
    await consumer.connect();
    await consumer.subscribe({ topics: [...routes.keys()], fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      eachBatch: async (payload) => {
        const { batch } = payload;
        if (batch.messages.length === 0 || !payload.isRunning() || payload.isStale()) return;
        const pattern = routes.get(batch.topic);
        const handler = pattern === undefined ? null : this.getHandlerByPattern(pattern);
        if (!handler) throw new Error(`no handler for topic ${batch.topic}`);
        const stop = this.options.metrics.batchSeconds.startTimer({ topic: batch.topic });
        this.options.metrics.received.inc({ topic: batch.topic }, batch.messages.length);
        const result: unknown = await handler({
          topic: batch.topic,
          partition: batch.partition,
          messages: batch.messages,
          heartbeat: () => payload.heartbeat(),
        } satisfies KafkaBatch);
        if (isObservable(result)) await lastValueFrom(result, { defaultValue: undefined });
        const last = batch.messages[batch.messages.length - 1].offset;
        payload.resolveOffset(last);
        await consumer.commitOffsets([
          { topic: batch.topic, partition: batch.partition, offset: (BigInt(last) + 1n).toString() },
        ]);
        stop();
      },
    });
    logger.info({ groupId, topics: [...routes.keys()].length }, 'consuming');
  }

  private routes(): Map<string, string> {
    const routes = new Map<string, string>();
    for (const pattern of this.messageHandlers.keys()) {
      const topics = this.options.topics[pattern];
      if (!topics || topics.length === 0) {
        throw new Error(`handler pattern "${pattern}" has no topics configured in KafkaBatchTransport`);
      }
      topics.forEach((t) => routes.set(t, pattern));
    }
    return routes;
  }

  async close(): Promise<void> {
    await this.consumer?.disconnect();
  }

  on(): never {
    throw new Error('KafkaBatchTransport does not expose client events');
  }

  unwrap<T>(): T {
    if (!this.consumer) throw new Error('KafkaBatchTransport is not listening yet');
    return this.consumer as T;
  }
}
