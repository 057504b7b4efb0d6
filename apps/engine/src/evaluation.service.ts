import { Inject, Injectable } from '@nestjs/common';
import type { AlertEvent, Observation, TopicNames } from '@atalaya/contracts';
import { DATA_SOURCE, TOPICS, enqueueOutbox } from '@atalaya/messaging';
import { ServiceMetrics } from '@atalaya/observability';
import type { Reference } from '@atalaya/reference';
import {
  evaluateBatch,
  isDerived,
  isPerSeries,
  splitByArrival,
  touchedPairs,
  type Catalogue,
  type DerivedTrigger,
  type Trigger,
} from '@atalaya/triggers';
import type { DataSource } from 'typeorm';
import { insertNewAlertEvents } from './alert-events.repository';
import { evaluateDerivedTriggers } from './derived-triggers';
import { evaluateLateArrivals } from './late-arrivals';
import { insertNewObservations } from './observations.repository';
import { lockStates, saveStates, stateKey } from './trigger-state.repository';
import { CATALOGUE, REFERENCE } from './tokens';

/**
 * The engine's unit of work: one PostgreSQL transaction per consumed batch holds the new observations, the
 * trigger states they moved, the alert events they raised and those events' outbox rows. Either all of it
 * is durable or none of it is, and a redelivered batch finds its observations already stored and does nothing.
 *
 * Series that only move forward are plain evaluator steps from their stored state. Late periods and
 * revisions re-run the trigger over the corrected series and restate what was published. Ratio and corridor
 * triggers are rebuilt from their member series. No-data triggers are the silence watch's, not this path's.
 */
@Injectable()
export class EvaluationService {
  private readonly perSeries: readonly Trigger[];
  private readonly derived: readonly DerivedTrigger[];

  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(CATALOGUE) catalogue: Catalogue,
    @Inject(REFERENCE) private readonly reference: Reference,
    @Inject(TOPICS) private readonly topics: TopicNames,
    private readonly metrics: ServiceMetrics,
  ) {
    this.perSeries = catalogue.triggers.filter(isPerSeries);
    this.derived = catalogue.triggers.filter(isDerived);
  }

  async process(observations: readonly Observation[]): Promise<AlertEvent[]> {
    const { perSeries, derived } = this;
    const { fresh, raised, late } = await this.dataSource.transaction(async (em) => {
      const fresh = await insertNewObservations(em, observations);
      const states = await lockStates(em, touchedPairs(perSeries, fresh));
      const stateOf = (triggerId: string, seriesKey: string) =>
        states.get(stateKey({ triggerId, seriesKey }));
      const split = splitByArrival(perSeries, stateOf, fresh);
      const steps = evaluateBatch(perSeries, stateOf, split.inOrder);
      const revisited = await evaluateLateArrivals(em, perSeries, stateOf, split.late);
      const rebuilt = await evaluateDerivedTriggers(em, derived, this.reference, fresh);
      const changes = [...steps.changes, ...revisited.changes, ...rebuilt.changes];
      await saveStates(
        em,
        changes.map((c) => ({
          key: { triggerId: c.trigger.id, seriesKey: c.seriesKey },
          version: c.trigger.version,
          state: c.state,
        })),
      );
      const raised = await insertNewAlertEvents(em, [
        ...steps.events,
        ...revisited.events,
        ...rebuilt.events,
      ]);
      await enqueueOutbox(
        em,
        raised.map((e) => ({ topic: this.topics.alerts, key: e.alertId, payload: JSON.stringify(e) })),
      );
      return { fresh, raised, late: split.late.size };
    });
    this.metrics.stored.inc({ outcome: 'stored' }, fresh.length);
    this.metrics.stored.inc({ outcome: 'duplicate' }, observations.length - fresh.length);
    this.metrics.lateSeries.inc(late);
    raised.forEach((e) =>
      this.metrics.alerts.inc({ trigger: e.trigger.id, type: e.type, level: e.level ?? 'none' }),
    );
    return raised;
  }
}
