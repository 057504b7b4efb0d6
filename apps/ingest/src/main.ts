import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { topicNames } from '@atalaya/contracts';
import { httpPort, loadRuntimeConfig } from '@atalaya/config';
import { createKafka, createProducer, parseTopicPlan, startService } from '@atalaya/messaging';
import { createLogger, ServiceMetrics } from '@atalaya/observability';
import { assertMigrated, createDataSource } from '@atalaya/persistence';
import { loadReference } from '@atalaya/reference/files';
import { IngestModule } from './ingest.module';
import { SIGNALS } from './signals.handler';

async function main(): Promise<void> {
  const config = loadRuntimeConfig();
  const logger = createLogger('ingest', config.LOG_LEVEL);
  const topics = topicNames(config.ATALAYA_TOPIC_PREFIX);
  const plan = parseTopicPlan(readFileSync(config.ATALAYA_TOPICS_FILE, 'utf8'), config.ATALAYA_TOPIC_PREFIX);
  const reference = loadReference(config.ATALAYA_REFERENCE_DIR);
  const dataSource = createDataSource(config.DATABASE_URL);
  await dataSource.initialize();
  await assertMigrated(dataSource, config.DATABASE_URL);
  const kafka = createKafka(config.KAFKA_BROKERS, 'atalaya-ingest', logger);
  const producer = createProducer(kafka);
  const admin = kafka.admin();
  await Promise.all([producer.connect(), admin.connect()]);
  const metrics = new ServiceMetrics('ingest');
  await startService({
    name: 'ingest',
    module: IngestModule.with({
      topics,
      reference,
      producer,
      admin,
      dataSource,
      logger,
      metrics,
      close: async () => {
        await Promise.all([producer.disconnect(), admin.disconnect()]);
        await dataSource.destroy();
      },
    }),
    port: httpPort('ingest', 3101),
    logger,
    transport: {
      kafka,
      groupId: `${config.ATALAYA_TOPIC_PREFIX}atalaya-ingest`,
      topics: { [SIGNALS]: plan.reporters.map((r) => topics.signals(r)) },
      logger,
      metrics,
    },
  });
}

main().catch((err: unknown) => {
  createLogger('ingest').fatal({ err }, 'ingest could not start');
  process.exit(1);
});
