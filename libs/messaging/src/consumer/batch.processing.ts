import type { KafkaMessage } from 'kafkajs';
import { backoffMs, type BackoffPolicy } from './backoff';
import { classifyFailure, PoisonMessageError } from './failure';

export interface RetryPolicy {
  /** Attempts a message of unknown failure gets, alone, before it goes to the dead-letter topic. */
  readonly maxAttempts: number;
  readonly backoff: BackoffPolicy;
}

/** What processing one partition's batch does to the world; the transport gives Kafka's, tests their own. */
export interface BatchEffects {
  /** Runs the handler on these messages (all of the batch, or one alone); resolves once their effects are durable. */
  handle(messages: readonly KafkaMessage[]): Promise<void>;
  /** Marks everything up to and including this message done: its offset + 1 is committed. */
  commit(message: KafkaMessage): Promise<void>;
  deadLetter(message: KafkaMessage, error: unknown, attempts: number): Promise<void>;
  /** False once the consumer is stopping or the partition was taken away: stop, commit nothing more. */
  isRunning(): boolean;
  /** Waits, or resolves early when the consumer stops. */
  sleep(ms: number): Promise<void>;
  /** A failure that will be retried, and how long until then. */
  retrying(failure: Retry): void;
  /** The infrastructure answered again after `retrying` said it did not. */
  recovered(): void;
}

export interface Retry {
  readonly cause: 'infrastructure' | 'message';
  readonly error: unknown;
  readonly attempt: number;
  readonly delayMs: number;
  readonly messages: readonly KafkaMessage[];
}

export type BatchOutcome =
  | { readonly kind: 'processed'; readonly processed: number; readonly deadLettered: number }
  | { readonly kind: 'interrupted'; readonly processed: number; readonly deadLettered: number };

type Attempt = { kind: 'done' } | { kind: 'stopped' } | { kind: 'failed'; error: unknown };

/**
 * Processes one partition's batch so that the partition always moves on and nothing is lost:
 * - The whole batch is handled at once; when that succeeds its offsets are committed.
 * - An infrastructure failure (database or broker unreachable) is retried with backoff for as long as it
 *   lasts, committing nothing meanwhile; the messages are never skipped.
 * - Any other failure may be one message's content, so the batch is handled again message by message, each
 *   committed as it succeeds. One that still fails after `maxAttempts` (at once if it is a
 *   PoisonMessageError) goes to the dead-letter topic, then its offset is committed and the rest go on.
 * Accepted + dead-lettered = consumed: every message ends in one or the other, or is delivered again.
 */
export async function processBatch(
  messages: readonly KafkaMessage[],
  effects: BatchEffects,
  policy: RetryPolicy,
): Promise<BatchOutcome> {
  const whole = await attempt(messages, effects, policy);
  if (whole.kind === 'done') {
    await effects.commit(messages[messages.length - 1]);
    return { kind: 'processed', processed: messages.length, deadLettered: 0 };
  }
  if (whole.kind === 'stopped') return { kind: 'interrupted', processed: 0, deadLettered: 0 };
  effects.retrying({ cause: 'message', error: whole.error, attempt: 1, delayMs: 0, messages });
  let processed = 0;
  let deadLettered = 0;
  for (const message of messages) {
    const alone = await isolate(message, effects, policy);
    if (alone === 'stopped') return { kind: 'interrupted', processed, deadLettered };
    if (alone === 'dead-lettered') deadLettered += 1;
    else processed += 1;
    await effects.commit(message);
  }
  return { kind: 'processed', processed, deadLettered };
}

/** One message on its own, until it succeeds or has used its attempts. */
async function isolate(
  message: KafkaMessage,
  effects: BatchEffects,
  policy: RetryPolicy,
): Promise<'done' | 'dead-lettered' | 'stopped'> {
  for (let attempts = 1; ; attempts += 1) {
    const result = await attempt([message], effects, policy);
    if (result.kind !== 'failed') return result.kind;
    if (result.error instanceof PoisonMessageError || attempts >= policy.maxAttempts) {
      const sent = await untilDone(
        () => effects.deadLetter(message, result.error, attempts),
        effects,
        policy,
        [message],
      );
      return sent ? 'dead-lettered' : 'stopped';
    }
    const delayMs = backoffMs(policy.backoff, attempts);
    effects.retrying({
      cause: 'message',
      error: result.error,
      attempt: attempts,
      delayMs,
      messages: [message],
    });
    await effects.sleep(delayMs);
    if (!effects.isRunning()) return 'stopped';
  }
}

/** Handles the messages, retrying infrastructure failures for as long as they last. */
async function attempt(
  messages: readonly KafkaMessage[],
  effects: BatchEffects,
  policy: RetryPolicy,
): Promise<Attempt> {
  let error: unknown;
  const done = await untilDone(
    async () => {
      try {
        await effects.handle(messages);
      } catch (e) {
        if (classifyFailure(e) === 'infrastructure') throw e;
        error = e;
      }
    },
    effects,
    policy,
    messages,
  );
  if (!done) return { kind: 'stopped' };
  return error === undefined ? { kind: 'done' } : { kind: 'failed', error };
}

/**
 * Runs `work` until it stops throwing, waiting with backoff between tries; false if the consumer stopped
 * first. Every failure that reaches here is retried: `work` catches what should not be.
 */
async function untilDone(
  work: () => Promise<void>,
  effects: BatchEffects,
  policy: RetryPolicy,
  messages: readonly KafkaMessage[],
): Promise<boolean> {
  for (let failures = 0; ;) {
    if (!effects.isRunning()) return false;
    try {
      await work();
      if (failures > 0) effects.recovered();
      return true;
    } catch (error) {
      if (!effects.isRunning()) return false;
      failures += 1;
      const delayMs = backoffMs(policy.backoff, failures);
      effects.retrying({ cause: 'infrastructure', error, attempt: failures, delayMs, messages });
      await effects.sleep(delayMs);
    }
  }
}
