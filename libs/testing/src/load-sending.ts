import type { TopicMessages } from 'kafkajs';
import type { LoadMessage } from './load.generator';
import type { TestKafka } from './run-topics';

/** The load's messages grouped by their states' topics, each topic's in order. */
export function loadTopicMessages(t: TestKafka, messages: readonly LoadMessage[]): TopicMessages[] {
  const topics = new Map<string, { key: string; value: string }[]>();
  for (const m of messages) {
    const topic = t.topics.signals(m.reporter);
    const list = topics.get(topic) ?? [];
    list.push({ key: m.key, value: m.value });
    topics.set(topic, list);
  }
  return [...topics].map(([topic, list]) => ({ topic, messages: list }));
}

/**
 * Hands `messages` to `send` at `rate` a second, in tenth-of-a-second chunks kept to their schedule: a
 * chunk late because a send was slow goes at once, the next on time.
 */
export async function atRate(
  messages: readonly LoadMessage[],
  rate: number,
  send: (chunk: readonly LoadMessage[]) => Promise<void>,
): Promise<void> {
  const perSend = Math.max(1, Math.round(rate / 10));
  const started = performance.now();
  for (let from = 0, k = 0; from < messages.length; from += perSend, k += 1) {
    const wait = started + k * 100 - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    await send(messages.slice(from, from + perSend));
  }
}
