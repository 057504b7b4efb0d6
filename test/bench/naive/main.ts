import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Transport, type MicroserviceOptions } from '@nestjs/microservices';
import { createLogger, NestPinoLogger } from '@atalaya/observability';
import { Partitioners } from 'kafkajs';
import { NaiveModule } from './naive.module';
import { loadNaiveSettings } from './naive.settings';

/**
 * The naive baseline of the throughput benchmark: Nest's own Kafka server with its defaults (one message
 * at a time, kafkajs' auto commit), as the NestJS microservices tutorials build it. Not a service of
 * Atalaya's: docs/performance.md, "The naive baseline".
 */
async function main(): Promise<void> {
  const settings = loadNaiveSettings();
  const logger = createLogger('naive', settings.logLevel);
  const app = await NestFactory.createMicroservice<MicroserviceOptions>(
    NaiveModule.forRoot(settings, logger),
    {
      transport: Transport.KAFKA,
      options: {
        client: { brokers: settings.brokers, clientId: 'atalaya-naive' },
        consumer: { groupId: settings.groupId },
        subscribe: { fromBeginning: true },
        postfixId: '',
        // Nest's server also opens a producer (for replies): this only silences kafkajs' partitioner notice.
        producer: { createPartitioner: Partitioners.DefaultPartitioner },
      },
      // Nest's own start-up lines (a route per topic) only when something goes wrong.
      logger: new NestPinoLogger(logger.child({}, { level: 'warn' })),
    },
  );
  app.enableShutdownHooks();
  await app.listen();
  logger.info({ topics: settings.topics.length, groupId: settings.groupId }, 'naive baseline consuming');
}

main().catch((err: unknown) => {
  createLogger('naive').fatal({ err }, 'naive baseline could not start');
  process.exit(1);
});
