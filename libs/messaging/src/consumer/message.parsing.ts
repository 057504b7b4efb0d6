import type { KafkaMessage } from 'kafkajs';
import type { z } from 'zod';
import { PoisonMessageError } from './failure';

/**
 * Parses a message written by Atalaya itself (an observation, an alert event) against its contract. One that
 * does not parse is a bug upstream that no retry mends: it throws PoisonMessageError, so the transport sets
 * it aside on the dead-letter topic with the reason and the rest of the batch goes on.
 */
export function parseOwnMessage<S extends z.ZodType>(
  schema: S,
  message: KafkaMessage,
  what: string,
): z.output<S> {
  let json: unknown;
  try {
    json = JSON.parse(message.value?.toString() ?? '');
  } catch {
    throw new PoisonMessageError(`${what} at offset ${message.offset} is not JSON`);
  }
  const parsed = schema.safeParse(json);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues
    .map((i) => `${i.path.join('.') || '(message)'}: ${i.message}`)
    .join('; ');
  throw new PoisonMessageError(`${what} at offset ${message.offset} does not match its contract: ${issues}`);
}
