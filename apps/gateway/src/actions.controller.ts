import { Body, Controller, Get, HttpCode, HttpStatus, Inject, Param, Post, Req } from '@nestjs/common';
import { actionReportRequestSchema, type AlertTimeline } from '@atalaya/contracts';
import { DATA_SOURCE } from '@atalaya/messaging';
import { ServiceMetrics } from '@atalaya/observability';
import { ResponseActionsRepository, TimelineRepository } from '@atalaya/persistence';
import type { DataSource } from 'typeorm';
import { Access, type CredentialRequest } from './credential.guard';
import { GatewayError } from './http-errors';
import { parseBody } from './request-body';

/**
 * The coordinated response: an organisation reports on the actions assigned to it (only its own), and a
 * recipient of an alert reads its timeline, who was told, who answered and who has done what.
 */
@Controller('v1')
@Access('actions:write', 'recipient')
export class ActionsController {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly actions: ResponseActionsRepository,
    private readonly timelines: TimelineRepository,
    private readonly metrics: ServiceMetrics,
  ) {}

  @Post('actions')
  @HttpCode(HttpStatus.OK)
  async report(
    @Body() body: unknown,
    @Req() req: CredentialRequest,
  ): Promise<{ alertId: string; actionId: string; status: string; reportedAt: string }> {
    const { alertId, actionId, status, note } = parseBody(actionReportRequestSchema, body);
    const outcome = await this.dataSource.transaction((em) =>
      this.actions.report(em, {
        alertId,
        actionId,
        organisation: req.recipientId,
        status,
        note,
        via: 'api',
        by: req.recipientId,
      }),
    );
    if (outcome.kind !== 'recorded') {
      this.metrics.actionReports.inc({ status: 'refused', via: 'api' });
      throw outcome.kind === 'unknown-action'
        ? new GatewayError(
            HttpStatus.NOT_FOUND,
            'UNKNOWN_ACTION',
            `${outcome.problem}: use an action id from the notification's actions (or GET /v1/alerts/${alertId}/timeline)`,
          )
        : new GatewayError(
            HttpStatus.FORBIDDEN,
            'NOT_YOUR_ACTION',
            `${outcome.problem}: an organisation reports only on its own actions`,
          );
    }
    this.metrics.actionReports.inc({ status, via: 'api' });
    return { alertId, actionId, status, reportedAt: outcome.reportedAt.toISOString() };
  }

  @Get('alerts/:alertId/timeline')
  @Access('alerts:read', 'recipient')
  async timeline(@Param('alertId') alertId: string, @Req() req: CredentialRequest): Promise<AlertTimeline> {
    const em = this.dataSource.manager;
    if (!(await this.timelines.notified(em, req.recipientId, alertId))) {
      throw new GatewayError(
        HttpStatus.FORBIDDEN,
        'NOT_YOUR_ALERT',
        `${req.recipientId} was never notified of alert ${alertId}: a recipient reads only the timelines of its own alerts`,
      );
    }
    return this.timelines.timeline(em, alertId, new Date());
  }
}
