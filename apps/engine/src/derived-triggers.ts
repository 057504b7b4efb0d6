import { Injectable } from '@nestjs/common';
import { seriesKeySchema, type AlertEvent } from '@atalaya/contracts';
import { ObservationsRepository } from '@atalaya/persistence';
import type { Reference } from '@atalaya/reference';
import {
  deriveSeries,
  derivedKeyOf,
  derivedPassOf,
  feeds,
  fold,
  ratioMemberKeys,
  reconcile,
  type DerivedTrigger,
  type EvaluatedObservation,
  type StateChange,
} from '@atalaya/triggers';
import type { EntityManager } from 'typeorm';
import { AlertEventsRepository } from './alert-events.repository';
import { stateKey, TriggerStateRepository } from './trigger-state.repository';

/**
 * Ratio and corridor triggers over the derived series a batch moved. Each derived series is rebuilt from its
 * member series as stored (this batch included), run from nothing, and reconciled with what was published
 * for it: new periods give the evaluator's own events, late or revised members restate the alert, and a
 * version that took effect since takes the alert over without a resolve-and-fire (`derivedPassOf`). An
 * advisory lock per derived series keeps two engine instances, fed by different partitions, from
 * evaluating the same corridor at once.
 */
@Injectable()
export class DerivedTriggers {
  constructor(
    private readonly observations: ObservationsRepository,
    private readonly alertEvents: AlertEventsRepository,
    private readonly states: TriggerStateRepository,
  ) {}

  async evaluate(
    em: EntityManager,
    triggers: readonly DerivedTrigger[],
    reference: Pick<Reference, 'corridors'>,
    batch: readonly EvaluatedObservation[],
  ): Promise<{ changes: StateChange[]; events: AlertEvent[] }> {
    const moved = new Map<
      string,
      { trigger: DerivedTrigger; seriesKey: string; cause: EvaluatedObservation }
    >();
    for (const trigger of triggers) {
      for (const o of batch.filter((b) => feeds(trigger, b))) {
        const seriesKey = derivedKeyOf(trigger, o);
        moved.set(stateKey({ triggerId: trigger.id, seriesKey }), { trigger, seriesKey, cause: o });
      }
    }
    const changes: StateChange[] = [];
    const events: AlertEvent[] = [];
    if (moved.size === 0) return { changes, events };
    const keys = [...moved.values()].map((m) => ({ triggerId: m.trigger.id, seriesKey: m.seriesKey }));
    await this.states.serialise(em, keys);
    const recorded = await this.alertEvents.recordedFor(em, keys);
    const stepsOf = (id: string) => reference.corridors.find((c) => c.id === id)?.steps;
    for (const [key, { trigger, seriesKey, cause }] of moved) {
      const members = await this.membersOf(em, trigger, cause);
      const series = deriveSeries(trigger, members, stepsOf);
      const said = recorded.get(key) ?? [];
      // A version that took effect since the series' last event takes its alert over first.
      const passed = derivedPassOf(trigger, seriesKey, said, series);
      const replayed = fold(trigger, series);
      events.push(...passed, ...reconcile([...said, ...passed], replayed.events, cause.signalId));
      changes.push({ trigger, seriesKey, state: replayed.state });
    }
    return { changes, events };
  }

  private async membersOf(
    em: EntityManager,
    trigger: DerivedTrigger,
    cause: EvaluatedObservation,
  ): Promise<EvaluatedObservation[]> {
    const c = trigger.condition;
    if (c.type === 'corridor_composite') return this.observations.latestAtPlaces(em, c.members);
    const keys = seriesKeySchema.array().parse(ratioMemberKeys(c, cause));
    const series = await this.observations.latestOf(em, keys, []);
    return [...series.values()].flat();
  }
}
