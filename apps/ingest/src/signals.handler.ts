import { Inject } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { BatchConsumer } from '@atalaya/platform';
import {
  decideBatch,
  type LedgerDecision,
  type LedgerEntry,
  type ReferenceLookup,
  type Reporter,
  type TopicNames,
} from '@atalaya/contracts';
import {
  REFERENCE,
  DATA_SOURCE,
  GroupCommit,
  LOGGER,
  PRODUCER,
  TOPICS,
  sendChunked,
  type KafkaBatch,
  type MessageProducer,
} from '@atalaya/messaging';
import { printable, ServiceMetrics } from '@atalaya/observability';
import { SignalIdTakenError, SignalLedgerRepository } from '@atalaya/persistence';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { screen, settle, today, type IntakeContext, type IntakeOutcome, type Screened } from './intake';

export const SIGNALS = 'signals';

/** Judgements of one batch that another reporter's new signal ids can overtake before it gives up. */
const JUDGE_ATTEMPTS = 3;

/**
 * Signals one unit of work takes at most (a larger batch alone): a few partitions' fetches while a backlog
 * is consumed, every partition's at the pace of a live feed. It bounds what a unit holds in memory.
 */
const UNIT_SIGNALS = 10_000;

type Valid = Extract<Screened, { kind: 'valid' }>;

@BatchConsumer()
export class SignalsHandler {
  constructor(
    @Inject(TOPICS) private readonly topics: TopicNames,
    @Inject(REFERENCE) private readonly reference: ReferenceLookup,
    @Inject(PRODUCER) private readonly producer: MessageProducer,
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly ledger: SignalLedgerRepository,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly metrics: ServiceMetrics,
  ) {}

  /**
   * Batches of the partitions consumed side by side are group-committed: those that arrive while a unit runs
   * are taken together by the next one (`GroupCommit`), one ledger transaction and one produce for all.
   */
  private readonly units = new GroupCommit<KafkaBatch>(
    (batches) => this.intake(batches),
    UNIT_SIGNALS,
    (batch) => batch.messages.length,
  );

  @EventPattern(SIGNALS)
  handle(@Payload() batch: KafkaBatch): Promise<void> {
    return this.units.submit([batch]);
  }

  /**
   * Validates batches, judges the valid signals against the ledger (duplicates, conflicts, revisions) in one
   * transaction, and produces every outcome before the transport commits the batches' offsets. If the
   * process dies after the ledger commit, the batches come again and their signals are recognised as
   * redelivered, so their observations are produced then.
   */
  private async intake(batches: readonly KafkaBatch[]): Promise<void> {
    const now = new Date();
    const ctx: IntakeContext = { topics: this.topics, reference: this.reference, now, today: today(now) };
    const screened = batches.flatMap((batch) =>
      batch.messages.map((m) =>
        screen(ctx, { topic: batch.topic, partition: batch.partition, offset: m.offset }, m.value),
      ),
    );
    const valid = screened.filter((s): s is Valid => s.kind === 'valid');
    const decisions = valid.length === 0 ? [] : await this.judge(valid);
    const outcomes: IntakeOutcome[] = [
      ...screened.filter((s): s is Extract<Screened, { kind: 'rejected' }> => s.kind === 'rejected'),
      ...valid.map((v, i) => settle(ctx, v, decisions[i])),
    ];
    await this.publish(outcomes);
    this.count(outcomes);
    const done = Date.now();
    batches.forEach((batch) =>
      batch.messages.forEach((m) => this.metrics.stageCompleted('intake', Number(m.timestamp), done)),
    );
  }

  /**
   * Judges valid signals against the ledger and records the accepted ones, in one transaction holding the
   * ledger locks of their reporters (each signal validated to speak for the reporter of its topic). If
   * another transaction recorded one of their ids meanwhile, it judges them again, now seeing that id.
   */
  private async judge(valid: readonly Valid[]): Promise<LedgerDecision[]> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.judgeOnce(valid);
      } catch (error) {
        if (!(error instanceof SignalIdTakenError) || attempt === JUDGE_ATTEMPTS) throw error;
        this.logger.info({ err: error, attempt }, 'a signal id was taken meanwhile; judging the batch again');
      }
    }
  }

  private judgeOnce(valid: readonly Valid[]): Promise<LedgerDecision[]> {
    return this.dataSource.transaction(async (em) => {
      const entries = valid.map((v) => v.entry);
      const ledger = await this.ledger.readAll(
        em,
        byReporter(valid, () => true),
        { lock: true },
      );
      const decided = decideBatch(entries, ledger);
      await this.ledger.recordAllAccepted(
        em,
        byReporter(valid, (i) => decided[i].kind === 'accepted'),
      );
      return decided;
    });
  }

  private async publish(outcomes: readonly IntakeOutcome[]): Promise<void> {
    const observations: { key: string; value: string }[] = [];
    const rejections = new Map<string, { key: string; value: string }[]>();
    for (const o of outcomes) {
      if (o.kind === 'accepted') {
        observations.push({ key: o.observation.seriesKey, value: JSON.stringify(o.observation) });
      } else if (o.kind === 'rejected') {
        const topic = this.topics.rejections(o.rejection.reporter);
        const messages = rejections.get(topic) ?? [];
        messages.push({ key: o.rejection.reporter, value: JSON.stringify(o.rejection) });
        rejections.set(topic, messages);
      }
    }
    await sendChunked(this.producer, [
      { topic: this.topics.observations, messages: observations },
      ...[...rejections].map(([topic, messages]) => ({ topic, messages })),
    ]);
  }

  /** Counts a batch's outcomes, one increment per counter and label set, and logs each rejection. */
  private count(outcomes: readonly IntakeOutcome[]): void {
    const accepted = new Map<string, number>();
    const duplicates = new Map<string, number>();
    const add = (tally: Map<string, number>, reporter: string) =>
      tally.set(reporter, (tally.get(reporter) ?? 0) + 1);
    for (const o of outcomes) {
      if (o.kind === 'accepted') {
        add(accepted, o.observation.reporter);
      } else if (o.kind === 'duplicate') {
        add(duplicates, o.signal.reporter);
      } else {
        const { reporter, code, path, signalId, source } = o.rejection;
        this.metrics.rejected.inc({ reporter, code });
        // The id and the path are the sender's text, whatever it held: a log line shows them written out.
        this.logger.info(
          {
            code,
            path: printable(path),
            signalId: signalId === undefined ? undefined : printable(signalId),
            source,
          },
          'signal rejected',
        );
      }
    }
    accepted.forEach((n, reporter) => this.metrics.accepted.inc({ reporter }, n));
    duplicates.forEach((n, reporter) => this.metrics.duplicates.inc({ reporter }, n));
  }
}

/** The ledger entries of the signals that `keep`, by reporter. */
function byReporter(valid: readonly Valid[], keep: (i: number) => boolean): Map<Reporter, LedgerEntry[]> {
  const out = new Map<Reporter, LedgerEntry[]>();
  valid.forEach((v, i) => {
    if (!keep(i)) return;
    const list = out.get(v.reporter) ?? [];
    list.push(v.entry);
    out.set(v.reporter, list);
  });
  return out;
}
