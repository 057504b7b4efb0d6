import { readFileSync } from 'node:fs';
import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { topicNames, type TopicNames } from '@atalaya/contracts';
import { kafkaConnection, loadRuntimeConfig, type RuntimeConfig } from '@atalaya/config';
import {
  ADMIN,
  CONFIG,
  CONSUMER,
  createKafka,
  createProducer,
  type MessageProducer,
  DATA_SOURCE,
  KAFKA,
  KafkaBatchTransport,
  LOGGER,
  OutboxRelay,
  parseTopicPlan,
  PRODUCER,
  REFERENCE,
  registerOutboxAge,
  RELAY,
  TOPIC_PLAN,
  TOPICS,
  type OnPublished,
  type TopicPlan,
} from '@atalaya/messaging';
import { createLogger, ServiceMetrics } from '@atalaya/observability';
import { assertMigrated, createDataSource } from '@atalaya/persistence';
import { loadReference } from '@atalaya/reference/files';
import type { Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { HealthController } from './health/health.controller';
import { MetricsController } from './metrics.controller';
import { PlatformLifecycle } from './platform.lifecycle';
import { PLATFORM_OPTIONS, type PlatformOptions } from './platform.options';

/**
 * What every Atalaya service stands on, one piece: configuration from the environment, the structured
 * logger, metrics, the reference data, the database (migrated or refused), the Kafka client, producer and
 * admin client, the batch consumer and the outbox relay where the service has them, /health and /metrics.
 * Nest's lifecycle starts them in dependency order and PlatformLifecycle stops them in the right one.
 */
@Module({})
export class PlatformModule {
  static forRoot(options: PlatformOptions): DynamicModule {
    const providers: Provider[] = [
      { provide: PLATFORM_OPTIONS, useValue: options },
      { provide: CONFIG, useFactory: () => loadRuntimeConfig() },
      {
        provide: LOGGER,
        useFactory: (c: RuntimeConfig) => createLogger(options.service, c.LOG_LEVEL),
        inject: [CONFIG],
      },
      { provide: ServiceMetrics, useFactory: () => new ServiceMetrics(options.service) },
      {
        provide: TOPICS,
        useFactory: (c: RuntimeConfig) => topicNames(c.ATALAYA_TOPIC_PREFIX),
        inject: [CONFIG],
      },
      {
        provide: TOPIC_PLAN,
        useFactory: (c: RuntimeConfig) =>
          parseTopicPlan(readFileSync(c.ATALAYA_TOPICS_FILE, 'utf8'), c.ATALAYA_TOPIC_PREFIX),
        inject: [CONFIG],
      },
      {
        provide: REFERENCE,
        useFactory: (c: RuntimeConfig) => loadReference(c.ATALAYA_REFERENCE_DIR),
        inject: [CONFIG],
      },
      {
        provide: DATA_SOURCE,
        useFactory: async (c: RuntimeConfig) => {
          const dataSource = createDataSource(c.DATABASE_URL);
          await dataSource.initialize();
          await assertMigrated(dataSource, c.DATABASE_URL);
          return dataSource;
        },
        inject: [CONFIG],
      },
      {
        provide: KAFKA,
        useFactory: (c: RuntimeConfig, logger: Logger) =>
          createKafka(kafkaConnection(c), `atalaya-${options.service}`, logger),
        inject: [CONFIG, LOGGER],
      },
      {
        provide: PRODUCER,
        useFactory: async (kafka: Kafka, logger: Logger) => {
          const producer = createProducer(kafka, logger);
          await producer.connect();
          return producer;
        },
        inject: [KAFKA, LOGGER],
      },
      {
        provide: ADMIN,
        useFactory: async (kafka: Kafka) => {
          const admin = kafka.admin();
          await admin.connect();
          return admin;
        },
        inject: [KAFKA],
      },
      {
        provide: CONSUMER,
        useFactory: (
          c: RuntimeConfig,
          kafka: Kafka,
          producer: MessageProducer,
          topics: TopicNames,
          plan: TopicPlan,
          logger: Logger,
          metrics: ServiceMetrics,
        ) =>
          options.consumes
            ? new KafkaBatchTransport({
                kafka,
                groupId: `${c.ATALAYA_TOPIC_PREFIX}atalaya-${options.service}`,
                topics: options.consumes({ topics, plan }),
                consumption: options.consumption,
                logger,
                metrics,
                producer,
                deadLetterTopic: (source) => topics.deadLetter(source),
                retry: {
                  maxAttempts: c.ATALAYA_MAX_ATTEMPTS,
                  backoff: { initialMs: c.ATALAYA_RETRY_INITIAL_MS, maxMs: c.ATALAYA_RETRY_MAX_MS },
                },
              })
            : null,
        inject: [CONFIG, KAFKA, PRODUCER, TOPICS, TOPIC_PLAN, LOGGER, ServiceMetrics],
      },
      {
        provide: RELAY,
        useFactory: (
          dataSource: DataSource,
          producer: MessageProducer,
          logger: Logger,
          metrics: ServiceMetrics,
          topics: TopicNames,
        ) => {
          if (!options.outbox) return null;
          const relay = new OutboxRelay(dataSource, producer, logger, countPublished(metrics, topics));
          registerOutboxAge(metrics.registry, relay);
          return relay;
        },
        inject: [DATA_SOURCE, PRODUCER, LOGGER, ServiceMetrics, TOPICS],
      },
      PlatformLifecycle,
    ];
    return {
      module: PlatformModule,
      global: true,
      imports: [TerminusModule.forRoot({ logger: false })],
      controllers: [HealthController, MetricsController],
      providers,
      exports: [
        PLATFORM_OPTIONS,
        CONFIG,
        LOGGER,
        ServiceMetrics,
        TOPICS,
        TOPIC_PLAN,
        REFERENCE,
        DATA_SOURCE,
        KAFKA,
        PRODUCER,
        ADMIN,
        CONSUMER,
        RELAY,
      ],
    };
  }
}

/** Counts what the relay published; alert events reaching their topic complete the evaluation stage. */
function countPublished(metrics: ServiceMetrics, topics: TopicNames): OnPublished {
  return (topic, writtenAt) => {
    metrics.published.inc({ topic }, writtenAt.length);
    if (topic !== topics.alerts) return;
    const now = Date.now();
    writtenAt.forEach((at) => metrics.stageCompleted('evaluation', at.getTime(), now));
  };
}
