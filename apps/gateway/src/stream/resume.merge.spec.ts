import fc from 'fast-check';
import { ResumeMerge } from './resume.merge';

const at = (...seqs: number[]) => seqs.map((s) => ({ seq: String(s) }));
const seqs = (events: readonly { seq: string }[]) => events.map((e) => Number(e.seq));

describe('ResumeMerge', () => {
  it('holds live events while replaying, then sends those the replay did not', () => {
    const merge = new ResumeMerge();
    expect(merge.live({ seq: '7' })).toEqual([]);
    expect(merge.live({ seq: '8' })).toEqual([]);
    expect(seqs(merge.replayed(at(5, 6, 7)))).toEqual([5, 6, 7]);
    expect(seqs(merge.endReplay())).toEqual([8]);
    expect(seqs(merge.live({ seq: '9' }))).toEqual([9]);
  });

  it('sends a live event with a lower seq that committed after the replay read past it', () => {
    const merge = new ResumeMerge();
    merge.replayed(at(5, 7));
    merge.endReplay();
    expect(seqs(merge.live({ seq: '6' }))).toEqual([6]);
  });

  it('drops a redelivered live event', () => {
    const merge = new ResumeMerge();
    merge.endReplay();
    expect(seqs([...merge.live({ seq: '3' }), ...merge.live({ seq: '3' })])).toEqual([3]);
  });

  it('drops a live event the client had before it resumed', () => {
    const merge = new ResumeMerge('7');
    merge.live({ seq: '7' });
    merge.live({ seq: '8' });
    expect(seqs(merge.endReplay())).toEqual([8]);
    expect(seqs(merge.live({ seq: '5' }))).toEqual([]);
  });

  it('forgets the oldest seqs beyond what it remembers', () => {
    const merge = new ResumeMerge(undefined, 2);
    merge.endReplay();
    [1, 2, 3].forEach((s) => merge.live({ seq: String(s) }));
    expect(seqs(merge.live({ seq: '1' }))).toEqual([1]);
    expect(seqs(merge.live({ seq: '3' }))).toEqual([]);
  });

  it('sends every event once, however replay and live overlap', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 1, max: 60 })),
        fc.array(fc.integer({ min: 1, max: 60 })),
        fc.nat(60),
        (stored, liveRaw, cut) => {
          const replay = [...stored].sort((a, b) => a - b);
          const merge = new ResumeMerge();
          const out: number[] = [];
          const live = liveRaw.map((s) => ({ seq: String(s) }));
          live.slice(0, cut).forEach((e) => out.push(...seqs(merge.live(e))));
          out.push(...seqs(merge.replayed(at(...replay))));
          out.push(...seqs(merge.endReplay()));
          live.slice(cut).forEach((e) => out.push(...seqs(merge.live(e))));
          expect(new Set(out).size).toBe(out.length);
          expect(new Set(out)).toEqual(new Set([...replay, ...liveRaw]));
          expect(out.slice(0, replay.length)).toEqual(replay);
        },
      ),
    );
  });
});
