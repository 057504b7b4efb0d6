import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { topicNames } from '@atalaya/contracts';
import { httpPort, loadRuntimeConfig } from '@atalaya/config';
import { createKafka, createProducer, OutboxRelay, startService } from '@atalaya/messaging';
import { createLogger, ServiceMetrics } from '@atalaya/observability';
import { assertMigrated, createDataSource } from '@atalaya/persistence';
import { loadReference } from '@atalaya/reference/files';
import { parseCatalogue, silenceWatches } from '@atalaya/triggers';
import { EngineModule } from './engine.module';
import { OBSERVATIONS } from './observations.handler';
import { ObservationsWatermark } from './silence.watermark';

async function main(): Promise<void> {
  const config = loadRuntimeConfig();
  const logger = createLogger('engine', config.LOG_LEVEL);
  const reference = loadReference(config.ATALAYA_REFERENCE_DIR);
  const catalogue = parseCatalogue(
    readFileSync(config.ATALAYA_CATALOGUE, 'utf8'),
    config.ATALAYA_CATALOGUE,
    reference,
  );
  const watches = silenceWatches(catalogue, reference);
  const topics = topicNames(config.ATALAYA_TOPIC_PREFIX);
  const groupId = `${config.ATALAYA_TOPIC_PREFIX}atalaya-engine`;
  const metrics = new ServiceMetrics('engine');
  const dataSource = createDataSource(config.DATABASE_URL);
  await dataSource.initialize();
  await assertMigrated(dataSource, config.DATABASE_URL);
  const kafka = createKafka(config.KAFKA_BROKERS, 'atalaya-engine', logger);
  const producer = createProducer(kafka);
  const admin = kafka.admin();
  await Promise.all([producer.connect(), admin.connect()]);
  const relay = new OutboxRelay(dataSource, producer, logger, (topic, n) =>
    metrics.published.inc({ topic }, n),
  );
  logger.info(
    { triggers: catalogue.triggers.map((t) => `${t.id}@${t.version}`) },
    'trigger catalogue loaded',
  );
  const silence = {
    tickMs: config.ATALAYA_SILENCE_TICK_MS,
    watches,
    watermark: new ObservationsWatermark(admin, groupId, topics.observations),
  };
  await startService({
    name: 'engine',
    module: EngineModule.with({
      topics,
      catalogue,
      reference,
      silence,
      dataSource,
      relay,
      producer,
      admin,
      logger,
      metrics,
      close: async () => {
        await relay.stop();
        await Promise.all([producer.disconnect(), admin.disconnect()]);
        await dataSource.destroy();
      },
    }),
    port: httpPort('engine', 3102),
    logger,
    transport: {
      kafka,
      groupId,
      topics: { [OBSERVATIONS]: [topics.observations] },
      logger,
      metrics,
    },
  });
}

main().catch((err: unknown) => {
  createLogger('engine').fatal({ err }, 'engine could not start');
  process.exit(1);
});
