import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { reporterSchema, type AlertEvent, type Reporter } from '@atalaya/contracts';
import { DATA_SOURCE, LOGGER, PeriodicTask } from '@atalaya/messaging';
import { ServiceMetrics } from '@atalaya/observability';
import { ObservationsRepository } from '@atalaya/persistence';
import {
  evaluateSilence,
  initialState,
  missedReports,
  silenceSeriesKey,
  type Silence,
  type SilenceWatch,
  type Trigger,
} from '@atalaya/triggers';
import type { Logger } from 'pino';
import type { DataSource, EntityManager } from 'typeorm';
import { AlertLog } from './alert-log';
import type { Completeness } from './silence.watermark';
import { SILENCE } from './tokens';
import {
  stateKey,
  TriggerStateRepository,
  type SilenceEntry,
  type StateKey,
} from './trigger-state.repository';

export interface SilenceSettings {
  /** Milliseconds between ticks (ATALAYA_SILENCE_TICK_MS). */
  readonly tickMs: number;
  readonly watches: readonly SilenceWatch[];
  /** How far the stored observations are complete (the engine's consumer position on the topic). */
  readonly watermark: { advance(now: Date): Promise<Completeness> };
}

const never: Silence = { state: initialState, since: null };

/** Reports a tick reads per reporter at most; the rest are read by the next ticks, in order. */
const HEARD_PER_TICK = 1000;

/** A watch whose reporters come from the reference data: the states it names, as `Reporter`s. */
type Watch = Omit<SilenceWatch, 'reporters'> & {
  readonly reporters: readonly (SilenceWatch['reporters'][number] & { reporter: Reporter })[];
};

/**
 * The no-data watch. Event time stops when nobody reports, so a wall-clock tick looks at each reporter a
 * no-data trigger watches and evaluates the deadlines it let pass, in one PostgreSQL transaction per tick:
 * what it heard, the trigger states, the alert events and their outbox rows. Ticks never overlap, and the
 * last one finishes before the module closes what it writes to.
 */
@Injectable()
export class SilenceService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly ticks: PeriodicTask;
  private readonly watches: readonly Watch[];

  constructor(
    @Inject(SILENCE) private readonly settings: SilenceSettings,
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly states: TriggerStateRepository,
    private readonly observations: ObservationsRepository,
    private readonly alertLog: AlertLog,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly metrics: ServiceMetrics,
  ) {
    this.watches = settings.watches.map((w) => ({
      ...w,
      reporters: w.reporters.map((r) => ({ ...r, reporter: reporterSchema.parse(r.reporter) })),
    }));
    this.ticks = new PeriodicTask(
      settings.tickMs,
      () => this.tick(new Date()),
      (err) => {
        this.metrics.silenceTicks.inc({ outcome: 'failed' });
        this.logger.error({ err }, 'no-data tick failed; the next tick retries it');
      },
    );
  }

  onApplicationBootstrap(): void {
    const { watches } = this;
    const { tickMs } = this.settings;
    if (watches.length === 0) return;
    this.ticks.start();
    this.logger.info(
      {
        triggers: watches.map((w) => w.trigger.id),
        reporters: watches.map((w) => w.reporters.length),
        tickMs,
      },
      'no-data watch started',
    );
  }

  onModuleDestroy(): Promise<void> {
    return this.ticks.stop();
  }

  /** One tick: the deadlines missed up to the latest moment the stored observations are complete. */
  async tick(now: Date): Promise<void> {
    const completeness = await this.settings.watermark.advance(now);
    if (!completeness.complete) {
      this.metrics.silenceTicks.inc({ outcome: 'waiting' });
      this.logger.debug({ behind: completeness.behind }, 'no-data tick waits for the observations backlog');
      return;
    }
    const { until } = completeness;
    const { raised, silent } = await this.dataSource.transaction((em) => this.evaluate(em, until));
    this.metrics.silenceTicks.inc({ outcome: 'evaluated' });
    silent.forEach((count, trigger) => this.metrics.silentReporters.set({ trigger }, count));
    this.alertLog.published(raised);
  }

  private async evaluate(
    em: EntityManager,
    until: string,
  ): Promise<{ raised: AlertEvent[]; silent: Map<string, number> }> {
    const { watches } = this;
    const keys = watches.flatMap((w) => w.reporters.map((r) => keyOf(w.trigger, r.reporter)));
    await this.states.serialise(em, keys);
    const stored = await this.states.loadSilences(em, keys);
    const events: AlertEvent[] = [];
    const changed: SilenceEntry[] = [];
    const silent = new Map<string, number>();
    for (const watch of watches) {
      const outcome = await this.watchOne(em, watch, stored, until);
      events.push(...outcome.events);
      changed.push(...outcome.changed);
      silent.set(watch.trigger.id, outcome.silent);
    }
    await this.states.saveSilences(em, changed);
    return { raised: await this.alertLog.record(em, events), silent };
  }

  /** One trigger over the reporters it watches: their events, the silences that moved, how many are silent. */
  private async watchOne(
    em: EntityManager,
    { trigger, reporters }: Watch,
    stored: ReadonlyMap<string, Silence>,
    until: string,
  ): Promise<{ events: AlertEvent[]; changed: SilenceEntry[]; silent: number }> {
    const before = reporters.map((r) => ({
      ...r,
      silence: stored.get(stateKey(keyOf(trigger, r.reporter))) ?? never,
    }));
    const heard = await this.observations.heardFrom(
      em,
      trigger.scope,
      before.map((b) => ({ reporter: b.reporter, since: b.silence.since })),
      until,
      HEARD_PER_TICK,
    );
    const events: AlertEvent[] = [];
    const changed: SilenceEntry[] = [];
    let silent = 0;
    for (const { reporter, every, silence } of before) {
      const reports = heard.get(reporter) ?? [];
      // A full page of reports may not be all of them: this tick stops at the last one it read.
      const upTo = reports.length === HEARD_PER_TICK ? reports[reports.length - 1].at : until;
      const step = evaluateSilence(trigger, every, reporter, silence, { heard: reports, until: upTo });
      events.push(...step.events);
      if (JSON.stringify(step.silence) !== JSON.stringify(silence)) {
        changed.push({ key: keyOf(trigger, reporter), version: trigger.version, silence: step.silence });
      }
      const last = step.silence.since;
      if (last && missedReports(every, last, until) > 0) silent += 1;
    }
    return { events, changed, silent };
  }
}

const keyOf = (trigger: Trigger, reporter: string): StateKey => ({
  triggerId: trigger.id,
  seriesKey: silenceSeriesKey(reporter),
});
