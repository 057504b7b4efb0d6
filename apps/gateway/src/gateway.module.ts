import { CodesController } from './codes.controller';
import { readFileSync } from 'node:fs';
import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import type { RuntimeConfig } from '@atalaya/config';
import { CONFIG, LOGGER, REFERENCE } from '@atalaya/messaging';
import type { Reference } from '@atalaya/reference';
import { loadSharingPoliciesFor } from '@atalaya/sharing/files';
import { parseCatalogue } from '@atalaya/triggers';
import type { Logger } from 'pino';
import {
  AccessAuditRepository,
  AcknowledgementsRepository,
  ActionUpdatesRepository,
  AlertsRepository,
  SessionsRepository,
  ApiKeysRepository,
  CapFeedRepository,
  NotificationsRepository,
  ObservationsRepository,
  RecipientRegistryRepository,
  ResponseActionsRepository,
  SeriesBreaksRepository,
  SignalLedgerRepository,
  SilencesRepository,
  TimelineRepository,
  TriggerGovernanceRepository,
} from '@atalaya/persistence';
import { PlatformModule } from '@atalaya/platform';
import { AccessAuditController } from './access-audit.controller';
import { CredentialGuard } from './credential.guard';
import { CredentialThrottler } from './credential.throttler';
import { SessionController } from './session.controller';
import { AlertsController } from './alerts.controller';
import { ReferenceController } from './reference.controller';
import { ReportingStatusController } from './reporting-status.controller';
import { FiguresController } from './figures.controller';
import { ServeAlerts } from './serve-alerts.use-case';
import { ServeBacktest } from './serve-backtest.use-case';
import { ViewerOf } from './viewer-of';
import { RecipientsInForce } from './recipients-in-force';
import { ServeFigures } from './serve-figures.use-case';
import { PublicFeedController } from './public-feed.controller';
import { SHARING, type GatewaySharing } from './gateway-sharing';
import { AcksController } from './acks.controller';
import { ActionsController } from './actions.controller';
import { FeedsController } from './feeds.controller';
import { SeriesBreaksController } from './series-breaks.controller';
import { SignalsController } from './signals.controller';
import { SilencesController } from './silences.controller';
import { NotificationsAdminController } from './notifications-admin.controller';
import { RecipientsAdminController } from './recipients-admin.controller';
import { SubmitSignals } from './submit-signals.use-case';
import { TriggerGovernanceController } from './trigger-governance.controller';
import { ServeStream } from './stream/serve-stream.use-case';
import { StreamController } from './stream/stream.controller';
import { StreamHub } from './stream/stream.hub';

@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      inject: [CONFIG],
      useFactory: (config: RuntimeConfig) => [
        { name: 'default', ttl: 60_000, limit: config.ATALAYA_RATE_LIMIT_PER_MINUTE },
      ],
    }),
    PlatformModule.forRoot({
      service: 'gateway',
      port: 3000,
      produces: ({ topics, plan }) =>
        plan.reporters.flatMap((r) => [topics.signals(r), topics.rejections(r)]),
    }),
  ],
  controllers: [
    SignalsController,
    CodesController,
    AccessAuditController,
    FiguresController,
    AlertsController,
    SessionController,
    ReportingStatusController,
    ReferenceController,
    PublicFeedController,
    SeriesBreaksController,
    AcksController,
    ActionsController,
    SilencesController,
    FeedsController,
    RecipientsAdminController,
    NotificationsAdminController,
    TriggerGovernanceController,
    StreamController,
  ],
  providers: [
    SubmitSignals,
    SessionsRepository,
    { provide: APP_GUARD, useClass: CredentialThrottler },
    CredentialGuard,
    ServeFigures,
    ServeAlerts,
    ServeBacktest,
    ViewerOf,
    AlertsRepository,
    RecipientsInForce,
    ObservationsRepository,
    RecipientRegistryRepository,
    NotificationsRepository,
    SignalLedgerRepository,
    SeriesBreaksRepository,
    ApiKeysRepository,
    AcknowledgementsRepository,
    ResponseActionsRepository,
    TimelineRepository,
    SilencesRepository,
    CapFeedRepository,
    TriggerGovernanceRepository,
    AccessAuditRepository,
    ActionUpdatesRepository,
    StreamHub,
    ServeStream,
    {
      provide: SHARING,
      useFactory: (config: RuntimeConfig, reference: Reference, logger: Logger): GatewaySharing => {
        // Recipients change at runtime (the registry): a rule naming one matches it by id, known or not yet.
        const policies = loadSharingPoliciesFor(config.ATALAYA_SHARING, reference, [], () => undefined);
        const { triggers } = parseCatalogue(
          readFileSync(config.ATALAYA_CATALOGUE, 'utf8'),
          config.ATALAYA_CATALOGUE,
          reference,
        );
        const conditions = new Map(triggers.map((t) => [t.id, t.condition]));
        logger.info(
          { path: config.ATALAYA_SHARING, reporters: policies.byReporter.size },
          'sharing policies loaded',
        );
        return {
          policies,
          context: {
            conditionOf: (id) => conditions.get(id),
            placeCountry: (place) => reference.place(place)?.country,
          },
          places: (place) => reference.place(place),
        };
      },
      inject: [CONFIG, REFERENCE, LOGGER],
    },
  ],
})
export class GatewayModule {}
