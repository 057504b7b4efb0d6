import type { Message, TopicMessages } from 'kafkajs';
import type { MessageProducer } from './renewing.producer';

/** Well under the broker's default 1 MB `message.max.bytes`, which bounds each partition's record batch. */
export const MAX_REQUEST_BYTES = 512 * 1024;

const sizeOf = (m: Message) =>
  (typeof m.value === 'string' ? Buffer.byteLength(m.value) : (m.value?.length ?? 0)) +
  (typeof m.key === 'string' ? Buffer.byteLength(m.key) : (m.key?.length ?? 0)) +
  64;

/**
 * Splits messages into requests of at most `maxBytes`, keeping each topic's messages in order, so a large
 * batch (a consumer catching up on a backlog) never exceeds what the broker accepts in one request.
 */
export function chunkTopicMessages(
  topicMessages: readonly TopicMessages[],
  maxBytes = MAX_REQUEST_BYTES,
): TopicMessages[][] {
  const requests: TopicMessages[][] = [];
  let current: TopicMessages[] = [];
  let bytes = 0;
  for (const { topic, messages } of topicMessages) {
    let run: Message[] = [];
    for (const m of messages) {
      const size = sizeOf(m);
      if (bytes + size > maxBytes && bytes > 0) {
        if (run.length > 0) current.push({ topic, messages: run });
        requests.push(current);
        current = [];
        run = [];
        bytes = 0;
      }
      run.push(m);
      bytes += size;
    }
    if (run.length > 0) current.push({ topic, messages: run });
  }
  if (current.length > 0) requests.push(current);
  return requests;
}

/** `sendBatch` in requests the broker accepts, one after another, so per-partition order is kept. */
export async function sendChunked(
  producer: MessageProducer,
  topicMessages: readonly TopicMessages[],
): Promise<void> {
  for (const request of chunkTopicMessages(topicMessages.filter((t) => t.messages.length > 0))) {
    await producer.sendBatch({ acks: -1, topicMessages: request });
  }
}
