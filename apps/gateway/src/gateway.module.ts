import { Module } from '@nestjs/common';
import {
  AccessAuditRepository,
  AcknowledgementsRepository,
  ApiKeysRepository,
  CapFeedRepository,
  NotificationsRepository,
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
import { AcksController } from './acks.controller';
import { ActionsController } from './actions.controller';
import { ApiKeyGuard } from './api-key.guard';
import { FeedsController } from './feeds.controller';
import { RecipientKeyGuard } from './recipient-key.guard';
import { SeriesBreaksController } from './series-breaks.controller';
import { SignalsController } from './signals.controller';
import { SilencesController } from './silences.controller';
import { OperatorKeyGuard } from './operator-key.guard';
import { NotificationsAdminController } from './notifications-admin.controller';
import { RecipientsAdminController } from './recipients-admin.controller';
import { SubmitSignals } from './submit-signals.use-case';
import { TriggerGovernanceController } from './trigger-governance.controller';

@Module({
  imports: [
    PlatformModule.forRoot({
      service: 'gateway',
      port: 3000,
      produces: ({ topics, plan }) => plan.reporters.map((r) => topics.signals(r)),
    }),
  ],
  controllers: [
    SignalsController,
    AccessAuditController,
    SeriesBreaksController,
    AcksController,
    ActionsController,
    SilencesController,
    FeedsController,
    RecipientsAdminController,
    NotificationsAdminController,
    TriggerGovernanceController,
  ],
  providers: [
    SubmitSignals,
    ApiKeyGuard,
    RecipientKeyGuard,
    OperatorKeyGuard,
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
  ],
})
export class GatewayModule {}
