import type { Offsets } from 'kafkajs';
import { mergeOffsets, OffsetCommits, type PartitionOffset } from './offset-commits';

/** A batch payload's commit that records each request and answers when the test says so. */
class Requests {
  readonly sent: Offsets[] = [];
  private readonly pending: { resolve: () => void; reject: (e: Error) => void }[] = [];
  readonly via = {
    commitOffsetsIfNecessary: (offsets?: Offsets): Promise<void> => {
      this.sent.push(offsets ?? { topics: [] });
      return new Promise((resolve, reject) => this.pending.push({ resolve, reject }));
    },
  };

  answer(error?: Error): void {
    const next = this.pending.shift();
    if (error) next?.reject(error);
    else next?.resolve();
  }
}

const flush = () => new Promise((r) => setImmediate(r));

describe('mergeOffsets', () => {
  const at = (topic: string, partition: number, offset: string): PartitionOffset => ({
    topic,
    partition,
    offset,
    via: { commitOffsetsIfNecessary: () => Promise.resolve() },
  });

  it('commits each partition once, at its furthest offset, numerically rather than as text', () => {
    expect(
      mergeOffsets([at('a', 0, '9'), at('b', 1, '5'), at('a', 0, '10'), at('a', 1, '3'), at('a', 0, '2')]),
    ).toEqual([
      {
        topic: 'a',
        partitions: [
          { partition: 0, offset: '10' },
          { partition: 1, offset: '3' },
        ],
      },
      { topic: 'b', partitions: [{ partition: 1, offset: '5' }] },
    ]);
  });
});

describe('OffsetCommits', () => {
  it('sends the offsets that came while a request was in flight together in the next one', async () => {
    const requests = new Requests();
    const commits = new OffsetCommits();
    const of = (partition: number, offset: string) => ({ topic: 't', partition, offset, via: requests.via });
    const first = commits.commit(of(0, '5'));
    await flush();
    const rest = [commits.commit(of(1, '7')), commits.commit(of(2, '3')), commits.commit(of(1, '8'))];
    await flush();
    expect(requests.sent).toHaveLength(1);
    requests.answer();
    await first;
    await flush();
    requests.answer();
    await Promise.all(rest);
    expect(requests.sent).toEqual([
      { topics: [{ topic: 't', partitions: [{ partition: 0, offset: '5' }] }] },
      {
        topics: [
          {
            topic: 't',
            partitions: [
              { partition: 1, offset: '8' },
              { partition: 2, offset: '3' },
            ],
          },
        ],
      },
    ]);
  });

  it('commits each offset of a failed request on its own, so the failure stays with its batch', async () => {
    const requests = new Requests();
    const commits = new OffsetCommits();
    const of = (partition: number) => ({ topic: 't', partition, offset: '1', via: requests.via });
    const first = commits.commit(of(0));
    await flush();
    const outcomes = [commits.commit(of(1)), commits.commit(of(2))].map((p) =>
      p.then(
        () => 'committed',
        (e: Error) => e.message,
      ),
    );
    requests.answer();
    await first;
    await flush();
    requests.answer(new Error('rebalance in progress'));
    await flush();
    requests.answer(new Error('rebalance in progress'));
    await flush();
    requests.answer();
    expect(await Promise.all(outcomes)).toEqual(['rebalance in progress', 'committed']);
    expect(requests.sent.map((s) => s.topics?.[0].partitions.map((p) => p.partition))).toEqual([
      [0],
      [1, 2],
      [1],
      [2],
    ]);
  });
});
