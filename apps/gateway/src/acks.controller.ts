import { Body, Controller, HttpCode, HttpStatus, Inject, Post, Req } from '@nestjs/common';
import { ackRequestSchema } from '@atalaya/contracts';
import { DATA_SOURCE } from '@atalaya/messaging';
import { ServiceMetrics } from '@atalaya/observability';
import { AcknowledgementsRepository } from '@atalaya/persistence';
import type { DataSource } from 'typeorm';
import { Access, type CredentialRequest } from './credential.guard';
import { GatewayError } from './http-errors';
import { parseBody } from './request-body';

/** A recipient acknowledges an alert it was notified of: its own escalation stops, nobody else's. */
@Controller('v1')
export class AcksController {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly acks: AcknowledgementsRepository,
    private readonly metrics: ServiceMetrics,
  ) {}

  @Post('acks')
  @HttpCode(HttpStatus.OK)
  @Access('acks:write', 'recipient')
  async acknowledge(
    @Body() body: unknown,
    @Req() req: CredentialRequest,
  ): Promise<{ recipientId: string; alertId: string; acknowledgedAt: string; already: boolean }> {
    const { alertId, note } = parseBody(ackRequestSchema, body);
    const outcome = await this.dataSource.transaction((em) =>
      this.acks.acknowledge(em, {
        recipientId: req.recipientId,
        alertId,
        via: 'api',
        by: req.recipientId,
        note,
      }),
    );
    if (outcome.kind === 'not-notified') {
      throw new GatewayError(
        HttpStatus.FORBIDDEN,
        'NOT_YOUR_ALERT',
        `${req.recipientId} was never notified of alert ${alertId}: a recipient acknowledges only its own alerts`,
      );
    }
    this.metrics.acknowledgements.inc({ via: 'api', outcome: outcome.kind });
    return {
      recipientId: req.recipientId,
      alertId,
      acknowledgedAt: outcome.acknowledgedAt.toISOString(),
      already: outcome.kind === 'already',
    };
  }
}
