import { readFileSync } from 'node:fs';
import { Kafka, logLevel, Partitioners, type KafkaConfig, type Producer } from 'kafkajs';
import type { KafkaConnectionSettings } from '@atalaya/config';
import type { Logger } from 'pino';
import { AnsweredProducer } from './answered.producer';
import { RenewingProducer, type MessageProducer } from './renewing.producer';

const levels: Record<number, 'error' | 'warn' | 'info' | 'debug'> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'info',
  [logLevel.DEBUG]: 'debug',
};

/** Where the broker is and, on a secured broker, who this client is (libs/config's `kafkaConnection`). */
export type KafkaConnection = KafkaConnectionSettings;

/** kafkajs's `ssl` and `sasl` options for a connection: SCRAM-SHA-512, over TLS with `sasl_ssl`. */
export function securityOptions(connection: KafkaConnection): Pick<KafkaConfig, 'ssl' | 'sasl'> {
  const s = connection.security;
  if (!s) return {};
  const sasl = { mechanism: 'scram-sha-512' as const, username: s.username, password: s.password };
  if (s.protocol === 'sasl_plaintext') return { sasl };
  let ca: string | undefined;
  if (s.caFile) {
    try {
      ca = readFileSync(s.caFile, 'utf8');
    } catch (err) {
      throw new Error(
        `KAFKA_SSL_CA_FILE=${s.caFile} cannot be read (${(err as Error).message}): give the PEM file of the broker's CA`,
      );
    }
  }
  return { sasl, ssl: ca ? { ca: [ca] } : true };
}

/** A kafkajs client whose own log lines go through the service's structured logger. */
export function createKafka(connection: KafkaConnection, clientId: string, logger: Logger): Kafka {
  const kafkaLogger = logger.child({ component: 'kafkajs' });
  return new Kafka({
    clientId,
    brokers: [...connection.brokers],
    ...securityOptions(connection),
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
 * replaced by a new one when the broker no longer takes its sequence numbers (`RenewingProducer`); and
 * sending again what a partition did not answer for (`AnsweredProducer`, kafkajs#1303).
 */
export function createProducer(kafka: Kafka, logger?: Logger): MessageProducer {
  const renewing = new RenewingProducer(
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
  return new AnsweredProducer(renewing, kafka.admin(), logger);
}
