import { Inject, Injectable } from '@nestjs/common';
import {
  codeHref,
  rejectionOf,
  seriesKeyOf,
  type ReferenceLookup,
  type SubmissionReceipt,
  type Reporter,
  type TopicNames,
} from '@atalaya/contracts';
import { ServiceMetrics } from '@atalaya/observability';
import {
  REFERENCE,
  DATA_SOURCE,
  PRODUCER,
  TOPICS,
  sendChunked,
  type MessageProducer,
} from '@atalaya/messaging';
import { SignalLedgerRepository } from '@atalaya/persistence';
import type { DataSource } from 'typeorm';
import { ledgerEntriesOf, screenItems, settleItems, type ItemJudgement } from './judge';

/**
 * One HTTP submission: judge every item, write the accepted ones to the agency's own signals topic (Kafka
 * stays the log of record) and the rejected ones to the rejection topic, then answer item by item. A dry run
 * judges the same way, against the same ledger, and writes nothing anywhere.
 */
@Injectable()
export class SubmitSignals {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(PRODUCER) private readonly producer: MessageProducer,
    @Inject(REFERENCE) private readonly reference: ReferenceLookup,
    @Inject(TOPICS) private readonly topics: TopicNames,
    private readonly ledger: SignalLedgerRepository,
    private readonly metrics: ServiceMetrics,
  ) {}

  async execute(
    reporter: Reporter,
    items: readonly unknown[],
    requestId: string,
    dryRun = false,
  ): Promise<SubmissionReceipt> {
    const now = new Date();
    const screened = screenItems(items, {
      reporter,
      reference: this.reference,
      today: now.toISOString().slice(0, 10),
      requestId,
    });
    const ledger = await this.ledger.read(this.dataSource.manager, reporter, ledgerEntriesOf(screened), {
      lock: false,
    });
    const judged = settleItems(screened, ledger);
    if (!dryRun) {
      await this.publish(reporter, judged, requestId, items, now);
      judged.forEach((j) => this.count(reporter, j));
    }
    return {
      requestId,
      dryRun,
      counts: {
        accepted: judged.filter((j) => j.status === 'accepted').length,
        duplicate: judged.filter((j) => j.status === 'duplicate').length,
        rejected: judged.filter((j) => j.status === 'rejected').length,
      },
      results: judged.map((j, index) =>
        j.status === 'rejected'
          ? { index, signalId: j.signalId, status: j.status, ...j.fault, help: codeHref(j.fault.code) }
          : { index, signalId: j.signal.signalId, status: j.status },
      ),
    };
  }

  private async publish(
    reporter: string,
    judged: readonly ItemJudgement[],
    requestId: string,
    items: readonly unknown[],
    now: Date,
  ): Promise<void> {
    const accepted = judged.flatMap((j) =>
      j.status === 'accepted' ? [{ key: seriesKeyOf(j.signal), value: JSON.stringify(j.signal) }] : [],
    );
    const rejected = judged.flatMap((j, item) => {
      if (j.status !== 'rejected') return [];
      const source = { door: 'http' as const, requestId, item };
      const rejection = rejectionOf(
        reporter,
        j.fault,
        source,
        // An item too deep to judge is too deep to write out again: JSON.stringify would recurse through it.
        j.fault.code === 'TOO_DEEP'
          ? `(not echoed: ${j.fault.message})`
          : (JSON.stringify(items[item]) ?? ''),
        now,
        j.signalId,
      );
      return [{ key: reporter, value: JSON.stringify(rejection) }];
    });
    await sendChunked(this.producer, [
      { topic: this.topics.signals(reporter), messages: accepted },
      { topic: this.topics.rejections(reporter), messages: rejected },
    ]);
  }

  private count(reporter: string, j: ItemJudgement): void {
    if (j.status === 'accepted') this.metrics.accepted.inc({ reporter });
    else if (j.status === 'duplicate') this.metrics.duplicates.inc({ reporter });
    else this.metrics.rejected.inc({ reporter, code: j.fault.code });
  }
}
