import { Module, type DynamicModule } from '@nestjs/common';
import type { ReferenceLookup } from '@atalaya/contracts';
import { serviceProviders, type ServiceBasics } from '@atalaya/messaging';
import { ObservabilityController } from '@atalaya/observability';
import { ApiKeyGuard } from './api-key.guard';
import { SignalsController } from './signals.controller';
import { SubmitSignals } from './submit-signals.use-case';
import { REFERENCE } from './tokens';

export interface GatewayDeps extends ServiceBasics {
  readonly reference: ReferenceLookup;
}

@Module({})
export class GatewayModule {
  static with(deps: GatewayDeps): DynamicModule {
    return {
      module: GatewayModule,
      controllers: [SignalsController, ObservabilityController],
      providers: [
        ...serviceProviders(deps),
        SubmitSignals,
        ApiKeyGuard,
        { provide: REFERENCE, useValue: deps.reference },
      ],
    };
  }
}
