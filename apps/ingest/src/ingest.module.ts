import { Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import type { TopicNames } from '@atalaya/contracts';
import {
  HEALTH_CHECKS,
  ObservabilityController,
  ServiceMetrics,
  type HealthCheck,
} from '@atalaya/observability';
import type { Admin, Producer } from 'kafkajs';
import type { Logger } from 'pino';
import { SignalsHandler } from './signals.handler';
import { KAFKA_ADMIN, LOGGER, PRODUCER, TOPICS } from './tokens';

export interface IngestDeps {
  readonly topics: TopicNames;
  readonly producer: Producer;
  readonly admin: Admin;
  readonly logger: Logger;
  readonly metrics: ServiceMetrics;
}

@Module({})
export class IngestModule implements OnApplicationShutdown {
  constructor(
    @Inject(PRODUCER) private readonly producer: Producer,
    @Inject(KAFKA_ADMIN) private readonly admin: Admin,
  ) {}

  static with(deps: IngestDeps): DynamicModule {
    const kafkaCheck: HealthCheck = {
      name: 'kafka',
      check: async () => void (await deps.admin.describeCluster()),
    };
    return {
      module: IngestModule,
      controllers: [SignalsHandler, ObservabilityController],
      providers: [
        { provide: TOPICS, useValue: deps.topics },
        { provide: PRODUCER, useValue: deps.producer },
        { provide: KAFKA_ADMIN, useValue: deps.admin },
        { provide: LOGGER, useValue: deps.logger },
        { provide: ServiceMetrics, useValue: deps.metrics },
        { provide: HEALTH_CHECKS, useValue: [kafkaCheck] },
      ],
    };
  }

  /** Runs after the consumer has stopped, so no batch is mid-flight when the producer goes. */
  async onApplicationShutdown(): Promise<void> {
    await this.producer.disconnect();
    await this.admin.disconnect();
  }
}
