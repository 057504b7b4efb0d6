import { Module } from '@nestjs/common';
import { ApiKeysRepository, SignalLedgerRepository } from '@atalaya/persistence';
import { PlatformModule } from '@atalaya/platform';
import { ApiKeyGuard } from './api-key.guard';
import { SignalsController } from './signals.controller';
import { SubmitSignals } from './submit-signals.use-case';

@Module({
  imports: [
    PlatformModule.forRoot({
      service: 'gateway',
      port: 3000,
      produces: ({ topics, plan }) => plan.reporters.map((r) => topics.signals(r)),
    }),
  ],
  controllers: [SignalsController],
  providers: [SubmitSignals, ApiKeyGuard, SignalLedgerRepository, ApiKeysRepository],
})
export class GatewayModule {}
