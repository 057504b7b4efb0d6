import { Inject, Module, type DynamicModule, type OnApplicationBootstrap } from '@nestjs/common';
import { serviceProviders, type OutboxRelay, type ServiceBasics } from '@atalaya/messaging';
import { ObservabilityController } from '@atalaya/observability';
import type { Reference } from '@atalaya/reference';
import type { Catalogue } from '@atalaya/triggers';
import { EvaluationService } from './evaluation.service';
import { ObservationsHandler } from './observations.handler';
import { SilenceService, type SilenceSettings } from './silence.service';
import { CATALOGUE, REFERENCE, RELAY, SILENCE } from './tokens';

export interface EngineDeps extends ServiceBasics {
  readonly catalogue: Catalogue;
  /** The whole reference data: reporters' cadences, corridors' lags. */
  readonly reference: Reference;
  /** Started with the app; `close` must stop it before closing what it publishes with. */
  readonly relay: OutboxRelay;
  /** The no-data watch; it stops ticking before `close` runs. */
  readonly silence: SilenceSettings;
}

@Module({})
export class EngineModule implements OnApplicationBootstrap {
  constructor(@Inject(RELAY) private readonly relay: OutboxRelay) {}

  static with(deps: EngineDeps): DynamicModule {
    return {
      module: EngineModule,
      controllers: [ObservationsHandler, ObservabilityController],
      providers: [
        ...serviceProviders(deps),
        EvaluationService,
        SilenceService,
        { provide: CATALOGUE, useValue: deps.catalogue },
        { provide: REFERENCE, useValue: deps.reference },
        { provide: RELAY, useValue: deps.relay },
        { provide: SILENCE, useValue: deps.silence },
      ],
    };
  }

  onApplicationBootstrap(): void {
    this.relay.start();
  }
}
