import { Inject, Module, type DynamicModule, type OnApplicationBootstrap } from '@nestjs/common';
import { serviceProviders, type OutboxRelay, type ServiceBasics } from '@atalaya/messaging';
import { ObservabilityController } from '@atalaya/observability';
import type { Catalogue } from '@atalaya/triggers';
import { EvaluationService } from './evaluation.service';
import { ObservationsHandler } from './observations.handler';
import { CATALOGUE, RELAY } from './tokens';

export interface EngineDeps extends ServiceBasics {
  readonly catalogue: Catalogue;
  /** Started with the app; `close` must stop it before closing what it publishes with. */
  readonly relay: OutboxRelay;
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
        { provide: CATALOGUE, useValue: deps.catalogue },
        { provide: RELAY, useValue: deps.relay },
      ],
    };
  }

  onApplicationBootstrap(): void {
    this.relay.start();
  }
}
