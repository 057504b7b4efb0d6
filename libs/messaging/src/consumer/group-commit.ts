interface Submission<T> {
  readonly items: readonly T[];
  readonly size: number;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Group commit for batch handlers consumed concurrently: the batches submitted while a unit of work runs
 * wait, and the next unit takes all of them at once (up to `maxSize`, each item weighing `sizeOf`), so that
 * partitions consumed side by side share one transaction instead of queueing one transaction each. The cap
 * bounds what one unit holds in memory while a backlog is consumed. A batch submitted while nothing runs
 * starts at once, so a quiet feed waits for nothing.
 *
 * Each submitter's promise settles with the unit that took its items: resolved once its effects are
 * durable, which is when the transport may commit its offsets. If a unit of several batches fails, each
 * batch is run again on its own, so that a poison message of one partition fails only its own batch and the
 * transport isolates it there, never in a batch of another partition.
 */
export class GroupCommit<T> {
  private readonly waiting: Submission<T>[] = [];
  private running = false;

  constructor(
    private readonly work: (items: readonly T[]) => Promise<void>,
    private readonly maxSize = 20_000,
    private readonly sizeOf: (item: T) => number = () => 1,
  ) {}

  submit(items: readonly T[]): Promise<void> {
    const size = items.reduce((sum, item) => sum + this.sizeOf(item), 0);
    return new Promise<void>((resolve, reject) => {
      this.waiting.push({ items, size, resolve, reject });
      if (!this.running) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.running = true;
    try {
      while (this.waiting.length > 0) await this.runUnit(this.take());
    } finally {
      this.running = false;
    }
  }

  /** The waiting batches, oldest first, as many as fit in `maxSize` (always at least one). */
  private take(): Submission<T>[] {
    let n = 0;
    let size = 0;
    while (n < this.waiting.length && (n === 0 || size + this.waiting[n].size <= this.maxSize)) {
      size += this.waiting[n].size;
      n += 1;
    }
    return this.waiting.splice(0, n);
  }

  private async runUnit(unit: readonly Submission<T>[]): Promise<void> {
    try {
      await this.work(unit.length === 1 ? unit[0].items : unit.flatMap((s) => s.items));
      unit.forEach((s) => s.resolve());
      return;
    } catch (error) {
      if (unit.length === 1) {
        unit[0].reject(error);
        return;
      }
    }
    for (const s of unit) {
      try {
        await this.work(s.items);
        s.resolve();
      } catch (error) {
        s.reject(error);
      }
    }
  }
}
