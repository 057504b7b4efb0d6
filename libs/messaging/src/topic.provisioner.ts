import type { Admin } from 'kafkajs';
import type { TopicSpec } from './topic-plan';

/**
 * Creates the topics that are missing and waits until the broker's metadata lists a leader for every
 * partition: under KRaft, metadata lags creation, and kafkajs then fails with "does not host this
 * topic-partition". Never deletes or alters a topic. Returns the names it created.
 */
export async function provisionTopics(
  admin: Admin,
  specs: readonly TopicSpec[],
  timeoutMs = 60000,
): Promise<string[]> {
  const existing = new Set(await admin.listTopics());
  const missing = specs.filter((s) => !existing.has(s.topic));
  if (missing.length > 0) {
    // kafkajs's own waitForLeaders gives up on the first "does not host this topic-partition"; ours does not.
    await admin.createTopics({ topics: [...missing], waitForLeaders: false, timeout: timeoutMs });
  }
  await waitForLeaders(
    admin,
    specs.map((s) => s.topic),
    timeoutMs,
  );
  return missing.map((s) => s.topic);
}

async function waitForLeaders(admin: Admin, topics: string[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const meta = await admin.fetchTopicMetadata({ topics }).then(
      (m) => m.topics,
      (err: unknown) => {
        if ((err as { type?: string }).type === 'UNKNOWN_TOPIC_OR_PARTITION') return undefined;
        throw err;
      },
    );
    const ready = meta?.every((t) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0));
    if (ready) return;
    if (Date.now() > deadline) {
      throw new Error(
        `topics have partitions without a leader after ${timeoutMs} ms: is the broker healthy?`,
      );
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}
