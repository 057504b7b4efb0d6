import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
  type OnModuleInit,
} from '@nestjs/common';
import type { RuntimeConfig } from '@atalaya/config';
import { CONFIG, DATA_SOURCE, LOGGER, PeriodicTask } from '@atalaya/messaging';
import { TriggerGovernanceRepository } from '@atalaya/persistence';
import {
  isDerived,
  isPerSeries,
  versionsInForce,
  type Catalogue,
  type DerivedTrigger,
  type Trigger,
} from '@atalaya/triggers';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { CATALOGUE } from './tokens';
import { VersionSwitch } from './version-switch';

/** The triggers a batch is evaluated with: the versions in force and the shadow runs of the others. */
export interface EvaluatedTriggers {
  readonly perSeries: readonly Trigger[];
  readonly derived: readonly DerivedTrigger[];
}

/**
 * The catalogue file with the versions the states submitted and adopted (`docs/governance.md`), reloaded
 * every ATALAYA_GOVERNANCE_TICK_MS. A version not in force runs in shadow. On the day an adopted version
 * enters into force (UTC), its per-series states pass to it (`VersionSwitch`) before any batch is evaluated
 * with it: batches and reloads take turns (`exclusive`), which costs nothing since the consumer hands over
 * one batch at a time.
 */
@Injectable()
export class GovernedTriggers implements OnModuleInit, OnApplicationBootstrap, OnModuleDestroy {
  private evaluated: EvaluatedTriggers;
  /** What the last reload found, to log only what changed. */
  private loaded = '';
  private turn: Promise<unknown> = Promise.resolve();
  private readonly ticks: PeriodicTask;

  constructor(
    @Inject(CATALOGUE) private readonly catalogue: Catalogue,
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(CONFIG) config: RuntimeConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly governance: TriggerGovernanceRepository,
    private readonly versionSwitch: VersionSwitch,
  ) {
    this.evaluated = evaluatedOf(catalogue.triggers, []);
    this.ticks = new PeriodicTask(
      config.ATALAYA_GOVERNANCE_TICK_MS,
      () => this.reload(new Date()),
      (err) =>
        this.logger.error(
          { err },
          'trigger versions not reloaded; the versions loaded before stay in force, the next tick retries',
        ),
    );
  }

  get current(): EvaluatedTriggers {
    return this.evaluated;
  }

  /** Runs `work` while no reload or version switch is under way, and none starts. */
  exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.turn.then(work, work);
    this.turn = run.catch(() => undefined);
    return run;
  }

  /** Before the consumer starts: the versions in force today, their series passed to them. */
  onModuleInit(): Promise<void> {
    return this.reload(new Date());
  }

  onApplicationBootstrap(): void {
    this.ticks.start();
  }

  onModuleDestroy(): Promise<void> {
    return this.ticks.stop();
  }

  /** Loads the stored versions and passes the series of every version that entered into force. */
  reload(now: Date): Promise<void> {
    return this.exclusive(async () => {
      const stored = await this.governance.versions(this.dataSource.manager);
      const governed = versionsInForce(this.catalogue, stored, now.toISOString().slice(0, 10));
      const passed = await this.versionSwitch.apply(governed.inForce.filter(isPerSeries));
      this.evaluated = evaluatedOf(governed.inForce, governed.shadowRuns);
      const loaded = {
        inForce: governed.inForce.map((t) => `${t.id}@${t.version}`),
        shadow: governed.shadowRuns.map((t) => t.id),
      };
      const signature = JSON.stringify(loaded);
      if (signature !== this.loaded || passed.series > 0) {
        this.logger.info(
          { ...loaded, passedSeries: passed.series, passedEvents: passed.events.length },
          'trigger versions loaded: the versions in force, those in shadow, and the series passed to a new version',
        );
      }
      this.loaded = signature;
    });
  }
}

function evaluatedOf(inForce: readonly Trigger[], shadowRuns: readonly Trigger[]): EvaluatedTriggers {
  const all = [...inForce, ...shadowRuns.filter((t) => t.condition.type !== 'no_data')];
  return { perSeries: all.filter(isPerSeries), derived: all.filter(isDerived) };
}
