import type { EachBatchPayload, TopicOffsets } from 'kafkajs';
import { GroupCommit } from './group-commit';

/** A partition's next offset to read (the last one done + 1), and the batch it was done in. */
export interface PartitionOffset {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly via: Pick<EachBatchPayload, 'commitOffsetsIfNecessary'>;
}

/** The offsets as one commit request: each partition once, at the furthest offset given for it. */
export function mergeOffsets(offsets: readonly PartitionOffset[]): TopicOffsets[] {
  const byTopic = new Map<string, Map<number, string>>();
  for (const { topic, partition, offset } of offsets) {
    const partitions = byTopic.get(topic) ?? new Map<number, string>();
    const known = partitions.get(partition);
    if (known === undefined || BigInt(offset) > BigInt(known)) partitions.set(partition, offset);
    byTopic.set(topic, partitions);
  }
  return [...byTopic].map(([topic, partitions]) => ({
    topic,
    partitions: [...partitions].map(([partition, offset]) => ({ partition, offset })),
  }));
}

/**
 * Commits the offsets of batches consumed side by side together: the offsets that come while a commit
 * request is in flight go in the next one, so a fetch of many partitions costs the broker one or two commit
 * requests instead of one per partition. Each caller's promise settles with the request that carried its
 * offset (any batch's payload commits for the whole group member); if a merged request fails, each offset
 * is committed again on its own, so a failure stays with its own batch.
 */
export class OffsetCommits {
  private readonly requests = new GroupCommit<PartitionOffset>((offsets) =>
    offsets[0].via.commitOffsetsIfNecessary({ topics: mergeOffsets(offsets) }),
  );

  commit(offset: PartitionOffset): Promise<void> {
    return this.requests.submit([offset]);
  }
}
