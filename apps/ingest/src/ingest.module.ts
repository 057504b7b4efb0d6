import { Module, type DynamicModule } from '@nestjs/common';
import type { ReferenceLookup } from '@atalaya/contracts';
import { serviceProviders, type ServiceBasics } from '@atalaya/messaging';
import { ObservabilityController } from '@atalaya/observability';
import { SignalsHandler } from './signals.handler';
import { REFERENCE } from './tokens';

export interface IngestDeps extends ServiceBasics {
  readonly reference: ReferenceLookup;
}

@Module({})
export class IngestModule {
  static with(deps: IngestDeps): DynamicModule {
    return {
      module: IngestModule,
      controllers: [SignalsHandler, ObservabilityController],
      providers: [...serviceProviders(deps), { provide: REFERENCE, useValue: deps.reference }],
    };
  }
}
