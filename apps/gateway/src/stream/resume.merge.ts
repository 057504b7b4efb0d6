/** Something with a place in the alert history. */
export interface Sequenced {
  readonly seq: string;
}

/**
 * Joins a connection's replay from PostgreSQL to the live events from Kafka without a gap or a repeat. Live
 * events are held while the replay runs, then go out after it, each seq once: Kafka may deliver an event the
 * replay already read, or redeliver one after a rebalance. Seqs are compared as a set, not by order, because
 * alert events reach Kafka by partition, and a transaction can commit after one that took a later seq.
 */
export class ResumeMerge<T extends Sequenced> {
  private replaying = true;
  private held: T[] = [];
  private readonly sent = new Set<string>();

  private readonly after: bigint | undefined;

  /**
   * @param after the `Last-Event-ID` resumed after: the client has everything up to it.
   * @param remember how many seqs of those sent it remembers, to know a repeat by.
   */
  constructor(
    after?: string,
    private readonly remember = 10_000,
  ) {
    this.after = after === undefined ? undefined : BigInt(after);
  }

  /** Events read from the replay, oldest first: those not yet sent. */
  replayed(events: readonly T[]): T[] {
    return events.filter((e) => this.fresh(e));
  }

  /** The replay is done: the live events held meanwhile that it did not already send. */
  endReplay(): T[] {
    this.replaying = false;
    const held = this.held;
    this.held = [];
    return held.filter((e) => this.fresh(e));
  }

  /** A live event: held while replaying, sent unless it is a repeat. */
  live(event: T): T[] {
    if (this.replaying) {
      this.held.push(event);
      return [];
    }
    return this.fresh(event) ? [event] : [];
  }

  private fresh(event: T): boolean {
    if (this.sent.has(event.seq)) return false;
    if (this.after !== undefined && BigInt(event.seq) <= this.after) return false;
    this.sent.add(event.seq);
    if (this.sent.size > this.remember) this.sent.delete(this.sent.values().next().value as string);
    return true;
  }
}
