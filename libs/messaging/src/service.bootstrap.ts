import type { DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { NestPinoLogger } from '@atalaya/observability';
import type { Logger } from 'pino';
import { KafkaBatchTransport, type KafkaBatchTransportOptions } from './kafka-batch.transport';

export interface ServiceStart {
  readonly name: string;
  readonly module: DynamicModule;
  readonly port: number;
  readonly logger: Logger;
  /** The Kafka batch consumer, for services that consume; the gateway only serves HTTP. */
  readonly transport?: KafkaBatchTransportOptions;
  /** Body parsing, filters, documentation: anything the HTTP side needs before it listens. */
  readonly configure?: (app: NestExpressApplication) => void;
}

/**
 * Starts one Atalaya service: its Kafka batch consumer, if it has one, and its HTTP side (/health, /metrics), with
 * SIGTERM/SIGINT closing the consumer before the resources it writes to.
 */
export async function startService(opts: ServiceStart): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(opts.module, {
    logger: new NestPinoLogger(opts.logger),
    bufferLogs: true,
    bodyParser: !opts.configure,
  });
  opts.configure?.(app);
  if (opts.transport) {
    app.connectMicroservice(
      { strategy: new KafkaBatchTransport(opts.transport) },
      { inheritAppConfig: true },
    );
    await app.startAllMicroservices();
  }
  await app.listen(opts.port, '127.0.0.1');
  const url = await app.getUrl();
  opts.logger.info({ url, health: `${url}/health`, metrics: `${url}/metrics` }, `${opts.name} started`);
  exitCleanlyOnSignals(app, opts.name, opts.logger);
  return app;
}

/**
 * Nest's own shutdown hooks re-raise the signal after closing, so a clean stop looks like a kill to a
 * supervisor. Here a requested stop closes the app (consumer first, then what it writes to) and exits 0.
 */
function exitCleanlyOnSignals(app: NestExpressApplication, name: string, logger: Logger): void {
  const stop = (signal: NodeJS.Signals) => {
    logger.info({ signal }, `${name} stopping`);
    app
      .close()
      .then(() => {
        logger.info(`${name} stopped`);
        process.exit(0);
      })
      .catch((err: unknown) => {
        logger.error({ err }, `${name} did not stop cleanly`);
        process.exit(1);
      });
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}
