import { readFileSync } from 'node:fs';
import { Module } from '@nestjs/common';
import type { TopicNames } from '@atalaya/contracts';
import type { RuntimeConfig } from '@atalaya/config';
import {
  ADMIN,
  CONFIG,
  CONSUMER,
  LOGGER,
  REFERENCE,
  TOPICS,
  type KafkaBatchTransport,
} from '@atalaya/messaging';
import { PlatformModule } from '@atalaya/platform';
import type { Reference } from '@atalaya/reference';
import { parseCatalogue, silenceWatches, type Catalogue } from '@atalaya/triggers';
import type { Admin } from 'kafkajs';
import type { Logger } from 'pino';
import { ObservationsRepository, TriggerGovernanceRepository } from '@atalaya/persistence';
import { AlertEventsRepository } from './alert-events.repository';
import { AlertLog } from './alert-log';
import { DerivedTriggers } from './derived-triggers';
import { EvaluationService } from './evaluation.service';
import { GovernedTriggers } from './governed-triggers';
import { LateArrivals } from './late-arrivals';
import { OBSERVATIONS, ObservationsHandler } from './observations.handler';
import { SilenceService, type SilenceSettings } from './silence.service';
import { ObservationsWatermark } from './silence.watermark';
import { CATALOGUE, SILENCE } from './tokens';
import { TriggerStateRepository } from './trigger-state.repository';
import { VersionSwitch } from './version-switch';

@Module({
  imports: [
    PlatformModule.forRoot({
      service: 'engine',
      port: 3102,
      consumes: ({ topics }) => ({ [OBSERVATIONS]: [topics.observations] }),
      // Every partition of atalaya.observations (deploy/topics.yaml) at once, their batches group-committed.
      consumption: { partitionsConcurrently: 6 },
      produces: ({ topics }) => [topics.alerts],
      outbox: true,
    }),
  ],
  controllers: [ObservationsHandler],
  providers: [
    EvaluationService,
    SilenceService,
    ObservationsRepository,
    TriggerStateRepository,
    AlertEventsRepository,
    AlertLog,
    LateArrivals,
    DerivedTriggers,
    TriggerGovernanceRepository,
    VersionSwitch,
    GovernedTriggers,
    {
      provide: CATALOGUE,
      useFactory: (config: RuntimeConfig, reference: Reference, logger: Logger): Catalogue => {
        const path = config.ATALAYA_CATALOGUE;
        const catalogue = parseCatalogue(readFileSync(path, 'utf8'), path, reference);
        logger.info(
          { triggers: catalogue.triggers.map((t) => `${t.id}@${t.version}`) },
          'trigger catalogue loaded',
        );
        return catalogue;
      },
      inject: [CONFIG, REFERENCE, LOGGER],
    },
    {
      provide: SILENCE,
      useFactory: (
        config: RuntimeConfig,
        catalogue: Catalogue,
        reference: Reference,
        admin: Admin,
        consumer: KafkaBatchTransport,
        topics: TopicNames,
      ): SilenceSettings => ({
        tickMs: config.ATALAYA_SILENCE_TICK_MS,
        watches: silenceWatches(catalogue, reference),
        watermark: new ObservationsWatermark(admin, consumer.groupId, topics.observations),
      }),
      inject: [CONFIG, CATALOGUE, REFERENCE, ADMIN, CONSUMER, TOPICS],
    },
  ],
})
export class EngineModule {}
