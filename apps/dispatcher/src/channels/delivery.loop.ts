import type { RuntimeConfig } from '@atalaya/config';
import type { ServiceMetrics } from '@atalaya/observability';
import { PeriodicTask } from '@atalaya/messaging';
import type {
  DeliveryAttempt,
  DueNotification,
  NotificationChannel,
  NotificationsRepository,
} from '@atalaya/persistence';
import { nextAttempt, type DeliveryPolicy } from '@atalaya/webhooks';
import type { Logger } from 'pino';

/** The retry policy every channel runs on, from the configuration. */
export const deliveryPolicyOf = (
  config: Pick<
    RuntimeConfig,
    'ATALAYA_DELIVERY_MAX_ATTEMPTS' | 'ATALAYA_RETRY_INITIAL_MS' | 'ATALAYA_RETRY_MAX_MS'
  >,
): DeliveryPolicy => ({
  maxAttempts: config.ATALAYA_DELIVERY_MAX_ATTEMPTS,
  initialMs: config.ATALAYA_RETRY_INITIAL_MS,
  maxMs: config.ATALAYA_RETRY_MAX_MS,
});
import type { DataSource } from 'typeorm';

/** How one try to hand a notification over went. */
export interface DeliveryOutcome {
  readonly ok: boolean;
  /** The receiver's HTTP status (webhooks); SMTP replies are named in `error` instead. */
  readonly status?: number;
  readonly error?: string;
  /** The least the receiver asked us to wait before the next try. */
  readonly retryAfterMs?: number;
}

export interface DeliveryLoopSettings {
  readonly channel: NotificationChannel;
  readonly policy: DeliveryPolicy;
  readonly pollMs: number;
  /** Notifications sent at once. */
  readonly concurrency: number;
  /** How long a claimed notification is ours: longer than the slowest send, or it could go out twice. */
  readonly leaseMs: number;
}

export type Send = (n: DueNotification, at: Date) => Promise<DeliveryOutcome>;

/**
 * One channel's delivery from the log, on a wall-clock poll, so that a restart neither loses nor repeats a
 * timer: what is due is in PostgreSQL. Each claimed notification is leased, handed to `send`, and its
 * attempt recorded; a failure is retried with backoff and jitter (longer if the receiver asked), and after
 * the policy's attempts it is dead-lettered until an operator re-drives it. The channels differ only in
 * `send`.
 */
export class DeliveryLoop {
  private readonly polls: PeriodicTask;

  constructor(
    private readonly settings: DeliveryLoopSettings,
    private readonly send: Send,
    private readonly dataSource: DataSource,
    private readonly notifications: NotificationsRepository,
    private readonly logger: Logger,
    private readonly metrics: ServiceMetrics,
  ) {
    this.polls = new PeriodicTask(
      settings.pollMs,
      () => this.deliverDue(),
      (err) => logger.error({ err }, `${settings.channel} delivery poll failed; the next poll retries`),
    );
  }

  start(): void {
    this.polls.start();
  }

  stop(): Promise<void> {
    return this.polls.stop();
  }

  /** Delivers now rather than at the next poll: called after a transaction that logged notifications. */
  kick(): void {
    this.polls.runNow();
  }

  /**
   * Sends everything due now, round after round until nothing is due: each round claims up to
   * `concurrency` notifications, sends them at once and records all their attempts in one statement.
   */
  async deliverDue(): Promise<number> {
    const { channel, concurrency, leaseMs } = this.settings;
    let sent = 0;
    for (;;) {
      const due = await this.dataSource.transaction((em) =>
        this.notifications.claimDue(em, channel, concurrency, leaseMs),
      );
      if (due.length === 0) return sent;
      const tried = await Promise.all(due.map((n) => this.attempt(n)));
      await this.notifications.recordAttempts(
        this.dataSource.manager,
        tried.map((t) => t.attempt),
      );
      tried.forEach((t) => this.report(t));
      sent += due.length;
    }
  }

  private async attempt(n: DueNotification): Promise<Tried> {
    const { channel, policy } = this.settings;
    const startedAt = new Date();
    const outcome = await this.send(n, startedAt).catch((e: unknown): DeliveryOutcome => ({
      ok: false,
      error: e instanceof Error ? e.message : String(e),
    }));
    const durationMs = Date.now() - startedAt.getTime();
    const next = outcome.ok
      ? ({ delivered: true } as const)
      : nextAttempt(policy, n.attemptsInBudget + 1, new Date(), outcome.retryAfterMs);
    return {
      n,
      outcome,
      attempt: {
        notificationId: n.id,
        channel,
        startedAt,
        durationMs,
        httpStatus: outcome.status,
        error: outcome.error,
        next,
      },
    };
  }

  private report({ n, outcome, attempt }: Tried): void {
    const { channel } = this.settings;
    const { next, durationMs } = attempt;
    const result = 'delivered' in next ? 'delivered' : 'deadLettered' in next ? 'dead_lettered' : 'retrying';
    this.metrics.deliveries.inc({ channel, outcome: result });
    this.metrics.deliverySeconds.observe({ channel }, durationMs / 1000);
    if ('delivered' in next) this.metrics.stageCompleted('delivery', n.createdAt.getTime());
    const where = {
      notificationId: n.id,
      recipient: n.recipientId,
      alertId: n.alertId,
      attempt: n.attempts + 1,
    };
    if ('deadLettered' in next) {
      this.logger.error(
        { ...where, status: outcome.status, error: outcome.error },
        `${channel} dead-lettered after its attempts (re-drive with \`atalaya notifications redrive\`)`,
      );
    } else if ('retryAt' in next) {
      this.logger.warn(
        { ...where, status: outcome.status, error: outcome.error, retryAt: next.retryAt },
        `${channel} failed; retrying`,
      );
    } else {
      this.logger.info({ ...where, status: outcome.status, durationMs }, `${channel} delivered`);
    }
  }
}

/** One notification tried: what came back, and the attempt to record. */
interface Tried {
  readonly n: DueNotification;
  readonly outcome: DeliveryOutcome;
  readonly attempt: DeliveryAttempt;
}
