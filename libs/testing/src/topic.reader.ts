import type { Consumer, Kafka, KafkaMessage } from 'kafkajs';
import { eventually } from './eventually';

/** Reads a topic (or several) from the beginning into memory, parsed as JSON, for assertions. */
export class TopicReader<T = unknown> {
  readonly messages: { key: string | null; value: T }[] = [];

  private constructor(private readonly consumer: Consumer) {}

  static async start<T>(kafka: Kafka, topic: string | readonly string[]): Promise<TopicReader<T>> {
    const topics = typeof topic === 'string' ? [topic] : [...topic];
    const consumer = kafka.consumer({
      groupId: `test-reader-${topics[0]}-${process.pid}-${Date.now()}`,
      maxWaitTimeInMs: 100,
    });
    const reader = new TopicReader<T>(consumer);
    await consumer.connect();
    await consumer.subscribe({ topics, fromBeginning: true });
    await consumer.run({
      eachMessage: ({ message }) => {
        reader.messages.push({
          key: message.key?.toString() ?? null,
          value: JSON.parse(message.value?.toString() ?? 'null') as T,
        });
        return Promise.resolve();
      },
    });
    return reader;
  }

  /** The first message matching `predicate`, waiting for it to arrive. */
  find(what: string, predicate: (value: T) => boolean, timeoutMs?: number): Promise<T> {
    return eventually(what, () => this.messages.find((m) => predicate(m.value))?.value, timeoutMs);
  }

  async stop(): Promise<void> {
    await this.consumer.disconnect();
  }
}

/**
 * Reads a topic (or several) from the beginning, raw (key, value and headers as the broker has them), until `enough` says
 * what has arrived is enough, and returns all of it.
 */
export async function readMessages(
  kafka: Kafka,
  topic: string | readonly string[],
  enough: (seen: readonly KafkaMessage[]) => boolean,
  /** On a secured broker, a group the reading principal may use. */
  groupPrefix = 'test-raw-reader',
): Promise<KafkaMessage[]> {
  const topics = typeof topic === 'string' ? [topic] : [...topic];
  const consumer = kafka.consumer({
    groupId: `${groupPrefix}-${topics[0]}-${process.pid}-${Date.now()}`,
    maxWaitTimeInMs: 100,
  });
  const seen: KafkaMessage[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topics, fromBeginning: true });
    await consumer.run({
      eachMessage: ({ message }) => {
        seen.push(message);
        return Promise.resolve();
      },
    });
    await eventually(`the messages wanted on ${topics.join(', ')}`, () => (enough(seen) ? true : undefined));
    return seen;
  } finally {
    await consumer.disconnect();
  }
}
