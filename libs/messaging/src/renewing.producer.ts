import type { Producer, ProducerBatch, ProducerRecord, RecordMetadata } from 'kafkajs';
import type { Logger } from 'pino';

/** What Atalaya asks of a producer. */
export type MessageProducer = Pick<Producer, 'connect' | 'disconnect' | 'send' | 'sendBatch'>;

/**
 * The broker's answers after which an idempotent producer's sequence numbers no longer match the broker's
 * for good: kafkajs keeps resending with the same producer id and gets the same answer forever. Seen on a
 * three-broker cluster when a partition leader died mid-send (test/cluster.e2e-spec.ts).
 */
const DESYNCHRONISED = new Set([
  'OUT_OF_ORDER_SEQUENCE_NUMBER',
  'INVALID_PRODUCER_EPOCH',
  'UNKNOWN_PRODUCER_ID',
  'INVALID_PRODUCER_ID_MAPPING',
]);

export const isDesynchronised = (err: unknown): boolean =>
  DESYNCHRONISED.has((err as { type?: string } | undefined)?.type ?? '');

/**
 * An idempotent producer that replaces itself when the broker and it disagree on its sequence numbers
 * (decision 0025): the failed send is made once more on a new producer, with a new producer id. What the
 * old one had written before the failure may then be written twice; every consumer of Atalaya's topics
 * already takes each message at least once and keeps one per id.
 */
export class RenewingProducer implements MessageProducer {
  private current: Producer;
  private connected = false;
  /** Settles once a replacement under way is connected; sends wait for it. */
  private renewing: Promise<void> = Promise.resolve();
  /** The producer a replacement under way replaces. */
  private replacing?: Producer;
  /** Producers replaced so far. */
  renewals = 0;

  constructor(
    private readonly create: () => Producer,
    private readonly logger?: Logger,
  ) {
    this.current = create();
  }

  async connect(): Promise<void> {
    await this.current.connect();
    this.connected = true;
  }

  async disconnect(): Promise<void> {
    this.connected = false;
    await this.current.disconnect();
  }

  send(record: ProducerRecord): Promise<RecordMetadata[]> {
    return this.renewingOn((p) => p.send(record));
  }

  sendBatch(batch: ProducerBatch): Promise<RecordMetadata[]> {
    return this.renewingOn((p) => p.sendBatch(batch));
  }

  private async renewingOn(send: (p: Producer) => Promise<RecordMetadata[]>): Promise<RecordMetadata[]> {
    await this.renewing;
    const used = this.current;
    try {
      return await send(used);
    } catch (err) {
      if (!isDesynchronised(err) || !this.connected) throw err;
      if (used === this.current && this.replacing !== used) {
        this.replacing = used;
        this.renewing = this.renew(used, err).catch((renewal: unknown) => {
          this.renewing = Promise.resolve();
          this.replacing = undefined;
          throw renewal;
        });
      }
      await this.renewing;
      return send(this.current);
    }
  }

  private async renew(failed: Producer, err: unknown): Promise<void> {
    this.renewals += 1;
    this.logger?.warn(
      { err, renewals: this.renewals },
      'the broker and the producer disagree on its sequence numbers: replacing the producer; what it wrote just before may be written twice',
    );
    const next = this.create();
    await next.connect();
    this.current = next;
    await failed.disconnect().catch(() => undefined);
  }
}
