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
      // A batch is one reporter's and its ledger transaction holds that reporter's lock, so batches of
      // different partitions are independent; four leave one of the five pooled connections free.
      consumption: { partitionsConcurrently: 4 },
      produces: ({ topics }) => [topics.observations, topics.rejected],
    }),
  ],
  controllers: [SignalsHandler],
  providers: [SignalLedgerRepository],
})
export class IngestModule {}
