import { Inject, Injectable } from '@nestjs/common';
import type { AlertEvent, TopicNames } from '@atalaya/contracts';
import { LOGGER, RELAY, TOPICS, enqueueOutbox, type OutboxRelay } from '@atalaya/messaging';
import { ServiceMetrics } from '@atalaya/observability';
import type { Logger } from 'pino';
import type { EntityManager } from 'typeorm';
import { AlertEventsRepository } from './alert-events.repository';

/**
 * Where every alert event the engine raises is recorded, whichever path raised it: once in the alert
 * history and the outbox, inside the caller's transaction (`record`), then counted, logged and handed to
 * the relay once that transaction has committed (`published`).
 */
@Injectable()
export class AlertLog {
  constructor(
    private readonly alertEvents: AlertEventsRepository,
    @Inject(TOPICS) private readonly topics: TopicNames,
    @Inject(RELAY) private readonly relay: OutboxRelay,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly metrics: ServiceMetrics,
  ) {}

  /** Records the events not recorded yet and enqueues them for publication; returns those. */
  async record(em: EntityManager, events: readonly AlertEvent[]): Promise<AlertEvent[]> {
    const raised = await this.alertEvents.insertNew(em, events);
    await enqueueOutbox(
      em,
      raised.map((e) => ({ topic: this.topics.alerts, key: e.alertId, payload: JSON.stringify(e) })),
    );
    return raised;
  }

  /** After the transaction that recorded `raised` committed. */
  published(raised: readonly AlertEvent[]): void {
    for (const e of raised) {
      this.metrics.alerts.inc({ trigger: e.trigger.id, type: e.type, level: e.level ?? 'none' });
      const { silentSince } = e.evidence;
      this.logger.info(
        {
          alertId: e.alertId,
          type: e.type,
          level: e.level,
          trigger: e.trigger.id,
          seriesKey: e.seriesKey,
          ...(silentSince === undefined ? {} : { silentSince, missed: e.evidence.value }),
        },
        'alert event',
      );
    }
    if (raised.length > 0) this.relay.kick();
  }
}
