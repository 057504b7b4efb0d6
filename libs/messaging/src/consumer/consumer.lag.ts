import type { Admin } from 'kafkajs';
import { Gauge, type Registry } from 'prom-client';

/**
 * `atalaya_consumer_lag{group,topic,partition}`: messages on each partition past the group's committed
 * offset, read from the broker at every scrape, so it keeps growing while a consumer is stuck or gone.
 */
export function registerConsumerLag(
  registry: Registry,
  admin: Admin,
  groupId: string,
  topics: () => readonly string[],
): Gauge {
  return new Gauge({
    name: 'atalaya_consumer_lag',
    help: "Messages on a partition past its consumer group's committed offset, by group, topic and partition.",
    labelNames: ['group', 'topic', 'partition'],
    registers: [registry],
    async collect() {
      const names = [...topics()];
      if (names.length === 0) return;
      const read = await Promise.all([
        admin.fetchOffsets({ groupId, topics: names }),
        Promise.all(
          names.map(async (topic) => ({ topic, partitions: await admin.fetchTopicOffsets(topic) })),
        ),
      ]).catch(() => undefined);
      // With the broker unreachable the last values stand: /metrics must answer when things are worst.
      if (!read) return;
      const [committed, ends] = read;
      const position = new Map(
        committed.flatMap((t) => t.partitions.map((p) => [`${t.topic}/${p.partition}`, BigInt(p.offset)])),
      );
      this.reset();
      for (const { topic, partitions } of ends) {
        for (const p of partitions) {
          const at = position.get(`${topic}/${p.partition}`) ?? -1n;
          const from = at < 0n ? BigInt(p.low) : at;
          this.set({ group: groupId, topic, partition: String(p.partition) }, Number(BigInt(p.high) - from));
        }
      }
    },
  });
}
