import type { Kafka, KafkaMessage } from 'kafkajs';

/**
 * Every message of a topic from its beginning up to (not including) the given end offset of each partition,
 * oldest first per partition, read with a consumer group of its own.
 */
export async function readToEnd(
  kafka: Kafka,
  topic: string,
  ends: ReadonlyMap<number, bigint>,
  groupId: string,
): Promise<{ partition: number; message: KafkaMessage }[]> {
  const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 100 });
  const read: { partition: number; message: KafkaMessage }[] = [];
  const left = new Map(ends);
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      consumer
        .run({
          eachMessage: ({ partition, message }) => {
            const end = left.get(partition);
            if (end !== undefined && BigInt(message.offset) < end) read.push({ partition, message });
            if (end !== undefined && BigInt(message.offset) >= end - 1n) left.delete(partition);
            if (left.size === 0) resolve();
            return Promise.resolve();
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect();
  }
  return read.sort(
    (a, b) => a.partition - b.partition || Number(BigInt(a.message.offset) - BigInt(b.message.offset)),
  );
}
