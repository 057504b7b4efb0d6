import 'reflect-metadata';
import { topicNames } from '@atalaya/contracts';
import { httpPort, loadRuntimeConfig } from '@atalaya/config';
import { createKafka, createProducer, startService } from '@atalaya/messaging';
import { createLogger, ServiceMetrics } from '@atalaya/observability';
import { assertMigrated, createDataSource } from '@atalaya/persistence';
import { loadReference } from '@atalaya/reference/files';
import { SwaggerModule } from '@nestjs/swagger';
import { answerBodyErrors } from './body-errors.middleware';
import { ErrorsFilter } from './errors.filter';
import { GatewayModule } from './gateway.module';
import { openApiDocument } from './openapi.document';

async function main(): Promise<void> {
  const config = loadRuntimeConfig();
  const logger = createLogger('gateway', config.LOG_LEVEL);
  const reference = loadReference(config.ATALAYA_REFERENCE_DIR);
  const dataSource = createDataSource(config.DATABASE_URL);
  await dataSource.initialize();
  await assertMigrated(dataSource, config.DATABASE_URL);
  const kafka = createKafka(config.KAFKA_BROKERS, 'atalaya-gateway', logger);
  const producer = createProducer(kafka);
  const admin = kafka.admin();
  await Promise.all([producer.connect(), admin.connect()]);
  await startService({
    name: 'gateway',
    module: GatewayModule.with({
      topics: topicNames(config.ATALAYA_TOPIC_PREFIX),
      reference,
      producer,
      admin,
      dataSource,
      logger,
      metrics: new ServiceMetrics('gateway'),
      close: async () => {
        await Promise.all([producer.disconnect(), admin.disconnect()]);
        await dataSource.destroy();
      },
    }),
    port: httpPort('gateway', 3000),
    logger,
    configure: (app) => {
      app.useBodyParser('json', { limit: '8mb' });
      app.use(answerBodyErrors);
      app.useGlobalFilters(new ErrorsFilter(logger));
      SwaggerModule.setup('docs', app, openApiDocument());
    },
  });
}

main().catch((err: unknown) => {
  createLogger('gateway').fatal({ err }, 'gateway could not start');
  process.exit(1);
});
