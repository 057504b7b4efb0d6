/**
 * Why handling a message failed, which decides what the transport does about it:
 * - `infrastructure`: the database or the broker is unreachable or shedding load. Nothing is wrong with the
 *   message; retry the batch, with backoff, until it goes through, and never skip it.
 * - `message`: anything else. It may be the message's own content (a poison message), so the batch is retried
 *   message by message and one that keeps failing goes to the dead-letter topic.
 */
export type FailureCause = 'infrastructure' | 'message';

/**
 * Thrown by a handler that knows a message can never be processed (it does not parse against its contract):
 * it goes to the dead-letter topic at once, without the attempts that a failure of unknown cause gets.
 */
export class PoisonMessageError extends Error {
  override readonly name = 'PoisonMessageError';
}

/**
 * PostgreSQL error classes that say the server, not the statement, is the problem: 08 connection exception,
 * 53 insufficient resources, 57P01-57P03 the server shutting down or starting, 40001/40P01 serialization and
 * deadlock (the transaction may succeed when run again), 55P03 lock not available.
 */
const TRANSIENT_SQLSTATE = /^(08|53|57P0[123]$|40001$|40P01$|55P03$)/;

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);

/** node-postgres reports a connection lost mid-query in words only. */
const LOST_CONNECTION =
  /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error/i;

/** TypeORM's words for a connection that went away under a transaction, or was never there. */
const LOST_CONNECTION_ERRORS = new Set([
  'QueryRunnerProviderAlreadyReleasedError',
  'QueryRunnerAlreadyReleasedError',
  'CannotExecuteNotConnectedError',
  'ConnectionIsNotSetError',
]);

/** kafkajs errors caused by a message's content rather than by the broker. */
const KAFKA_CONTENT_ERRORS = new Set(['MESSAGE_TOO_LARGE', 'INVALID_RECORD', 'CORRUPT_MESSAGE']);

export function classifyFailure(error: unknown): FailureCause {
  for (let e: unknown = error, depth = 0; e instanceof Object && depth < 5; depth += 1) {
    if (e instanceof PoisonMessageError) return 'message';
    const { code, name, message, type } = e as {
      code?: unknown;
      name?: unknown;
      message?: unknown;
      type?: unknown;
    };
    if (typeof code === 'string' && (TRANSIENT_SQLSTATE.test(code) || NETWORK_CODES.has(code))) {
      return 'infrastructure';
    }
    if (typeof name === 'string' && LOST_CONNECTION_ERRORS.has(name)) return 'infrastructure';
    if (typeof name === 'string' && name.startsWith('KafkaJS')) {
      return typeof type === 'string' && KAFKA_CONTENT_ERRORS.has(type) ? 'message' : 'infrastructure';
    }
    if (typeof message === 'string' && LOST_CONNECTION.test(message)) return 'infrastructure';
    // TypeORM wraps the driver's error; kafkajs and Node wrap theirs as `cause`.
    const inner = e as { driverError?: unknown; cause?: unknown; originalError?: unknown };
    e = inner.driverError ?? inner.originalError ?? inner.cause;
  }
  return 'message';
}

/** An error as one log-friendly line: its name, message and, where it has one, its code. */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as { code?: unknown }).code;
  return `${error.name}: ${error.message}${typeof code === 'string' ? ` (${code})` : ''}`;
}
