import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { DATA_SOURCE, LOGGER } from '@atalaya/messaging';
import { ServiceMetrics } from '@atalaya/observability';
import { NotificationsRepository, type DueNotification } from '@atalaya/persistence';
import {
  isRetryableStatus,
  nextAttempt,
  retryAfterMs,
  signWebhook,
  type DeliveryPolicy,
} from '@atalaya/webhooks';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';

/** Where a recipient's webhooks go and what they are signed with (two secrets while one is rotated). */
export interface WebhookTarget {
  readonly url: string;
  readonly secrets: readonly string[];
}

export interface WebhookSettings {
  readonly policy: DeliveryPolicy;
  readonly pollMs: number;
  /** Longest a receiver may take to answer; a slower one counts as a failed attempt. */
  readonly timeoutMs: number;
  /** Notifications sent at once, to as many receivers. */
  readonly concurrency: number;
  readonly targetOf: (recipientId: string) => WebhookTarget | undefined;
}

export const WEBHOOK_SETTINGS = Symbol('WEBHOOK_SETTINGS');

/**
 * Delivers webhook notifications from the delivery log, on a wall-clock poll, so a restart neither loses nor
 * repeats a timer: what is due is in PostgreSQL. Each claimed notification is leased, sent signed (Standard
 * Webhooks) with its own id and stored body, and its attempt recorded; a failure is retried with backoff and
 * jitter (longer if the receiver says `Retry-After`), and after the policy's attempts it is dead-lettered.
 */
@Injectable()
export class WebhookDeliverer implements OnApplicationBootstrap, OnModuleDestroy {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    @Inject(WEBHOOK_SETTINGS) private readonly settings: WebhookSettings,
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly notifications: NotificationsRepository,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly metrics: ServiceMetrics,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => this.pollUnlessBusy(), this.settings.pollMs);
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** Sends everything due now, batch after batch, until nothing is due. */
  async deliverDue(): Promise<number> {
    let sent = 0;
    for (;;) {
      const due = await this.dataSource.transaction((em) =>
        this.notifications.claimDue(em, 'webhook', this.settings.concurrency, this.settings.timeoutMs * 3),
      );
      if (due.length === 0) return sent;
      await Promise.all(due.map((n) => this.deliver(n)));
      sent += due.length;
    }
  }

  private pollUnlessBusy(): void {
    if (this.running || !this.timer) return;
    this.running = this.deliverDue()
      .then(() => undefined)
      .catch((err: unknown) =>
        this.logger.error({ err }, 'webhook delivery poll failed; the next poll retries'),
      )
      .finally(() => (this.running = undefined));
  }

  private async deliver(n: DueNotification): Promise<void> {
    const startedAt = new Date();
    const outcome = await this.send(n, startedAt);
    const durationMs = Date.now() - startedAt.getTime();
    const next = outcome.ok
      ? ({ delivered: true } as const)
      : nextAttempt(this.settings.policy, n.attemptsInBudget + 1, new Date(), outcome.retryAfterMs);
    await this.dataSource.transaction((em) =>
      this.notifications.recordAttempt(em, {
        notificationId: n.id,
        channel: 'webhook',
        startedAt,
        durationMs,
        httpStatus: outcome.status,
        error: outcome.error,
        next,
      }),
    );
    const result = 'delivered' in next ? 'delivered' : 'deadLettered' in next ? 'dead_lettered' : 'retrying';
    this.metrics.deliveries.inc({ channel: 'webhook', outcome: result });
    this.metrics.deliverySeconds.observe({ channel: 'webhook' }, durationMs / 1000);
    const where = {
      notificationId: n.id,
      recipient: n.recipientId,
      alertId: n.alertId,
      attempt: n.attempts + 1,
    };
    if ('deadLettered' in next) {
      this.logger.error(
        { ...where, status: outcome.status, error: outcome.error },
        'webhook dead-lettered after its attempts (re-drive with `atalaya notifications redrive`)',
      );
    } else if ('retryAt' in next) {
      this.logger.warn(
        { ...where, status: outcome.status, error: outcome.error, retryAt: next.retryAt },
        'webhook failed; retrying',
      );
    } else {
      this.logger.info({ ...where, status: outcome.status, durationMs }, 'webhook delivered');
    }
  }

  private async send(
    n: DueNotification,
    at: Date,
  ): Promise<{ ok: boolean; status?: number; error?: string; retryAfterMs?: number }> {
    const target = this.settings.targetOf(n.recipientId);
    if (!target) return { ok: false, error: `recipient ${n.recipientId} has no webhook configured` };
    try {
      const res = await fetch(target.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...signWebhook(n.id, at, n.body, target.secrets) },
        body: n.body,
        signal: AbortSignal.timeout(this.settings.timeoutMs),
        redirect: 'manual',
      });
      await res.arrayBuffer().catch(() => undefined);
      if (res.ok) return { ok: true, status: res.status };
      return {
        ok: false,
        status: res.status,
        error: `${target.url} answered ${res.status}${isRetryableStatus(res.status) ? '' : ' (refused)'}`,
        retryAfterMs: retryAfterMs(res.headers.get('retry-after'), new Date()),
      };
    } catch (e) {
      const cause = (e as { cause?: { code?: string } }).cause?.code;
      return { ok: false, error: `${target.url}: ${(e as Error).message}${cause ? ` (${cause})` : ''}` };
    }
  }
}
