import { readFileSync } from 'node:fs';
import { Module } from '@nestjs/common';
import type { RuntimeConfig } from '@atalaya/config';
import { CONFIG, LOGGER, REFERENCE, TOPIC_PLAN, type TopicPlan } from '@atalaya/messaging';
import {
  AcknowledgementsRepository,
  NotificationsRepository,
  ResponseActionsRepository,
  SilencesRepository,
} from '@atalaya/persistence';
import { PlatformModule } from '@atalaya/platform';
import type { Reference } from '@atalaya/reference';
import type { RoutingConfig } from '@atalaya/routing';
import { loadRoutingConfig } from '@atalaya/routing/files';
import { parseCatalogue } from '@atalaya/triggers';
import type { Logger } from 'pino';
import { ALERTS, AlertsHandler } from './alerts.handler';
import { CAP_ACKS, CapAcksHandler } from './cap-acks.handler';
import { EMAIL_SETTINGS, EmailDeliverer } from './channels/email.deliverer';
import { emailSettings } from './channels/email/email.settings';
import { WEBHOOK_SETTINGS, WebhookDeliverer, type WebhookSettings } from './channels/webhook.deliverer';
import { DispatchStateRepository } from './dispatch-state.repository';
import { DispatchService, type DispatchSettings } from './dispatch.service';
import { DISPATCH_SETTINGS, ROUTING } from './tokens';
import { webhookTargets } from './webhook.targets';

const PORT = 3103;

@Module({
  imports: [
    PlatformModule.forRoot({
      service: 'dispatcher',
      port: PORT,
      consumes: ({ topics, plan }) => ({
        [ALERTS]: [topics.alerts],
        [CAP_ACKS]: plan.recipients.map((r) => topics.acks(r)),
      }),
      produces: ({ topics, plan }) => plan.recipients.map((r) => topics.notify(r)),
      outbox: true,
    }),
  ],
  controllers: [AlertsHandler, CapAcksHandler],
  providers: [
    DispatchService,
    DispatchStateRepository,
    NotificationsRepository,
    ResponseActionsRepository,
    SilencesRepository,
    AcknowledgementsRepository,
    WebhookDeliverer,
    EmailDeliverer,
    {
      provide: ROUTING,
      useFactory: (
        config: RuntimeConfig,
        reference: Reference,
        plan: TopicPlan,
        logger: Logger,
      ): RoutingConfig => {
        const catalogue = parseCatalogue(
          readFileSync(config.ATALAYA_CATALOGUE, 'utf8'),
          config.ATALAYA_CATALOGUE,
          reference,
        );
        const routing = loadRoutingConfig(
          { recipients: config.ATALAYA_RECIPIENTS, responses: config.ATALAYA_RESPONSES },
          reference,
          catalogue,
        );
        const withoutTopic = [...routing.recipients.values()]
          .filter((r) => r.channels.some((c) => c.type === 'kafka') && !plan.recipients.includes(r.id))
          .map((r) => r.id);
        if (withoutTopic.length > 0) {
          throw new Error(
            `recipients with a kafka channel but no topic: ${withoutTopic.join(', ')}; add them to recipients in ${config.ATALAYA_TOPICS_FILE}`,
          );
        }
        logger.info({ recipients: routing.recipients.size, routes: routing.routes.size }, 'routing loaded');
        return routing;
      },
      inject: [CONFIG, REFERENCE, TOPIC_PLAN, LOGGER],
    },
    {
      provide: DISPATCH_SETTINGS,
      useFactory: (config: RuntimeConfig): DispatchSettings => ({
        sender: config.ATALAYA_CAP_SENDER,
        tickMs: config.ATALAYA_DISPATCH_TICK_MS,
        email: config.ATALAYA_SMTP_URL !== undefined,
      }),
      inject: [CONFIG],
    },
    {
      provide: EMAIL_SETTINGS,
      useFactory: (config: RuntimeConfig, routing: RoutingConfig) =>
        emailSettings(config, routing.recipients.values()),
      inject: [CONFIG, ROUTING],
    },
    {
      provide: WEBHOOK_SETTINGS,
      useFactory: (config: RuntimeConfig, routing: RoutingConfig): WebhookSettings => {
        const own = ['GATEWAY', 'INGEST', 'ENGINE', 'DISPATCHER'].map(
          (s, i) => `http://127.0.0.1:${process.env[`${s}_PORT`] ?? [3000, 3101, 3102, PORT][i]}`,
        );
        const targets = webhookTargets(routing.recipients.values(), process.env, own);
        return {
          policy: {
            maxAttempts: config.ATALAYA_DELIVERY_MAX_ATTEMPTS,
            initialMs: config.ATALAYA_RETRY_INITIAL_MS,
            maxMs: config.ATALAYA_RETRY_MAX_MS,
          },
          pollMs: 250,
          timeoutMs: config.ATALAYA_DELIVERY_TIMEOUT_MS,
          concurrency: 16,
          targetOf: (id) => targets.get(id),
        };
      },
      inject: [CONFIG, ROUTING],
    },
  ],
})
export class DispatcherModule {}
