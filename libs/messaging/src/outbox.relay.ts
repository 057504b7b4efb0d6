import { bulkInsert } from '@atalaya/persistence';
import type { MessageProducer } from './renewing.producer';
import type { Logger } from 'pino';
import type { DataSource, EntityManager } from 'typeorm';
import { sendChunked } from './chunked.send';
import { PeriodicTask } from './periodic.task';

export interface OutboxMessage {
  readonly topic: string;
  readonly key: string;
  readonly payload: string;
}

/** Adds messages to the outbox inside the caller's transaction, so they exist if and only if it commits. */
export async function enqueueOutbox(em: EntityManager, messages: readonly OutboxMessage[]): Promise<void> {
  await bulkInsert(
    em,
    {
      table: 'outbox',
      columns: {
        topic: ['text', (m) => m.topic],
        message_key: ['text', (m) => m.key],
        payload: ['text', (m) => m.payload],
      },
      constants: { created_at: 'now()' },
    },
    messages,
  );
}

interface OutboxRow {
  id: string;
  topic: string;
  message_key: string;
  payload: string;
  created_at: Date;
}

/** Rows just published to one topic: when each was written to the outbox. */
export type OnPublished = (topic: string, writtenAt: readonly Date[]) => void;

/**
 * Publishes committed outbox rows to Kafka in id order and marks them published. Rows are locked with
 * SKIP LOCKED so two engine instances never publish the same row at once; a crash between the send and
 * the mark republishes a row, which consumers dedupe by the message's deterministic id.
 */
export class OutboxRelay {
  private readonly polls: PeriodicTask;
  private stopped = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly producer: MessageProducer,
    private readonly logger: Logger,
    private readonly onPublished: OnPublished = () => undefined,
    pollMs = 500,
    private readonly batchSize = 500,
  ) {
    this.polls = new PeriodicTask(
      pollMs,
      () => this.drain(),
      (err) => this.logger.error({ err }, 'outbox relay failed; retrying'),
    );
  }

  start(): void {
    this.polls.start();
    this.polls.runNow();
  }

  /**
   * Publish now rather than at the next poll: called after a transaction that enqueued messages. A drain
   * in hand may have read the outbox before that transaction committed, so another follows it at once.
   */
  kick(): void {
    this.polls.runNow();
  }

  /**
   * Stops polling and publishes what is committed but not yet sent, so a drained service leaves no backlog
   * behind. If the broker does not take it, the rows stay in the outbox for the next start.
   */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.polls.stop();
    try {
      while ((await this.publishOnce()) === this.batchSize);
    } catch (err) {
      this.logger.error(
        { err },
        'outbox relay could not flush at stop; the rows are published at next start',
      );
    }
  }

  /** Seconds since the oldest row still waiting to be published was written; 0 when none waits. */
  async backlogAgeSeconds(): Promise<number> {
    const [row] = await this.dataSource.query<{ age: number | null }[]>(
      `SELECT extract(epoch FROM now() - min(created_at))::float8 AS age FROM outbox WHERE published_at IS NULL`,
    );
    return row?.age ?? 0;
  }

  private async drain(): Promise<void> {
    while (!this.stopped && (await this.publishOnce()) === this.batchSize);
  }

  private publishOnce(): Promise<number> {
    return this.dataSource.transaction(async (em) => {
      const rows: OutboxRow[] = await em.query(
        `SELECT id, topic, message_key, payload, created_at FROM outbox
         WHERE published_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [this.batchSize],
      );
      if (rows.length === 0) return 0;
      const byTopic = new Map<string, { key: string; value: string; writtenAt: Date }[]>();
      rows.forEach((r) => {
        const list = byTopic.get(r.topic) ?? [];
        list.push({ key: r.message_key, value: r.payload, writtenAt: r.created_at });
        byTopic.set(r.topic, list);
      });
      await sendChunked(
        this.producer,
        [...byTopic].map(([topic, messages]) => ({
          topic,
          messages: messages.map(({ key, value }) => ({ key, value })),
        })),
      );
      await em.query(`UPDATE outbox SET published_at = now() WHERE id = ANY($1::bigint[])`, [
        rows.map((r) => r.id),
      ]);
      byTopic.forEach((messages, topic) =>
        this.onPublished(
          topic,
          messages.map((m) => m.writtenAt),
        ),
      );
      return rows.length;
    });
  }
}
