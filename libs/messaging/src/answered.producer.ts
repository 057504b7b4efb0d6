import {
  Partitioners,
  type Admin,
  type Message,
  type PartitionMetadata,
  type ProducerBatch,
  type ProducerRecord,
  type RecordMetadata,
  type TopicMessages,
} from 'kafkajs';
import type { Logger } from 'pino';
import type { MessageProducer } from './renewing.producer';

/** How many times the messages of unanswered partitions are sent again before the send fails. */
const MAX_RESENDS = 5;

/** The messages of `sent` whose partition has no answer in `answers`. */
export function unanswered(
  sent: readonly TopicMessages[],
  answers: readonly RecordMetadata[],
): TopicMessages[] {
  const answered = new Set(answers.map((a) => `${a.topicName}\u0000${a.partition}`));
  return sent
    .map((t) => ({
      topic: t.topic,
      messages: t.messages.filter((m) => !answered.has(`${t.topic}\u0000${m.partition}`)),
    }))
    .filter((t) => t.messages.length > 0);
}

/**
 * A producer that makes sure every partition a send writes to has answered. kafkajs 2.2.4 resolves a send
 * without writing the messages of partitions whose leader died mid-send and moved to a broker that had
 * already answered for others (its retry sends only to brokers without an answer; tulios/kafkajs#1303,
 * docs/resilience.md). This producer picks each message's partition itself, with kafkajs' own (Java
 * compatible) partitioner, so it knows which partitions must answer, and sends again the messages of any
 * that did not. Those messages were never sent, so nothing is written twice by it.
 */
export class AnsweredProducer implements MessageProducer {
  private readonly partitioner = Partitioners.DefaultPartitioner();
  private readonly partitions = new Map<string, Promise<PartitionMetadata[]>>();
  private adminConnected?: Promise<void>;

  constructor(
    private readonly inner: MessageProducer,
    private readonly admin: Admin,
    private readonly logger?: Logger,
  ) {}

  connect(): Promise<void> {
    return this.inner.connect();
  }

  async disconnect(): Promise<void> {
    await this.inner.disconnect();
    if (this.adminConnected) await this.admin.disconnect();
  }

  send(record: ProducerRecord): Promise<RecordMetadata[]> {
    const { topic, messages, ...options } = record;
    return this.sendBatch({ ...options, topicMessages: [{ topic, messages }] });
  }

  async sendBatch(batch: ProducerBatch): Promise<RecordMetadata[]> {
    // Without acknowledgements there are no answers to check.
    if (batch.acks === 0) return this.inner.sendBatch(batch);
    let pending = await Promise.all((batch.topicMessages ?? []).map((t) => this.partitioned(t)));
    const answers: RecordMetadata[] = [];
    for (let resend = 0; ; resend += 1) {
      const got = await this.inner.sendBatch({ ...batch, topicMessages: pending });
      answers.push(...got);
      pending = unanswered(pending, got);
      if (pending.length === 0) return answers;
      const missing = pending.map(
        (t) => `${t.topic}[${[...new Set(t.messages.map((m) => m.partition))].join(',')}]`,
      );
      if (resend === MAX_RESENDS) {
        throw new Error(
          `the broker answered no write for ${missing.join(', ')} after ${MAX_RESENDS} resends`,
        );
      }
      this.logger?.warn(
        { partitions: missing },
        'a send came back without answers for some partitions; sending their messages again',
      );
    }
  }

  private async partitioned(t: TopicMessages): Promise<TopicMessages> {
    const partitionMetadata = await this.metadataOf(t.topic);
    return {
      topic: t.topic,
      messages: t.messages.map((m): Message => ({
        ...m,
        partition: m.partition ?? this.partitioner({ topic: t.topic, partitionMetadata, message: m }),
      })),
    };
  }

  /** A topic's partitions, read once: Atalaya's topics never shrink, and grow only with the services drained. */
  private metadataOf(topic: string): Promise<PartitionMetadata[]> {
    let known = this.partitions.get(topic);
    if (!known) {
      this.adminConnected ??= this.admin.connect();
      known = this.adminConnected
        .then(() => this.admin.fetchTopicMetadata({ topics: [topic] }))
        .then(({ topics }) => topics[0].partitions);
      known.catch(() => this.partitions.delete(topic));
      this.partitions.set(topic, known);
    }
    return known;
  }
}
