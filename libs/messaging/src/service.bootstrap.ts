import type { DynamicModule, INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestPinoLogger } from '@atalaya/observability';
import type { Logger } from 'pino';
import { KafkaBatchTransport, type KafkaBatchTransportOptions } from './kafka-batch.transport';

export interface ServiceStart {
  readonly name: string;
  readonly module: DynamicModule;
  readonly port: number;
  readonly logger: Logger;
  readonly transport: KafkaBatchTransportOptions;
}

/**
 * Starts one Atalaya service: its Kafka batch consumer and its HTTP side (/health, /metrics), with
 * SIGTERM/SIGINT closing the consumer before the resources it writes to.
 */
export async function startService(opts: ServiceStart): Promise<INestApplication> {
  const app = await NestFactory.create(opts.module, {
    logger: new NestPinoLogger(opts.logger),
    bufferLogs: true,
  });
  app.enableShutdownHooks();
  app.connectMicroservice({ strategy: new KafkaBatchTransport(opts.transport) }, { inheritAppConfig: true });
  await app.startAllMicroservices();
  await app.listen(opts.port, '127.0.0.1');
  const url = await app.getUrl();
  opts.logger.info({ url, health: `${url}/health`, metrics: `${url}/metrics` }, `${opts.name} started`);
  return app;
}
