import type { Consumer, Kafka, KafkaMessage } from 'kafkajs';
import { eventually } from './eventually';

/** Reads a topic from the beginning into memory, parsed as JSON, for assertions. */
export class TopicReader<T = unknown> {
  readonly messages: { key: string | null; value: T }[] = [];

  private constructor(private readonly consumer: Consumer) {}

  static async start<T>(kafka: Kafka, topic: string): Promise<TopicReader<T>> {
    const consumer = kafka.consumer({
      groupId: `test-reader-${topic}-${process.pid}-${Date.now()}`,
      maxWaitTimeInMs: 100,
    });
    const reader = new TopicReader<T>(consumer);
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
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
 * Reads a topic from the beginning, raw (key, value and headers as the broker has them), until `enough` says
 * what has arrived is enough, and returns all of it.
 */
export async function readMessages(
  kafka: Kafka,
  topic: string,
  enough: (seen: readonly KafkaMessage[]) => boolean,
): Promise<KafkaMessage[]> {
  const consumer = kafka.consumer({
    groupId: `test-raw-reader-${topic}-${process.pid}-${Date.now()}`,
    maxWaitTimeInMs: 100,
  });
  const seen: KafkaMessage[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: ({ message }) => {
        seen.push(message);
        return Promise.resolve();
      },
    });
    await eventually(`the messages wanted on ${topic}`, () => (enough(seen) ? true : undefined));
    return seen;
  } finally {
    await consumer.disconnect();
  }
}
