import { Module } from '@nestjs/common';
import { SignalLedgerRepository } from '@atalaya/persistence';
import { PlatformModule } from '@atalaya/platform';
import { SIGNALS, SignalsHandler } from './signals.handler';

@Module({
  imports: [
    PlatformModule.forRoot({
      service: 'ingest',
      port: 3101,
      consumes: ({ topics, plan }) => ({ [SIGNALS]: plan.reporters.map((r) => topics.signals(r)) }),
      produces: ({ topics }) => [topics.observations, topics.rejected],
    }),
  ],
  controllers: [SignalsHandler],
  providers: [SignalLedgerRepository],
})
export class IngestModule {}
