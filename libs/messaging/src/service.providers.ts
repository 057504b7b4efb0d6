import { Inject, Injectable, type OnApplicationShutdown, type Provider } from '@nestjs/common';
import type { TopicNames } from '@atalaya/contracts';
import { HEALTH_CHECKS, ServiceMetrics, type HealthCheck } from '@atalaya/observability';
import type { Admin, Producer } from 'kafkajs';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';

export const TOPICS = Symbol('TOPICS');
export const PRODUCER = Symbol('PRODUCER');
export const LOGGER = Symbol('LOGGER');
export const DATA_SOURCE = Symbol('DATA_SOURCE');
const CLOSE = Symbol('CLOSE');

/** What every Atalaya service is wired with, whatever else it does. */
export interface ServiceBasics {
  readonly topics: TopicNames;
  readonly producer: Producer;
  readonly admin: Admin;
  readonly dataSource: DataSource;
  readonly logger: Logger;
  readonly metrics: ServiceMetrics;
  /** Closes what the service opened; runs after its consumer (if any) has stopped. */
  readonly close: () => Promise<void>;
}

@Injectable()
class CloseOnShutdown implements OnApplicationShutdown {
  constructor(@Inject(CLOSE) private readonly close: () => Promise<void>) {}

  async onApplicationShutdown(): Promise<void> {
    await this.close();
  }
}

/**
 * The providers every service module lists: its topics, producer, database, logger and metrics under the
 * shared tokens, /health checking the broker and the database, and the close hook.
 */
export function serviceProviders(b: ServiceBasics): Provider[] {
  const checks: HealthCheck[] = [
    { name: 'kafka', check: async () => void (await b.admin.describeCluster()) },
    { name: 'database', check: async () => void (await b.dataSource.query('SELECT 1')) },
  ];
  return [
    { provide: TOPICS, useValue: b.topics },
    { provide: PRODUCER, useValue: b.producer },
    { provide: DATA_SOURCE, useValue: b.dataSource },
    { provide: LOGGER, useValue: b.logger },
    { provide: ServiceMetrics, useValue: b.metrics },
    { provide: HEALTH_CHECKS, useValue: checks },
    { provide: CLOSE, useValue: b.close },
    CloseOnShutdown,
  ];
}
