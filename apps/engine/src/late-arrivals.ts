import { Injectable } from '@nestjs/common';
import { seriesKeySchema, type AlertEvent } from '@atalaya/contracts';
import { ObservationsRepository } from '@atalaya/persistence';
import {
  appliesTo,
  initialState,
  observe,
  type Arrival,
  type SeriesMemory,
  type StateChange,
  type Trigger,
  type TriggerState,
} from '@atalaya/triggers';
import type { EntityManager } from 'typeorm';
import { AlertEventsRepository } from './alert-events.repository';
import { stateKey } from './trigger-state.repository';

/**
 * Series that received a late period or a revision: each trigger takes the batch's observations one by one,
 * in arrival order, against the series as stored and everything it already published for it, so what it
 * restates does not depend on how the stream was cut into batches.
 */
@Injectable()
export class LateArrivals {
  constructor(
    private readonly observations: ObservationsRepository,
    private readonly alertEvents: AlertEventsRepository,
  ) {}

  async evaluate(
    em: EntityManager,
    triggers: readonly Trigger[],
    stateOf: (triggerId: string, seriesKey: string) => TriggerState | undefined,
    late: ReadonlyMap<string, readonly Arrival[]>,
  ): Promise<{ changes: StateChange[]; events: AlertEvent[] }> {
    const changes: StateChange[] = [];
    const events: AlertEvent[] = [];
    if (late.size === 0) return { changes, events };
    const arrivals = [...late.values()].flat();
    const stored = await this.observations.latestOf(
      em,
      seriesKeySchema.array().parse([...late.keys()]),
      arrivals.map((o) => o.signalId),
    );
    const pairs = [...late].flatMap(([seriesKey, group]) =>
      triggers.filter((t) => group.some((o) => appliesTo(t, o))).map((trigger) => ({ trigger, seriesKey })),
    );
    const recorded = await this.alertEvents.recordedFor(
      em,
      pairs.map((p) => ({ triggerId: p.trigger.id, seriesKey: p.seriesKey })),
    );
    for (const { trigger, seriesKey } of pairs) {
      let memory: SeriesMemory = {
        series: (stored.get(seriesKey) ?? []).filter((o) => appliesTo(trigger, o)),
        state: stateOf(trigger.id, seriesKey) ?? initialState,
        said: recorded.get(stateKey({ triggerId: trigger.id, seriesKey })) ?? [],
      };
      for (const o of late.get(seriesKey) ?? []) {
        if (!appliesTo(trigger, o)) continue;
        const step = observe(trigger, memory, o);
        memory = step.memory;
        events.push(...step.events);
      }
      changes.push({ trigger, seriesKey, state: memory.state });
    }
    return { changes, events };
  }
}
