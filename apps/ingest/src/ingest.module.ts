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
      // Every partition of the signals topics at once: the batches that arrive together share one ledger
      // transaction and one produce (GroupCommit), so a unit runs at a time and needs one connection.
      consumption: { partitionsConcurrently: 64 },
      produces: ({ topics, plan }) => [
        topics.observations,
        ...plan.reporters.map((r) => topics.rejections(r)),
      ],
    }),
  ],
  controllers: [SignalsHandler],
  providers: [SignalLedgerRepository],
})
export class IngestModule {}
