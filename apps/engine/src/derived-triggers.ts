import type { AlertEvent } from '@atalaya/contracts';
import type { Reference } from '@atalaya/reference';
import {
  deriveSeries,
  derivedKeyOf,
  feeds,
  fold,
  ratioMemberKeys,
  reconcile,
  type DerivedTrigger,
  type EvaluatedObservation,
  type StateChange,
} from '@atalaya/triggers';
import type { EntityManager } from 'typeorm';
import { eventsSaid, latestAtPlaces, latestSeries, lockKeys } from './series.repository';
import { stateKey } from './trigger-state.repository';

/**
 * Ratio and corridor triggers over the derived series a batch moved. Each derived series is rebuilt from its
 * member series as stored (this batch included), run from nothing, and reconciled with what was published
 * for it: new periods give the evaluator's own events, late or revised members restate the alert. An
 * advisory lock per derived series keeps two engine instances, fed by different partitions, from
 * evaluating the same corridor at once.
 */
export async function evaluateDerivedTriggers(
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
  await lockKeys(em, keys);
  const said = await eventsSaid(em, keys);
  const stepsOf = (id: string) => reference.corridors.find((c) => c.id === id)?.steps;
  for (const [key, { trigger, seriesKey, cause }] of moved) {
    const members = await membersOf(em, trigger, cause);
    const replayed = fold(trigger, deriveSeries(trigger, members, stepsOf));
    events.push(...reconcile(said.get(key) ?? [], replayed.events, cause.signalId));
    changes.push({ trigger, seriesKey, state: replayed.state });
  }
  return { changes, events };
}

async function membersOf(
  em: EntityManager,
  trigger: DerivedTrigger,
  cause: EvaluatedObservation,
): Promise<EvaluatedObservation[]> {
  const c = trigger.condition;
  if (c.type === 'corridor_composite') return latestAtPlaces(em, c.members);
  const series = await latestSeries(em, ratioMemberKeys(c, cause), []);
  return [...series.values()].flat();
}
