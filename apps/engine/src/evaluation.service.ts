import { Inject, Injectable } from '@nestjs/common';
import type { Observation } from '@atalaya/contracts';
import { DATA_SOURCE, GroupCommit, REFERENCE } from '@atalaya/messaging';
import { ServiceMetrics } from '@atalaya/observability';
import { ObservationsRepository } from '@atalaya/persistence';
import type { Reference } from '@atalaya/reference';
import { evaluateBatch, splitByArrival, touchedPairs } from '@atalaya/triggers';
import type { DataSource } from 'typeorm';
import { AlertLog } from './alert-log';
import { DerivedTriggers } from './derived-triggers';
import { GovernedTriggers } from './governed-triggers';
import { LateArrivals } from './late-arrivals';
import { stateKey, TriggerStateRepository } from './trigger-state.repository';

/**
 * The engine's unit of work: one PostgreSQL transaction per consumed batch holds the new observations, the
 * trigger states they moved, the alert events they raised and those events' outbox rows. Either all of it
 * is durable or none of it is, and a redelivered batch finds its observations already stored and does nothing.
 *
 * Series that only move forward are plain evaluator steps from their stored state. Late periods and
 * revisions re-run the trigger over the corrected series and restate what was published. Ratio and corridor
 * triggers are rebuilt from their member series. No-data triggers are the silence watch's, not this path's.
 * The triggers are the versions in force and the shadow runs of the versions proposed (`GovernedTriggers`).
 * Every observation is evaluated with its series break, its own or one its reporter declared, and so is
 * every stored one read back (`ObservationsRepository`).
 *
 * The partitions are consumed side by side and their batches group-committed (`GroupCommit`): the batches
 * that arrive while a transaction runs share the next one. Partitions hold distinct series, so a unit of
 * several batches evaluates each series exactly as its own batch would.
 */
@Injectable()
export class EvaluationService {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly governed: GovernedTriggers,
    @Inject(REFERENCE) private readonly reference: Reference,
    private readonly observations: ObservationsRepository,
    private readonly states: TriggerStateRepository,
    private readonly lateArrivals: LateArrivals,
    private readonly derivedTriggers: DerivedTriggers,
    private readonly alertLog: AlertLog,
    private readonly metrics: ServiceMetrics,
  ) {}

  private readonly units = new GroupCommit<Observation>((observations) =>
    this.governed.exclusive(() => this.evaluate(observations)),
  );

  /** Resolves once the observations and all they caused are durable. */
  process(observations: readonly Observation[]): Promise<void> {
    return this.units.submit(observations);
  }

  private async evaluate(observations: readonly Observation[]): Promise<void> {
    const { perSeries, derived } = this.governed.current;
    const { fresh, raised, late } = await this.dataSource.transaction(async (em) => {
      const fresh = await this.observations.withSeriesBreaks(
        em,
        await this.observations.insertNew(em, observations),
      );
      const states = await this.states.lock(em, touchedPairs(perSeries, fresh));
      const stateOf = (triggerId: string, seriesKey: string) =>
        states.get(stateKey({ triggerId, seriesKey }));
      const split = splitByArrival(perSeries, stateOf, fresh);
      const steps = evaluateBatch(perSeries, stateOf, split.inOrder);
      const revisited = await this.lateArrivals.evaluate(em, perSeries, stateOf, split.late);
      const rebuilt = await this.derivedTriggers.evaluate(em, derived, this.reference, fresh);
      const changes = [...steps.changes, ...revisited.changes, ...rebuilt.changes];
      await this.states.save(
        em,
        changes.map((c) => ({
          key: { triggerId: c.trigger.id, seriesKey: c.seriesKey },
          version: c.trigger.version,
          state: c.state,
        })),
      );
      const raised = await this.alertLog.record(em, [
        ...steps.events,
        ...revisited.events,
        ...rebuilt.events,
      ]);
      return { fresh, raised, late: split.late.size };
    });
    this.metrics.stored.inc({ outcome: 'stored' }, fresh.length);
    this.metrics.stored.inc({ outcome: 'duplicate' }, observations.length - fresh.length);
    this.metrics.lateSeries.inc(late);
    const now = Date.now();
    fresh.forEach((o) => this.metrics.stageCompleted('observation', Date.parse(o.receivedAt), now));
    this.alertLog.published(raised);
  }
}
