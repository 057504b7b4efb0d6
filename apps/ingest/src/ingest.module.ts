import { Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import type { ReferenceLookup, TopicNames } from '@atalaya/contracts';
import {
  HEALTH_CHECKS,
  ObservabilityController,
  ServiceMetrics,
  type HealthCheck,
} from '@atalaya/observability';
import type { Admin, Producer } from 'kafkajs';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { SignalsHandler } from './signals.handler';
import { CLOSE, DATA_SOURCE, LOGGER, PRODUCER, REFERENCE, TOPICS } from './tokens';

export interface IngestDeps {
  readonly topics: TopicNames;
  readonly reference: ReferenceLookup;
  readonly producer: Producer;
  readonly admin: Admin;
  readonly dataSource: DataSource;
  readonly logger: Logger;
  readonly metrics: ServiceMetrics;
  readonly close: () => Promise<void>;
}

@Module({})
export class IngestModule implements OnApplicationShutdown {
  constructor(@Inject(CLOSE) private readonly close: () => Promise<void>) {}

  static with(deps: IngestDeps): DynamicModule {
    const checks: HealthCheck[] = [
      { name: 'kafka', check: async () => void (await deps.admin.describeCluster()) },
      { name: 'database', check: async () => void (await deps.dataSource.query('SELECT 1')) },
    ];
    return {
      module: IngestModule,
      controllers: [SignalsHandler, ObservabilityController],
      providers: [
        { provide: TOPICS, useValue: deps.topics },
        { provide: REFERENCE, useValue: deps.reference },
        { provide: PRODUCER, useValue: deps.producer },
        { provide: DATA_SOURCE, useValue: deps.dataSource },
        { provide: LOGGER, useValue: deps.logger },
        { provide: ServiceMetrics, useValue: deps.metrics },
        { provide: HEALTH_CHECKS, useValue: checks },
        { provide: CLOSE, useValue: deps.close },
      ],
    };
  }

  /** Runs after the consumer has stopped, so no batch is mid-flight when its connections close. */
  async onApplicationShutdown(): Promise<void> {
    await this.close();
  }
}
