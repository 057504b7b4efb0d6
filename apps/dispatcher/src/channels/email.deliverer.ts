import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { CapLanguage } from '@atalaya/cap';
import { notificationSchema } from '@atalaya/contracts';
import { DATA_SOURCE, LOGGER } from '@atalaya/messaging';
import { ServiceMetrics } from '@atalaya/observability';
import { NotificationsRepository, type DueNotification } from '@atalaya/persistence';
import type { DeliveryPolicy } from '@atalaya/webhooks';
import { createTransport, type Transporter } from 'nodemailer';
import type { SMTPSentMessageInfo } from 'nodemailer/lib/smtp-transport';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { DeliveryLoop, type DeliveryOutcome } from './delivery.loop';
import { emailContent } from './email/email.content';
import { addressOf, composeEmail } from './email/email.message';
import { smtpFailure, smtpServerName } from './email/smtp.failure';

/** Where a recipient's email notifications go, and the language they are written in (its first). */
export interface EmailTarget {
  readonly to: readonly string[];
  readonly language: CapLanguage;
}

export interface EmailSettings {
  readonly policy: DeliveryPolicy;
  readonly pollMs: number;
  /** Longest the SMTP server may take to connect, greet or answer one command. */
  readonly timeoutMs: number;
  readonly concurrency: number;
  /** The SMTP server and the From address; null when the channel is off (ATALAYA_SMTP_URL unset). */
  readonly smtp: { readonly url: string; readonly from: string } | null;
  readonly targetOf: (recipientId: string) => EmailTarget | undefined;
}

export const EMAIL_SETTINGS = Symbol('EMAIL_SETTINGS');

/** A message as it goes on the wire: the SMTP envelope and the MIME bytes. */
export interface OutgoingEmail {
  readonly envelope: { readonly from: string; readonly to: readonly string[] };
  readonly raw: Buffer;
}

/**
 * Delivers email notifications from the delivery log (`DeliveryLoop`: leased claims, retries with backoff
 * and jitter, dead letters), over SMTP with nodemailer. The log keeps the JSON notification; the email is
 * built from it at each attempt, deterministically, so a retry sends the same bytes under the same
 * Message-ID. Any SMTP error, and any recipient the server refuses (a bounce at the door: 5xx), is a
 * failed attempt.
 */
@Injectable()
export class EmailDeliverer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly loop: DeliveryLoop;
  private readonly transport: Transporter<SMTPSentMessageInfo> | null;

  constructor(
    @Inject(EMAIL_SETTINGS) private readonly settings: EmailSettings,
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly notifications: NotificationsRepository,
    @Inject(LOGGER) private readonly logger: Logger,
    metrics: ServiceMetrics,
  ) {
    this.transport = settings.smtp
      ? createTransport({
          url: settings.smtp.url,
          connectionTimeout: settings.timeoutMs,
          greetingTimeout: settings.timeoutMs,
          socketTimeout: settings.timeoutMs,
        })
      : null;
    this.loop = new DeliveryLoop(
      {
        channel: 'email',
        policy: settings.policy,
        pollMs: settings.pollMs,
        concurrency: settings.concurrency,
        // Connecting, greeting and each command may each take up to the timeout.
        leaseMs: settings.timeoutMs * 12,
      },
      (n) => this.send(n),
      dataSource,
      notifications,
      logger,
      metrics,
    );
  }

  onApplicationBootstrap(): void {
    if (!this.settings.smtp) {
      this.logger.info('email channel off: ATALAYA_SMTP_URL is not set, so no email notification is queued');
      return;
    }
    this.logger.info(
      { smtp: smtpServerName(this.settings.smtp.url), from: this.settings.smtp.from },
      'email channel on',
    );
    this.loop.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.loop.stop();
    this.transport?.close();
  }

  /** Sends everything due now, batch after batch, until nothing is due. */
  deliverDue(): Promise<number> {
    return this.loop.deliverDue();
  }

  /** Delivers now rather than at the next poll: called after a transaction that logged notifications. */
  kick(): void {
    this.loop.kick();
  }

  /** The email a row of the log makes, exactly as `send` puts it on the wire; a string says why none. */
  async emailOf(n: Pick<DueNotification, 'id' | 'recipientId' | 'body'>): Promise<OutgoingEmail | string> {
    const { smtp } = this.settings;
    if (!smtp) return 'the email channel is off (ATALAYA_SMTP_URL is not set)';
    const target = this.settings.targetOf(n.recipientId);
    if (!target) return `recipient ${n.recipientId} has no email channel configured`;
    const thread = await this.notifications.emailThread(this.dataSource.manager, n.id);
    if (!thread) return `notification ${n.id} has no email row in the log`;
    const notification = notificationSchema.safeParse(JSON.parse(n.body));
    if (!notification.success)
      return `notification ${n.id} breaks its contract: ${notification.error.message}`;
    const raw = await composeEmail({
      notificationId: n.id,
      from: smtp.from,
      to: target.to,
      language: target.language,
      createdAt: thread.createdAt,
      earlier: thread.earlier,
      content: emailContent(notification.data, target.language, thread.createdAt),
    });
    return { envelope: { from: addressOf(smtp.from), to: target.to }, raw };
  }

  private async send(n: DueNotification): Promise<DeliveryOutcome> {
    const email = await this.emailOf(n);
    if (typeof email === 'string') return { ok: false, error: email };
    const server = smtpServerName(this.settings.smtp!.url);
    try {
      const info = await this.transport!.sendMail({
        envelope: { from: email.envelope.from, to: [...email.envelope.to] },
        raw: email.raw,
      });
      if (info.rejected.length === 0) return { ok: true };
      const why = (info.rejectedErrors ?? []).map((e) => smtpFailure(e, server)).join('; ');
      return { ok: false, error: `${server} refused ${info.rejected.join(', ')}: ${why}` };
    } catch (e) {
      return { ok: false, error: smtpFailure(e, server) };
    }
  }
}
