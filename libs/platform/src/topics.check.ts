import type { Admin } from 'kafkajs';

/**
 * Refuses to start a service whose topics do not exist, naming them and the command that creates them:
 * otherwise kafkajs retries "does not host this topic-partition" for minutes before anything is said.
 */
export async function assertTopicsExist(admin: Admin, needed: readonly string[]): Promise<void> {
  const existing = new Set(await admin.listTopics());
  const missing = [...new Set(needed)].filter((t) => !existing.has(t)).sort();
  if (missing.length > 0) {
    throw new Error(
      `${missing.length} topic(s) missing on the broker: ${missing.join(', ')}; ` +
        'create them with `npm run atalaya -- topics` (same ATALAYA_TOPIC_PREFIX and KAFKA_BROKERS)',
    );
  }
}
