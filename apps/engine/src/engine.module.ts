import {
  Inject,
  Module,
  type DynamicModule,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { TopicNames } from '@atalaya/contracts';
import type { OutboxRelay } from '@atalaya/messaging';
import {
  HEALTH_CHECKS,
  ObservabilityController,
  ServiceMetrics,
  type HealthCheck,
} from '@atalaya/observability';
import type { Catalogue } from '@atalaya/triggers';
import type { Admin } from 'kafkajs';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { EvaluationService } from './evaluation.service';
import { ObservationsHandler } from './observations.handler';
import { CATALOGUE, DATA_SOURCE, KAFKA_ADMIN, LOGGER, RELAY, TOPICS } from './tokens';

export interface EngineDeps {
  readonly topics: TopicNames;
  readonly catalogue: Catalogue;
  readonly dataSource: DataSource;
  readonly relay: OutboxRelay;
  readonly admin: Admin;
  readonly logger: Logger;
  readonly metrics: ServiceMetrics;
  readonly close: () => Promise<void>;
}

const CLOSE = Symbol('CLOSE');

@Module({})
export class EngineModule implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    @Inject(RELAY) private readonly relay: OutboxRelay,
    @Inject(CLOSE) private readonly close: () => Promise<void>,
  ) {}

  static with(deps: EngineDeps): DynamicModule {
    const checks: HealthCheck[] = [
      { name: 'kafka', check: async () => void (await deps.admin.describeCluster()) },
      { name: 'database', check: async () => void (await deps.dataSource.query('SELECT 1')) },
    ];
    return {
      module: EngineModule,
      controllers: [ObservationsHandler, ObservabilityController],
      providers: [
        EvaluationService,
        { provide: TOPICS, useValue: deps.topics },
        { provide: CATALOGUE, useValue: deps.catalogue },
        { provide: DATA_SOURCE, useValue: deps.dataSource },
        { provide: RELAY, useValue: deps.relay },
        { provide: KAFKA_ADMIN, useValue: deps.admin },
        { provide: LOGGER, useValue: deps.logger },
        { provide: ServiceMetrics, useValue: deps.metrics },
        { provide: HEALTH_CHECKS, useValue: checks },
        { provide: CLOSE, useValue: deps.close },
      ],
    };
  }

  onApplicationBootstrap(): void {
    this.relay.start();
  }

  /** Runs after the consumer has stopped: the relay drains what is committed, then connections close. */
  async onApplicationShutdown(): Promise<void> {
    await this.relay.stop();
    await this.close();
  }
}
