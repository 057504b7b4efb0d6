import { readFileSync } from 'node:fs';
import { Module } from '@nestjs/common';
import type { RuntimeConfig } from '@atalaya/config';
import { CONFIG, DATA_SOURCE, LOGGER, REFERENCE, TOPIC_PLAN, type TopicPlan } from '@atalaya/messaging';
import {
  AccessAuditRepository,
  AcknowledgementsRepository,
  NotificationsRepository,
  RecipientRegistryRepository,
  ResponseActionsRepository,
  SilencesRepository,
} from '@atalaya/persistence';
import { PlatformModule } from '@atalaya/platform';
import type { Reference } from '@atalaya/reference';
import { loadCatalogueRouting } from '@atalaya/routing/files';
import { loadSharingPoliciesFor } from '@atalaya/sharing/files';
import { parseCatalogue } from '@atalaya/triggers';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { ALERTS, AlertsHandler } from './alerts.handler';
import { deliveryPolicyOf } from './channels/delivery.loop';
import { CAP_ACKS, CapAcksHandler } from './cap-acks.handler';
import { EMAIL_SETTINGS, EmailDeliverer } from './channels/email.deliverer';
import { emailSettings } from './channels/email/email.settings';
import { WEBHOOK_SETTINGS, WebhookDeliverer, type WebhookSettings } from './channels/webhook.deliverer';
import { DispatchStateRepository } from './dispatch-state.repository';
import { DispatchService, type DispatchSettings } from './dispatch.service';
import { RoutingSource } from './routing.source';
import { SharedView } from './shared-view';
import { DISPATCH_SETTINGS, SHARED_VIEW } from './tokens';

const PORT = 3103;

/** The services' own origins on this host, which no webhook may point at. */
const ownOrigins = (): string[] =>
  ['GATEWAY', 'INGEST', 'ENGINE', 'DISPATCHER'].map(
    (s, i) => `http://127.0.0.1:${process.env[`${s}_PORT`] ?? [3000, 3101, 3102, PORT][i]}`,
  );

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
    RecipientRegistryRepository,
    AccessAuditRepository,
    WebhookDeliverer,
    EmailDeliverer,
    {
      provide: RoutingSource,
      useFactory: async (
        config: RuntimeConfig,
        reference: Reference,
        plan: TopicPlan,
        dataSource: DataSource,
        registry: RecipientRegistryRepository,
        logger: Logger,
      ): Promise<RoutingSource> => {
        const { files, catalogue, against } = loadCatalogueRouting(
          {
            catalogue: config.ATALAYA_CATALOGUE,
            recipients: config.ATALAYA_RECIPIENTS,
            responses: config.ATALAYA_RESPONSES,
          },
          reference,
        );
        const source = new RoutingSource(
          {
            files,
            reference: against,
            catalogue,
            topicRecipients: plan.recipients,
            env: process.env,
            ownOrigins: ownOrigins(),
          },
          await registry.changes(dataSource.manager),
          await registry.revision(dataSource.manager),
          logger,
        );
        logger.info(
          { recipients: source.current.recipients.size, routes: source.current.routes.size },
          'routing loaded',
        );
        return source;
      },
      inject: [CONFIG, REFERENCE, TOPIC_PLAN, DATA_SOURCE, RecipientRegistryRepository, LOGGER],
    },
    {
      provide: SHARED_VIEW,
      useFactory: (
        config: RuntimeConfig,
        reference: Reference,
        source: RoutingSource,
        logger: Logger,
      ): SharedView => {
        const policies = loadSharingPoliciesFor(
          config.ATALAYA_SHARING,
          reference,
          [...source.current.recipients.values()],
          (unknown) =>
            logger.warn(
              { recipients: unknown, path: config.ATALAYA_SHARING },
              'sharing policies name recipients this dispatcher does not route to: their rules match nobody here',
            ),
        );
        const { triggers } = parseCatalogue(
          readFileSync(config.ATALAYA_CATALOGUE, 'utf8'),
          config.ATALAYA_CATALOGUE,
          reference,
        );
        logger.info(
          { path: config.ATALAYA_SHARING, reporters: policies.byReporter.size },
          'sharing policies loaded',
        );
        const conditions = new Map(triggers.map((t) => [t.id, t.condition]));
        return new SharedView(policies, {
          conditionOf: (id) => conditions.get(id),
          placeCountry: (place) => reference.place(place)?.country,
        });
      },
      inject: [CONFIG, REFERENCE, RoutingSource, LOGGER],
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
      useFactory: (config: RuntimeConfig, source: RoutingSource) =>
        emailSettings(config, (id) => source.emailTarget(id)),
      inject: [CONFIG, RoutingSource],
    },
    {
      provide: WEBHOOK_SETTINGS,
      useFactory: (config: RuntimeConfig, source: RoutingSource): WebhookSettings => ({
        policy: deliveryPolicyOf(config),
        pollMs: 250,
        timeoutMs: config.ATALAYA_DELIVERY_TIMEOUT_MS,
        concurrency: 32,
        targetOf: (id) => source.webhookTarget(id),
      }),
      inject: [CONFIG, RoutingSource],
    },
  ],
})
export class DispatcherModule {}
