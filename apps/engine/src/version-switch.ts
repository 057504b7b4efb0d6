import { Inject, Injectable } from '@nestjs/common';
import { seriesKeySchema, type AlertEvent } from '@atalaya/contracts';
import { DATA_SOURCE } from '@atalaya/messaging';
import { ObservationsRepository } from '@atalaya/persistence';
import { passToVersion, type Trigger } from '@atalaya/triggers';
import type { DataSource } from 'typeorm';
import { AlertLog } from './alert-log';
import { TriggerStateRepository, type StateEntry } from './trigger-state.repository';

/**
 * Passes every series of a per-series trigger to the version that has entered into force, in one
 * transaction: the new version is run over the series as stored, its state replaces the old one's, and each
 * open alert is told where it now stands (`passToVersion`), through the outbox. A series already under that
 * version is left alone, so a restart or a second engine instance passes nothing twice.
 */
@Injectable()
export class VersionSwitch {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly states: TriggerStateRepository,
    private readonly observations: ObservationsRepository,
    private readonly alertLog: AlertLog,
  ) {}

  /** Returns how many series passed, and the events that told it. */
  async apply(inForce: readonly Trigger[]): Promise<{ series: number; events: readonly AlertEvent[] }> {
    const byId = new Map(inForce.map((t) => [t.id, t]));
    const { series, raised } = await this.dataSource.transaction(async (em) => {
      const outdated = await this.states.lockOutdated(
        em,
        inForce.map((t) => ({ triggerId: t.id, version: t.version })),
      );
      if (outdated.length === 0) return { series: 0, raised: [] };
      const stored = await this.observations.latestOf(
        em,
        seriesKeySchema.array().parse([...new Set(outdated.map((o) => o.key.seriesKey))]),
        [],
      );
      const passed: StateEntry[] = [];
      const events: AlertEvent[] = [];
      for (const row of outdated) {
        const next = byId.get(row.key.triggerId)!;
        const step = passToVersion(next, {
          previousVersion: row.version,
          state: row.state,
          seriesKey: row.key.seriesKey,
          series: stored.get(row.key.seriesKey) ?? [],
        });
        passed.push({ key: row.key, version: next.version, state: step.state });
        events.push(...step.events);
      }
      await this.states.save(em, passed);
      return { series: passed.length, raised: await this.alertLog.record(em, events) };
    });
    this.alertLog.published(raised);
    return { series, events: raised };
  }
}
