import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { RuntimeConfig } from '@atalaya/config';
import { alertEventSchema, observationSchema, type TopicNames } from '@atalaya/contracts';
import { CONFIG, DATA_SOURCE, KAFKA, LOGGER, PeriodicTask, TOPICS } from '@atalaya/messaging';
import { ActionUpdatesRepository, AlertsRepository, type ActionUpdate } from '@atalaya/persistence';
import { alertAudience, reporterOfSeries } from '@atalaya/routing';
import type { Consumer, Kafka, KafkaMessage } from 'kafkajs';
import type { Logger } from 'pino';
import { Subject, type Observable } from 'rxjs';
import type { DataSource } from 'typeorm';
import { RecipientsInForce } from '../recipients-in-force';
import type { LiveItem } from './live.item';

/** How often acknowledgements and action reports are looked for. */
const ACTIONS_POLL_MS = 1000;
/**
 * How far back each poll looks again: a transaction stamps its rows when it starts and they show when it
 * commits, so a row can appear later than one stamped after it.
 */
const ACTIONS_LOOKBACK_MS = 10_000;
const ACTIONS_PER_POLL = 1000;

/**
 * What every live stream of this gateway process reads from, taken in once: alert events and observations
 * from Kafka through one consumer whose group is this process's own (so every gateway instance sees every
 * event, and commits nothing), and acknowledgements and action reports from one poll of PostgreSQL. Each
 * alert event arrives with its seq and its audience under the routing in force; shadow events never enter.
 */
@Injectable()
export class StreamHub implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly items = new Subject<LiveItem>();
  private readonly consumer: Consumer;
  private readonly actions: PeriodicTask;
  /** Updates stamped at or before this were there before the stream started. */
  private actionsFloor = 0;
  private actionsMark = 0;
  private readonly actionsSeen = new Map<string, number>();

  constructor(
    @Inject(KAFKA) kafka: Kafka,
    @Inject(CONFIG) config: RuntimeConfig,
    @Inject(TOPICS) private readonly topics: TopicNames,
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly alerts: AlertsRepository,
    private readonly updates: ActionUpdatesRepository,
    private readonly recipients: RecipientsInForce,
  ) {
    const groupId = `${config.ATALAYA_TOPIC_PREFIX}atalaya-gateway-stream-${hostname()}-${process.pid}-${randomBytes(4).toString('hex')}`;
    this.consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 250, allowAutoTopicCreation: false });
    this.consumer.on(this.consumer.events.CRASH, ({ payload }) =>
      this.logger.error(
        { err: payload.error, restart: payload.restart },
        'live stream: its consumer crashed',
      ),
    );
    this.actions = new PeriodicTask(
      ACTIONS_POLL_MS,
      () => this.pollActions(),
      (err) => this.logger.error({ err }, 'live stream: action updates poll failed; the next poll retries'),
    );
  }

  /** Everything live, for each connection to filter and show. */
  get live(): Observable<LiveItem> {
    return this.items.asObservable();
  }

  /** Starts reading, and returns once the consumer has fetched: from then on no event is missed. */
  async onApplicationBootstrap(): Promise<void> {
    const start = await this.updates.now(this.dataSource.manager);
    this.actionsFloor = this.actionsMark = start.getTime();
    this.actions.start();
    await this.consumer.connect();
    await this.consumer.subscribe({
      topics: [this.topics.alerts, this.topics.observations],
      fromBeginning: false,
    });
    const fetched = new Promise<void>((resolve) => {
      const stop = this.consumer.on(this.consumer.events.FETCH, () => {
        stop();
        resolve();
      });
    });
    await this.consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch }) => {
        if (batch.topic === this.topics.alerts) await this.alertsArrived(batch.messages);
        else this.observationsArrived(batch.messages);
      },
    });
    await fetched;
    this.logger.info({ topics: [this.topics.alerts, this.topics.observations] }, 'live stream reading');
  }

  /** Stops reading and ends every connection, before the HTTP server closes. */
  async onModuleDestroy(): Promise<void> {
    await this.actions.stop();
    await this.consumer.disconnect();
    this.items.complete();
  }

  private async alertsArrived(messages: readonly KafkaMessage[]): Promise<void> {
    const events = parsed(alertEventSchema, messages, this.logger, 'an alert event').filter((e) => !e.shadow);
    if (events.length === 0) return;
    const seqs = await this.alerts.seqsOf(
      this.dataSource.manager,
      events.map((e) => e.eventId),
    );
    const routing = await this.recipients.routing();
    for (const event of events) {
      const seq = seqs.get(event.eventId);
      const audience = alertAudience(routing, event);
      if (seq === undefined) {
        this.logger.error(
          { eventId: event.eventId },
          'live stream: an alert event is not recorded; not shown',
        );
        continue;
      }
      if (!audience) continue;
      this.items.next({ kind: 'alert', seq, event, audience });
    }
  }

  private observationsArrived(messages: readonly KafkaMessage[]): void {
    for (const observation of parsed(observationSchema, messages, this.logger, 'an observation')) {
      this.items.next({ kind: 'indicator', observation });
    }
  }

  private async pollActions(): Promise<void> {
    const since = new Date(Math.max(this.actionsFloor, this.actionsMark - ACTIONS_LOOKBACK_MS));
    const rows = await this.updates.since(this.dataSource.manager, since, ACTIONS_PER_POLL);
    for (const row of rows) {
      if (this.actionsSeen.has(row.key)) continue;
      this.actionsSeen.set(row.key, row.at.getTime());
      this.actionsMark = Math.max(this.actionsMark, row.at.getTime());
      this.items.next(actionItem(row));
    }
    for (const [key, at] of this.actionsSeen) {
      if (at < this.actionsMark - ACTIONS_LOOKBACK_MS) this.actionsSeen.delete(key);
    }
  }
}

function actionItem(row: ActionUpdate): LiveItem {
  return {
    kind: 'action',
    update: {
      alertId: row.alertId,
      update: row.update,
      organisation: row.organisation,
      actionId: row.actionId,
      status: row.status,
      at: row.at.toISOString(),
    },
    audience: {
      reporter: row.seriesKey === null ? null : reporterOfSeries(row.seriesKey),
      recipients: new Set(row.notified),
    },
  };
}

/** The messages that match their contract; one that does not is logged and left out of the stream. */
function parsed<T>(
  schema: { parse(json: unknown): T },
  messages: readonly KafkaMessage[],
  logger: Logger,
  what: string,
): T[] {
  return messages.flatMap((m) => {
    try {
      return [schema.parse(JSON.parse(m.value?.toString() ?? ''))];
    } catch (err) {
      logger.error({ err, offset: m.offset }, `live stream: ${what} does not parse; not shown`);
      return [];
    }
  });
}
