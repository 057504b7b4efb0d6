import { Kafka, logLevel, Partitioners, type Producer } from 'kafkajs';
import type { Logger } from 'pino';
import { RenewingProducer } from './renewing.producer';

const levels: Record<number, 'error' | 'warn' | 'info' | 'debug'> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'info',
  [logLevel.DEBUG]: 'debug',
};

/** A kafkajs client whose own log lines go through the service's structured logger. */
export function createKafka(brokers: string[], clientId: string, logger: Logger): Kafka {
  const kafkaLogger = logger.child({ component: 'kafkajs' });
  return new Kafka({
    clientId,
    brokers,
    logLevel: logLevel.WARN,
    retry: { retries: 8, initialRetryTime: 200 },
    logCreator:
      () =>
      ({ level, log }) => {
        const { message, ...extra } = log;
        kafkaLogger[levels[level] ?? 'info'](extra, message);
      },
  });
}

/**
 * The one producer configuration Atalaya uses: idempotent, one request in flight (kafkajs has lost
 * messages with more in flight under idempotence), the Java client's partitioner so kcat and Java agree;
 * replaced by a new one when the broker no longer takes its sequence numbers (`RenewingProducer`).
 */
export function createProducer(kafka: Kafka, logger?: Logger): RenewingProducer {
  return new RenewingProducer(
    (): Producer =>
      kafka.producer({
        idempotent: true,
        maxInFlightRequests: 1,
        allowAutoTopicCreation: false,
        // Idempotence holds only while the producer never gives up on a send.
        retry: { retries: Number.MAX_SAFE_INTEGER, maxRetryTime: 30000 },
        createPartitioner: Partitioners.DefaultPartitioner,
      }),
    logger,
  );
}
