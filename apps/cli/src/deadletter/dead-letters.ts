import {
  deadLetterOrigin,
  originalHeaders,
  type DeadLetterOrigin,
  type TopicNames,
} from '@atalaya/contracts';
import type { Admin, IHeaders, Kafka } from 'kafkajs';
import { readToEnd } from '../read-to-end';

/** The consumer group whose committed offsets on each dead-letter topic say how far replay has gone. */
export const REPLAY_GROUP = 'atalaya-deadletter-replay';

export interface DeadLetter {
  readonly deadLetterTopic: string;
  readonly partition: number;
  readonly offset: string;
  readonly key: string | null;
  readonly value: Buffer | null;
  readonly headers: IHeaders;
  /** Where it came from and why it failed; or the headers it lacks, for a message not written by Atalaya. */
  readonly origin: DeadLetterOrigin | { missing: string[] };
  readonly replayed: boolean;
}

/** The dead-letter topics on the broker under this run's prefix. */
export async function deadLetterTopics(admin: Admin, topics: TopicNames): Promise<string[]> {
  return (await admin.listTopics()).filter((t) => topics.sourceOf(t) !== undefined).sort();
}

/**
 * Every message on the given dead-letter topics, oldest first per partition, read up to where each partition
 * ends now, each marked replayed or not by the replay group's committed offset.
 */
export async function readDeadLetters(
  kafka: Kafka,
  admin: Admin,
  topics: readonly string[],
): Promise<DeadLetter[]> {
  const found: DeadLetter[] = [];
  for (const topic of topics) {
    const [ends, replayedUpTo] = await Promise.all([
      admin.fetchTopicOffsets(topic),
      admin.fetchOffsets({ groupId: REPLAY_GROUP, topics: [topic] }),
    ]);
    const replayed = new Map(replayedUpTo[0]?.partitions.map((p) => [p.partition, BigInt(p.offset)]) ?? []);
    const wanted = ends.filter((p) => BigInt(p.high) > BigInt(p.low));
    if (wanted.length === 0) continue;
    const messages = await readToEnd(
      kafka,
      topic,
      new Map(wanted.map((p) => [p.partition, BigInt(p.high)])),
      `atalaya-cli-deadletter-${process.pid}-${Date.now()}`,
    );
    for (const { partition, message } of messages) {
      const headers = message.headers ?? {};
      found.push({
        deadLetterTopic: topic,
        partition,
        offset: message.offset,
        key: message.key?.toString() ?? null,
        value: message.value,
        headers,
        origin: deadLetterOrigin(headers),
        replayed: BigInt(message.offset) < (replayed.get(partition) ?? -1n),
      });
    }
  }
  return found;
}

/**
 * The message a replay sends back to the topic it came from: same key, value and headers as first sent. Only
 * to the topic the dead-letter topic is named after, whatever the headers claim.
 */
export function replayMessage(
  d: DeadLetter,
  topics: TopicNames,
): { topic: string; key: string | null; value: Buffer | null; headers: IHeaders } {
  const where = `${d.deadLetterTopic}/${d.partition}@${d.offset}`;
  if ('missing' in d.origin) {
    throw new Error(
      `${where} lacks ${d.origin.missing.join(', ')}: it was not written by an Atalaya consumer, so where ` +
        'it came from is unknown; it cannot be replayed',
    );
  }
  const source = topics.sourceOf(d.deadLetterTopic);
  if (d.origin.topic !== source) {
    throw new Error(
      `${where} says it came from ${d.origin.topic}, but its dead-letter topic is ${source}'s: not replayed`,
    );
  }
  return {
    topic: d.origin.topic,
    key: d.key,
    value: d.value,
    headers: { ...originalHeaders(d.headers), 'atalaya-replayed-from': where },
  };
}
