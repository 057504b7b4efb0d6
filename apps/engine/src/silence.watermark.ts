import type { Admin } from 'kafkajs';

/** Where each partition of the observations topic ended at one moment. */
interface Mark {
  readonly at: string;
  readonly ends: ReadonlyMap<number, bigint>;
}

export type Completeness =
  { readonly complete: true; readonly until: string } | { readonly complete: false; readonly behind: number };

/**
 * How far the observations the engine has stored are complete, so that a reporter is never taken for
 * silent while its reports wait in the topic (after a restart, or while the engine lags behind). Offsets
 * are committed only once a batch is durable: when the engine's consumer group has committed past where
 * the topic ended at some moment, every observation published before that moment is stored. Each call
 * marks where the topic ends now and answers the latest moment known complete: now when the engine is
 * caught up, else the previous mark once it is passed, else nothing yet.
 */
export class ObservationsWatermark {
  private mark?: Mark;

  constructor(
    private readonly admin: Admin,
    private readonly groupId: string,
    private readonly topic: string,
  ) {}

  async advance(now: Date): Promise<Completeness> {
    const { ends, done } = await this.positions();
    const at = now.toISOString();
    if (behind(done, ends) === 0) {
      this.mark = undefined;
      return { complete: true, until: at };
    }
    const previous = this.mark;
    if (previous && behind(done, previous.ends) === 0) {
      this.mark = { at, ends };
      return { complete: true, until: previous.at };
    }
    this.mark ??= { at, ends };
    return { complete: false, behind: behind(done, ends) };
  }

  /**
   * Where each partition ends, and the next offset the group will read in it (the start of the partition
   * where the group has committed nothing).
   */
  private async positions(): Promise<{ ends: Map<number, bigint>; done: Map<number, bigint> }> {
    const offsets = await this.admin.fetchTopicOffsets(this.topic);
    const [own] = await this.admin.fetchOffsets({ groupId: this.groupId, topics: [this.topic] });
    const committed = new Map((own?.partitions ?? []).map((p) => [p.partition, BigInt(p.offset)]));
    const ends = new Map(offsets.map((o) => [o.partition, BigInt(o.high)]));
    const done = new Map(
      offsets.map((o) => {
        const c = committed.get(o.partition) ?? -1n;
        const low = BigInt(o.low);
        return [o.partition, c > low ? c : low];
      }),
    );
    return { ends, done };
  }
}

/** Messages between where the group stands and where the topic ended, over all partitions. */
function behind(done: ReadonlyMap<number, bigint>, ends: ReadonlyMap<number, bigint>): number {
  let total = 0n;
  ends.forEach((end, partition) => {
    const at = done.get(partition) ?? 0n;
    if (end > at) total += end - at;
  });
  return Number(total);
}
