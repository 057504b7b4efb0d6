import { readFileSync } from 'node:fs';
import { Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { parseCatalogue } from '@atalaya/triggers';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { naiveEntities, NaiveAlertEvent, NaiveObservation } from './naive.entities';
import { NaiveEvaluator } from './naive.evaluator';
import type { NaiveSettings } from './naive.settings';
import {
  ALERT_EVENTS,
  NAIVE_LOGGER,
  NAIVE_SETTINGS,
  OBSERVATIONS,
  naiveSignalsController,
} from './naive.signals.controller';

/**
 * What `TypeOrmModule.forRoot({ …, synchronize: true })` and `forFeature([…])` set up in the tutorials, by
 * hand (the project does not depend on @nestjs/typeorm): a DataSource that creates its two tables at start,
 * and a repository for each.
 */
@Module({})
export class NaiveModule implements OnApplicationShutdown {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  static forRoot(settings: NaiveSettings, logger: Logger): DynamicModule {
    return {
      module: NaiveModule,
      controllers: [naiveSignalsController(settings.topics)],
      providers: [
        { provide: NAIVE_SETTINGS, useValue: settings },
        { provide: NAIVE_LOGGER, useValue: logger },
        {
          provide: DataSource,
          useFactory: () =>
            new DataSource({
              type: 'postgres',
              url: settings.databaseUrl,
              entities: naiveEntities,
              synchronize: true,
            }).initialize(),
        },
        {
          provide: OBSERVATIONS,
          useFactory: (ds: DataSource) => ds.getRepository(NaiveObservation),
          inject: [DataSource],
        },
        {
          provide: ALERT_EVENTS,
          useFactory: (ds: DataSource) => ds.getRepository(NaiveAlertEvent),
          inject: [DataSource],
        },
        {
          provide: NaiveEvaluator,
          useFactory: () =>
            new NaiveEvaluator(
              parseCatalogue(
                readFileSync(settings.cataloguePath, 'utf8'),
                settings.cataloguePath,
                settings.reference,
              ),
            ),
        },
      ],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.dataSource.destroy();
  }
}
