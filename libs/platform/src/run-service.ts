import type { DynamicModule, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { httpPort, listenAddress } from '@atalaya/config';
import { CONSUMER, LOGGER, type KafkaBatchTransport } from '@atalaya/messaging';
import { createLogger, NestPinoLogger } from '@atalaya/observability';
import type { Logger } from 'pino';
import { PLATFORM_OPTIONS, type PlatformOptions } from './platform.options';

export interface ServiceRun {
  /** Body parsing, filters, documentation: anything the HTTP side needs before it listens. */
  readonly configure?: (app: NestExpressApplication) => void;
}

/**
 * Runs one Atalaya service from its module (which imports PlatformModule.forRoot): its batch consumer, if it
 * has one, and its HTTP side. SIGTERM or SIGINT drains it (see PlatformLifecycle) and exits 0; a failure to
 * start is logged with its reason and exits 1.
 */
export function runService(module: Type | DynamicModule, run: ServiceRun = {}): void {
  startService(module, run)
    .then((app) =>
      exitCleanlyOnSignals(app, app.get<PlatformOptions>(PLATFORM_OPTIONS).service, app.get(LOGGER)),
    )
    .catch((err: unknown) => {
      createLogger('atalaya').fatal({ err }, 'service could not start');
      process.exit(1);
    });
}

/** Starts the service, consumer and HTTP side, and returns it; `app.close()` drains and stops it. */
export async function startService(
  module: Type | DynamicModule,
  run: ServiceRun = {},
): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(module, {
    bufferLogs: true,
    bodyParser: !run.configure,
  });
  const logger = app.get<Logger>(LOGGER);
  const { service, port } = app.get<PlatformOptions>(PLATFORM_OPTIONS);
  app.useLogger(new NestPinoLogger(logger));
  run.configure?.(app);
  const consumer = app.get<KafkaBatchTransport | null>(CONSUMER);
  if (consumer) {
    app.connectMicroservice({ strategy: consumer });
    await app.startAllMicroservices();
  }
  await app.listen(httpPort(service, port), listenAddress());
  const url = await app.getUrl();
  logger.info({ url, ready: `${url}/health/ready`, metrics: `${url}/metrics` }, `${service} started`);
  return app;
}

/**
 * Nest's own shutdown hooks re-raise the signal after closing, so a clean stop looks like a kill to a
 * supervisor (decision 0003). Here a requested stop closes the app and exits 0; a second signal exits at once.
 */
function exitCleanlyOnSignals(app: NestExpressApplication, name: string, logger: Logger): void {
  const stop = (signal: NodeJS.Signals) => {
    logger.info({ signal }, `${name} stopping: draining the batch in hand and the outbox`);
    process.once(signal, () => process.exit(1));
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
