import fc from 'fast-check';
import { GroupCommit } from './group-commit';

/** A unit of work that records what it was given and finishes when the test says so. */
class Work {
  readonly units: number[][] = [];
  private readonly pending: { resolve: () => void; reject: (e: Error) => void }[] = [];
  poison = new Set<number>();

  readonly run = (items: readonly number[]): Promise<void> => {
    this.units.push([...items]);
    return new Promise<void>((resolve, reject) => this.pending.push({ resolve, reject })).then(() => {
      if (items.some((i) => this.poison.has(i))) throw new Error(`poison in ${items.join(',')}`);
    });
  };

  finishNext(): void {
    this.pending.shift()?.resolve();
  }
}

const flush = () => new Promise((r) => setImmediate(r));

describe('GroupCommit', () => {
  it('runs a batch at once when idle, and the batches that came meanwhile together in the next unit', async () => {
    const work = new Work();
    const commit = new GroupCommit(work.run);
    const done: string[] = [];
    const a = commit.submit([1, 2]).then(() => done.push('a'));
    await flush();
    expect(work.units).toEqual([[1, 2]]);
    const b = commit.submit([3]).then(() => done.push('b'));
    const c = commit.submit([4, 5]).then(() => done.push('c'));
    await flush();
    expect(work.units).toEqual([[1, 2]]);
    work.finishNext();
    await a;
    await flush();
    expect(done).toEqual(['a']);
    expect(work.units).toEqual([
      [1, 2],
      [3, 4, 5],
    ]);
    work.finishNext();
    await Promise.all([b, c]);
    expect(done).toEqual(['a', 'b', 'c']);
  });

  it('weighs each item by sizeOf when told, as ingest weighs a partition batch by its messages', async () => {
    const work = new Work();
    const commit = new GroupCommit(work.run, 10, (n: number) => n);
    const all = [
      commit.submit([1]),
      commit.submit([4, 5]),
      commit.submit([2]),
      commit.submit([7]),
      commit.submit([3]),
    ];
    for (let k = 0; k < 4; k += 1) {
      await flush();
      work.finishNext();
    }
    await Promise.all(all);
    expect(work.units).toEqual([[1], [4, 5], [2, 7], [3]]);
  });

  it('takes no more than maxSize in one unit, but a larger batch alone', async () => {
    const work = new Work();
    const commit = new GroupCommit(work.run, 3);
    const all = [commit.submit([1]), commit.submit([2, 3]), commit.submit([4, 5, 6, 7]), commit.submit([8])];
    for (let k = 0; k < 4; k += 1) {
      await flush();
      work.finishNext();
    }
    await Promise.all(all);
    expect(work.units).toEqual([[1], [2, 3], [4, 5, 6, 7], [8]]);
  });

  it('reruns each batch of a failed unit alone, so that only the poisoned batch fails', async () => {
    const work = new Work();
    work.poison.add(4);
    const commit = new GroupCommit(work.run);
    const first = commit.submit([1]);
    const outcomes = [commit.submit([2, 3]), commit.submit([4]), commit.submit([5])].map((p) =>
      p.then(
        () => 'ok',
        (e: Error) => e.message,
      ),
    );
    for (let k = 0; k < 5; k += 1) {
      await flush();
      work.finishNext();
    }
    await first;
    expect(await Promise.all(outcomes)).toEqual(['ok', 'poison in 4', 'ok']);
    expect(work.units).toEqual([[1], [2, 3, 4, 5], [2, 3], [4], [5]]);
  });

  it('gives every item to the work once per successful unit, in submission order', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(fc.integer(), { maxLength: 5 }), { maxLength: 12 }),
        async (batches) => {
          const seen: number[] = [];
          const commit = new GroupCommit(async (items: readonly number[]) => {
            await flush();
            seen.push(...items);
          }, 7);
          await Promise.all(batches.map((b) => commit.submit(b)));
          expect(seen).toEqual(batches.flat());
        },
      ),
    );
  });
});
