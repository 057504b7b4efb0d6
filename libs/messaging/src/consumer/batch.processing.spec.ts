import fc from 'fast-check';
import type { KafkaMessage } from 'kafkajs';
import { processBatch, type BatchEffects, type Retry } from './batch.processing';
import { PoisonMessageError } from './failure';

const message = (offset: number, value: string): KafkaMessage => ({
  key: null,
  value: Buffer.from(value),
  offset: String(offset),
  timestamp: '0',
  attributes: 0,
  headers: {},
});

const infrastructure = () => Object.assign(new Error('terminating connection'), { code: '57P01' });

/** A partition's world: what was handled durably, committed and dead-lettered, with scripted failures. */
class Partition implements BatchEffects {
  readonly durable: string[] = [];
  readonly committed: string[] = [];
  readonly deadLetters: { offset: string; attempts: number; error: string }[] = [];
  readonly retries: Retry[] = [];
  /** The offsets of each handler call, in call order. */
  readonly calls: string[] = [];
  running = true;
  recoveries = 0;

  constructor(private readonly fail: (batch: readonly KafkaMessage[], call: number) => Error | undefined) {}

  handle(batch: readonly KafkaMessage[]): Promise<void> {
    const error = this.fail(batch, this.calls.length);
    this.calls.push(batch.map((m) => m.offset).join(','));
    if (error) return Promise.reject(error);
    this.durable.push(...batch.map((m) => m.value!.toString()));
    return Promise.resolve();
  }
  commit(m: KafkaMessage): Promise<void> {
    this.committed.push(m.offset);
    return Promise.resolve();
  }
  deadLetter(m: KafkaMessage, error: unknown, attempts: number): Promise<void> {
    this.deadLetters.push({ offset: m.offset, attempts, error: (error as Error).message });
    return Promise.resolve();
  }
  isRunning = () => this.running;
  sleep = () => Promise.resolve();
  retrying(r: Retry): void {
    this.retries.push(r);
  }
  recovered(): void {
    this.recoveries += 1;
  }
}

const policy = { maxAttempts: 3, backoff: { initialMs: 1, maxMs: 10 } };
const batch = ['a', 'b', 'poison', 'c'].map((v, i) => message(10 + i, v));
const poisonFails = (b: readonly KafkaMessage[]) =>
  b.some((m) => m.value!.toString() === 'poison') ? new Error('cannot process poison') : undefined;

describe('processBatch', () => {
  it('handles a good batch at once and commits its last offset', async () => {
    const p = new Partition(() => undefined);
    const outcome = await processBatch(batch.slice(0, 2), p, policy);
    expect(outcome).toEqual({ kind: 'processed', processed: 2, deadLettered: 0 });
    expect(p.durable).toEqual(['a', 'b']);
    expect(p.committed).toEqual(['11']);
  });

  it('isolates a poison message: the others are processed, it is dead-lettered after its attempts', async () => {
    const p = new Partition(poisonFails);
    const outcome = await processBatch(batch, p, policy);
    expect(outcome).toEqual({ kind: 'processed', processed: 3, deadLettered: 1 });
    expect(p.durable).toEqual(['a', 'b', 'c']);
    expect(p.deadLetters).toEqual([{ offset: '12', attempts: 3, error: 'cannot process poison' }]);
    expect(p.committed).toEqual(['10', '11', '12', '13']);
    expect(p.retries.map((r) => [r.cause, r.attempt, r.messages.length])).toEqual([
      ['message', 1, 4],
      ['message', 1, 1],
      ['message', 2, 1],
    ]);
  });

  it('dead-letters a PoisonMessageError at its first isolated attempt', async () => {
    const p = new Partition((b) =>
      b.some((m) => m.offset === '11') ? new PoisonMessageError('does not parse') : undefined,
    );
    await processBatch(batch.slice(0, 3), p, policy);
    expect(p.deadLetters).toEqual([{ offset: '11', attempts: 1, error: 'does not parse' }]);
    expect(p.calls).toEqual(['10,11,12', '10', '11', '12']);
    expect(p.durable).toEqual(['a', 'poison']);
  });

  it('retries an infrastructure failure without committing, then processes the batch once', async () => {
    const p = new Partition((_b, call) => (call < 4 ? infrastructure() : undefined));
    const outcome = await processBatch(batch.slice(0, 2), p, policy);
    expect(outcome.kind).toBe('processed');
    expect(p.retries.map((r) => [r.cause, r.attempt])).toEqual([
      ['infrastructure', 1],
      ['infrastructure', 2],
      ['infrastructure', 3],
      ['infrastructure', 4],
    ]);
    expect(p.durable).toEqual(['a', 'b']);
    expect(p.committed).toEqual(['11']);
    expect(p.deadLetters).toEqual([]);
    expect(p.recoveries).toBe(1);
  });

  it('never dead-letters for an infrastructure failure, however long it lasts', async () => {
    const p = new Partition((_b, call) => (call < 50 ? infrastructure() : undefined));
    await processBatch(batch.slice(0, 1), p, policy);
    expect(p.deadLetters).toEqual([]);
    expect(p.durable).toEqual(['a']);
  });

  it('commits nothing more once the consumer stops, so the rest is delivered again', async () => {
    const p = new Partition(() => infrastructure());
    p.sleep = () => {
      p.running = false;
      return Promise.resolve();
    };
    const outcome = await processBatch(batch, p, policy);
    expect(outcome).toEqual({ kind: 'interrupted', processed: 0, deadLettered: 0 });
    expect(p.committed).toEqual([]);
  });

  it('accounts for every message: processed + dead-lettered = consumed, committed in order', () =>
    fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom('ok', 'poison', 'flaky'), { minLength: 1, maxLength: 12 }),
        fc.array(fc.boolean(), { maxLength: 30 }),
        async (kinds, outages) => {
          const messages = kinds.map((k, i) => message(i, `${k}-${i}`));
          let flakyCalls = 0;
          const p = new Partition((b, call) => {
            if (outages[call]) return infrastructure();
            if (b.some((m) => m.value!.toString().startsWith('poison'))) return new Error('poison');
            if (b.some((m) => m.value!.toString().startsWith('flaky')) && flakyCalls++ % 2 === 0) {
              return new Error('flaky');
            }
            return undefined;
          });
          const outcome = await processBatch(messages, p, policy);
          const poison = kinds.filter((k) => k === 'poison').length;
          expect(outcome.kind).toBe('processed');
          expect(outcome.processed + outcome.deadLettered).toBe(messages.length);
          expect(p.deadLetters.map((d) => d.offset)).toEqual(
            kinds.flatMap((k, i) => (k === 'poison' ? [String(i)] : [])),
          );
          expect(outcome.deadLettered).toBe(poison);
          expect(p.committed[p.committed.length - 1]).toBe(String(messages.length - 1));
          // A failed handler call leaves nothing behind, so each message that is not poison is durable once.
          expect(p.durable).toEqual(
            messages.map((m) => m.value!.toString()).filter((v) => !v.startsWith('poison')),
          );
        },
      ),
    ));
});
