import { Inject, Injectable } from '@nestjs/common';
import type { AlertEvent, Observation, TopicNames } from '@atalaya/contracts';
import { DATA_SOURCE, TOPICS, enqueueOutbox } from '@atalaya/messaging';
import { ServiceMetrics } from '@atalaya/observability';
import { evaluateBatch, touchedPairs, type Catalogue } from '@atalaya/triggers';
import type { DataSource } from 'typeorm';
import { insertNewAlertEvents } from './alert-events.repository';
import { insertNewObservations } from './observations.repository';
import { lockStates, saveStates, stateKey } from './trigger-state.repository';
import { CATALOGUE } from './tokens';

/**
 * The engine's unit of work: one PostgreSQL transaction per consumed batch holds the new observations, the
 * trigger states they moved, the alert events they raised and those events' outbox rows. Either all of it
 * is durable or none of it is, and a redelivered batch finds its observations already stored and does nothing.
 */
@Injectable()
export class EvaluationService {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(CATALOGUE) private readonly catalogue: Catalogue,
    @Inject(TOPICS) private readonly topics: TopicNames,
    private readonly metrics: ServiceMetrics,
  ) {}

  async process(observations: readonly Observation[]): Promise<AlertEvent[]> {
    const { triggers } = this.catalogue;
    const { fresh, raised } = await this.dataSource.transaction(async (em) => {
      const fresh = await insertNewObservations(em, observations);
      const states = await lockStates(em, touchedPairs(triggers, fresh));
      const result = evaluateBatch(
        triggers,
        (triggerId, seriesKey) => states.get(stateKey({ triggerId, seriesKey })),
        fresh,
      );
      await saveStates(
        em,
        result.changes.map((c) => ({
          key: { triggerId: c.trigger.id, seriesKey: c.seriesKey },
          version: c.trigger.version,
          state: c.state,
        })),
      );
      const raised = await insertNewAlertEvents(em, result.events);
      await enqueueOutbox(
        em,
        raised.map((e) => ({ topic: this.topics.alerts, key: e.alertId, payload: JSON.stringify(e) })),
      );
      return { fresh, raised };
    });
    this.metrics.stored.inc({ outcome: 'stored' }, fresh.length);
    this.metrics.stored.inc({ outcome: 'duplicate' }, observations.length - fresh.length);
    raised.forEach((e) =>
      this.metrics.alerts.inc({ trigger: e.trigger.id, type: e.type, level: e.level ?? 'none' }),
    );
    return raised;
  }
}
