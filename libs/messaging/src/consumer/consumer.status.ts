import type { Consumer } from 'kafkajs';
import { describeError } from './failure';

/**
 * Where a consumer stands, as its group and its batches last said:
 * - `starting` until it first joins its group, `joined` once it has its assignment;
 * - `rebalancing` while the group moves partitions, `restarting` after a crash kafkajs recovers from;
 * - `crashed` after one it does not (the process must be restarted), `stopped` once closed.
 */
export type ConsumerPhase = 'starting' | 'joined' | 'rebalancing' | 'restarting' | 'crashed' | 'stopped';

export interface ConsumerSnapshot {
  readonly groupId: string;
  readonly phase: ConsumerPhase;
  /** Partitions assigned to this member, per topic. */
  readonly assigned: Readonly<Record<string, readonly number[]>>;
  /** Set while an infrastructure failure is being retried: since when, and the last error. */
  readonly retrying?: { readonly since: string; readonly error: string };
  /** The error of a crash kafkajs does not restart from. */
  readonly crash?: string;
}

/** Follows a kafkajs consumer's instrumentation events and the transport's retries. */
export class ConsumerStatus {
  private phase: ConsumerPhase = 'starting';
  private assigned: Record<string, number[]> = {};
  private retrying?: { since: string; error: string };
  private crash?: string;

  constructor(private readonly groupId: string) {}

  follow(consumer: Consumer): void {
    const { events } = consumer;
    consumer.on(events.GROUP_JOIN, ({ payload }) => {
      this.phase = 'joined';
      this.assigned = payload.memberAssignment;
    });
    consumer.on(events.REBALANCING, () => (this.phase = 'rebalancing'));
    consumer.on(events.CRASH, ({ payload }) => {
      this.phase = payload.restart ? 'restarting' : 'crashed';
      if (!payload.restart) this.crash = describeError(payload.error);
    });
    consumer.on(events.STOP, () => {
      if (this.phase !== 'crashed') this.phase = 'stopped';
    });
  }

  retryingSince(error: unknown): void {
    this.retrying = { since: this.retrying?.since ?? new Date().toISOString(), error: describeError(error) };
  }

  recovered(): void {
    this.retrying = undefined;
  }

  snapshot(): ConsumerSnapshot {
    return {
      groupId: this.groupId,
      phase: this.phase,
      assigned: this.assigned,
      ...(this.retrying ? { retrying: this.retrying } : {}),
      ...(this.crash ? { crash: this.crash } : {}),
    };
  }
}
