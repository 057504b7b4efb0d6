import { setTimeout as sleep } from 'node:timers/promises';
import { type CustomTransportStrategy, Server } from '@nestjs/microservices';
import { DEAD_LETTER_HEADERS } from '@atalaya/contracts';
import type { ServiceMetrics } from '@atalaya/observability';
import type { Admin, Consumer, EachBatchPayload, Kafka, KafkaMessage } from 'kafkajs';
import type { MessageProducer } from '../renewing.producer';
import type { Logger } from 'pino';
import { isObservable, lastValueFrom } from 'rxjs';
import { processBatch, type BatchEffects, type RetryPolicy } from './batch.processing';
import { registerConsumerLag } from './consumer.lag';
import { ConsumerStatus, type ConsumerSnapshot } from './consumer.status';
import { describeError } from './failure';
import { OffsetCommits } from './offset-commits';

/** What a batch handler receives: messages of one partition, in offset order (all of a batch, or one alone). */
export interface KafkaBatch {
  readonly topic: string;
  readonly partition: number;
  readonly messages: readonly KafkaMessage[];
  /** The transport heartbeats while a handler runs; a handler may also call this between steps. */
  heartbeat(): Promise<void>;
}

export interface KafkaBatchTransportOptions {
  readonly kafka: Kafka;
  readonly groupId: string;
  /** The topics behind each handler pattern (`@EventPattern(name)`). */
  readonly topics: Readonly<Record<string, readonly string[]>>;
  readonly logger: Logger;
  readonly metrics: ServiceMetrics;
  /** Publishes dead letters; the service's own idempotent producer. */
  readonly producer: MessageProducer;
  /** The dead-letter topic of each consumed topic. */
  readonly deadLetterTopic: (sourceTopic: string) => string;
  readonly retry: RetryPolicy;
  /** How the service fetches and runs its batches; each field defaults to one partition at a time, as fetched. */
  readonly consumption?: ConsumptionOptions;
  /** A member silent this long loses its partitions; the transport heartbeats every third of it. */
  readonly sessionTimeoutMs?: number;
  /**
   * Crashes in a row (no batch done in between) that kafkajs restarts the consumer from; past them it stays
   * down, and liveness fails so that the process is restarted instead.
   */
  readonly maxRestarts?: number;
}

/**
 * How many partitions a service's handlers run at once, and how much one fetch brings. Opt-in per service: the
 * engine keeps one partition at a time on purpose, since it serialises its batches.
 */
export interface ConsumptionOptions {
  /**
   * Batches of this many partitions are handled at once (kafkajs `partitionsConsumedConcurrently`, default 1).
   * A partition's batches still come one after another, in offset order, so a series keeps its order; only a
   * handler whose batches of different partitions are independent may raise it.
   */
  readonly partitionsConcurrently?: number;
  /** At most this many bytes of one partition in one fetch (kafkajs default 1 MB): the largest batch. */
  readonly maxBytesPerPartition?: number;
  /** The broker answers a fetch once it has this many bytes (default 1)… */
  readonly minBytes?: number;
  /** …or once this long has passed (default 250 ms): the latency a smaller batch may wait for company. */
  readonly maxWaitTimeInMs?: number;
}

/**
 * A NestJS transport that hands `@EventPattern` handlers whole batches instead of one message at a time, and
 * commits a batch's offsets only once its handler resolved, i.e. once its effects are durable. It heartbeats
 * while a handler runs, retries infrastructure failures without committing, isolates a poison message and
 * sends it to the dead-letter topic so the partition moves on (see processBatch). Closing it stops fetching,
 * lets the batch in hand finish or stop at a message boundary, and leaves the group.
 */
export class KafkaBatchTransport extends Server implements CustomTransportStrategy {
  private consumer?: Consumer;
  private admin?: Admin;
  private readonly closing = new AbortController();
  private readonly consumerStatus: ConsumerStatus;
  private readonly offsetCommits = new OffsetCommits();
  private crashesInARow = 0;

  constructor(private readonly options: KafkaBatchTransportOptions) {
    super();
    this.consumerStatus = new ConsumerStatus(options.groupId);
  }

  get groupId(): string {
    return this.options.groupId;
  }

  /** The topics consumed, once listening. */
  subscribed(): string[] {
    return Object.values(this.options.topics).flat();
  }

  consumerState(): ConsumerSnapshot {
    return this.consumerStatus.snapshot();
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
    const { kafka, groupId, logger, metrics } = this.options;
    const sessionTimeout = this.options.sessionTimeoutMs ?? 10000;
    const routes = this.routes();
    const consumption = this.options.consumption ?? {};
    const consumer = kafka.consumer({
      groupId,
      allowAutoTopicCreation: false,
      maxWaitTimeInMs: consumption.maxWaitTimeInMs ?? 250,
      ...(consumption.minBytes === undefined ? {} : { minBytes: consumption.minBytes }),
      ...(consumption.maxBytesPerPartition === undefined
        ? {}
        : { maxBytesPerPartition: consumption.maxBytesPerPartition }),
      sessionTimeout,
      heartbeatInterval: Math.floor(sessionTimeout / 3),
      retry: {
        retries: 8,
        restartOnFailure: () => Promise.resolve(++this.crashesInARow <= (this.options.maxRestarts ?? 5)),
      },
    });
    this.consumer = consumer;
    this.consumerStatus.follow(consumer);
    consumer.on(consumer.events.CRASH, ({ payload }) =>
      logger.error(
        { err: payload.error, restart: payload.restart, groupId },
        payload.restart
          ? 'consumer crashed; kafkajs restarts it'
          : 'consumer crashed for good; restart the service (readiness and liveness now answer 503)',
      ),
    );
    this.admin = kafka.admin();
    await this.admin.connect();
    registerConsumerLag(metrics.registry, this.admin, groupId, () => [...routes.keys()]);
    await consumer.connect();
    await consumer.subscribe({ topics: [...routes.keys()], fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: consumption.partitionsConcurrently ?? 1,
      eachBatch: (payload) => this.eachBatch(payload, routes, Math.floor(sessionTimeout / 3)),
    });
    logger.info(
      { groupId, topics: routes.size, partitionsConcurrently: consumption.partitionsConcurrently ?? 1 },
      'consuming',
    );
  }

  private async eachBatch(
    payload: EachBatchPayload,
    routes: ReadonlyMap<string, string>,
    heartbeatMs: number,
  ): Promise<void> {
    const { batch } = payload;
    if (batch.messages.length === 0 || !payload.isRunning() || payload.isStale()) return;
    const pattern = routes.get(batch.topic);
    const handler = pattern === undefined ? null : this.getHandlerByPattern(pattern);
    if (!handler) throw new Error(`no handler for topic ${batch.topic}`);
    const { metrics, logger, retry } = this.options;
    const stop = metrics.batchSeconds.startTimer({ topic: batch.topic });
    metrics.received.inc({ topic: batch.topic }, batch.messages.length);
    const keepAlive = setInterval(() => {
      payload.heartbeat().catch((err: unknown) => logger.debug({ err }, 'heartbeat failed'));
    }, heartbeatMs);
    try {
      const outcome = await processBatch(
        batch.messages,
        this.effects(payload, async (messages) => {
          const result: unknown = await handler({
            topic: batch.topic,
            partition: batch.partition,
            messages,
            heartbeat: () => payload.heartbeat(),
          } satisfies KafkaBatch);
          if (isObservable(result)) await lastValueFrom(result, { defaultValue: undefined });
        }),
        retry,
      );
      this.crashesInARow = 0;
      metrics.consumed.inc({ topic: batch.topic, outcome: 'processed' }, outcome.processed);
      metrics.consumed.inc({ topic: batch.topic, outcome: 'dead_lettered' }, outcome.deadLettered);
      if (outcome.kind === 'interrupted') {
        logger.info(
          { topic: batch.topic, partition: batch.partition, processed: outcome.processed },
          'batch interrupted by shutdown or rebalance; its rest is delivered again',
        );
      }
    } finally {
      clearInterval(keepAlive);
      stop();
    }
  }

  private effects(payload: EachBatchPayload, handle: BatchEffects['handle']): BatchEffects {
    const { batch } = payload;
    const { logger, metrics, groupId } = this.options;
    const where = (messages: readonly KafkaMessage[]) => ({
      topic: batch.topic,
      partition: batch.partition,
      offsets:
        messages.length === 1
          ? messages[0].offset
          : `${messages[0].offset}-${messages[messages.length - 1].offset}`,
    });
    return {
      handle,
      // Through the payload, not `consumer.commitOffsets`: that one silently commits nothing once the
      // consumer is stopping, which is exactly when a drained batch must be committed. The partitions
      // finished together share a commit request (OffsetCommits).
      commit: async (m) => {
        payload.resolveOffset(m.offset);
        await this.offsetCommits.commit({
          topic: batch.topic,
          partition: batch.partition,
          offset: (BigInt(m.offset) + 1n).toString(),
          via: payload,
        });
      },
      deadLetter: async (m, error, attempts) => {
        const topic = this.options.deadLetterTopic(batch.topic);
        await this.options.producer.send({
          topic,
          messages: [
            {
              key: m.key,
              value: m.value,
              headers: {
                ...m.headers,
                [DEAD_LETTER_HEADERS.topic]: batch.topic,
                [DEAD_LETTER_HEADERS.partition]: String(batch.partition),
                [DEAD_LETTER_HEADERS.offset]: m.offset,
                [DEAD_LETTER_HEADERS.group]: groupId,
                [DEAD_LETTER_HEADERS.error]: describeError(error).slice(0, 2000),
                [DEAD_LETTER_HEADERS.attempts]: String(attempts),
                [DEAD_LETTER_HEADERS.failedAt]: new Date().toISOString(),
              },
            },
          ],
        });
        metrics.deadLetters.inc({ topic: batch.topic });
        logger.error(
          { err: error, ...where([m]), attempts, deadLetterTopic: topic },
          'message dead-lettered; the partition moves on (inspect with `atalaya deadletter list`)',
        );
      },
      isRunning: () => payload.isRunning() && !payload.isStale() && !this.closing.signal.aborted,
      sleep: (ms) => sleep(ms, undefined, { signal: this.closing.signal }).catch(() => undefined),
      retrying: ({ cause, error, attempt, delayMs, messages }) => {
        metrics.retries.inc({ topic: batch.topic, cause });
        if (cause === 'infrastructure') {
          this.consumerStatus.retryingSince(error);
          logger.warn(
            { err: error, ...where(messages), attempt, retryInMs: delayMs },
            'infrastructure unavailable; retrying the batch, nothing committed meanwhile',
          );
        } else {
          logger.error(
            { err: error, ...where(messages), attempt, retryInMs: delayMs },
            messages.length > 1
              ? 'handler failed on the batch; retrying it message by message'
              : 'handler failed on the message; retrying it',
          );
        }
      },
      recovered: () => {
        this.consumerStatus.recovered();
        logger.info({ topic: batch.topic, partition: batch.partition }, 'infrastructure answers again');
      },
    };
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

  /** Stops fetching, lets the batch in hand finish (or stop at a message boundary), commits, leaves the group. */
  async close(): Promise<void> {
    this.closing.abort();
    await this.consumer?.disconnect();
    await this.admin?.disconnect();
  }

  on(): never {
    throw new Error('KafkaBatchTransport does not expose client events');
  }

  unwrap<T>(): T {
    if (!this.consumer) throw new Error('KafkaBatchTransport is not listening yet');
    return this.consumer as T;
  }
}
