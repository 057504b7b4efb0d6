import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { DATA_SOURCE, LOGGER } from '@atalaya/messaging';
import { ServiceMetrics } from '@atalaya/observability';
import { NotificationsRepository, type DueNotification } from '@atalaya/persistence';
import { isRetryableStatus, retryAfterMs, signWebhook, type DeliveryPolicy } from '@atalaya/webhooks';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { DeliveryLoop, type DeliveryOutcome } from './delivery.loop';

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
 * Delivers webhook notifications from the delivery log (`DeliveryLoop`: leased claims, retries with backoff
 * and jitter, dead letters). Each is sent signed (Standard Webhooks) with its own id and stored body; a
 * receiver's `Retry-After` lengthens the wait before the next try.
 */
@Injectable()
export class WebhookDeliverer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly loop: DeliveryLoop;

  constructor(
    @Inject(WEBHOOK_SETTINGS) private readonly settings: WebhookSettings,
    @Inject(DATA_SOURCE) dataSource: DataSource,
    notifications: NotificationsRepository,
    @Inject(LOGGER) logger: Logger,
    metrics: ServiceMetrics,
  ) {
    this.loop = new DeliveryLoop(
      {
        channel: 'webhook',
        policy: settings.policy,
        pollMs: settings.pollMs,
        concurrency: settings.concurrency,
        leaseMs: settings.timeoutMs * 3,
      },
      (n, at) => this.send(n, at),
      dataSource,
      notifications,
      logger,
      metrics,
    );
  }

  onApplicationBootstrap(): void {
    this.loop.start();
  }

  onModuleDestroy(): Promise<void> {
    return this.loop.stop();
  }

  /** Delivers now rather than at the next poll: called after a transaction that logged notifications. */
  kick(): void {
    this.loop.kick();
  }

  /** Sends everything due now, batch after batch, until nothing is due. */
  deliverDue(): Promise<number> {
    return this.loop.deliverDue();
  }

  private async send(n: DueNotification, at: Date): Promise<DeliveryOutcome> {
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
