import { Controller, Get, HttpStatus, Inject, Query, Req, UseGuards } from '@nestjs/common';
import type { AccessRecord } from '@atalaya/contracts';
import { DATA_SOURCE } from '@atalaya/messaging';
import { AccessAuditRepository } from '@atalaya/persistence';
import type { DataSource } from 'typeorm';
import { ApiKeyGuard, type AuthenticatedRequest } from './api-key.guard';
import { GatewayError } from './http-errors';

/** A state lists who has read its figures, with its own agency key: `atalaya audit access` over HTTP. */
@Controller('v1/audit/access')
@UseGuards(ApiKeyGuard)
export class AccessAuditController {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly audit: AccessAuditRepository,
  ) {}

  @Get()
  list(@Req() req: AuthenticatedRequest, @Query('since') since?: string): Promise<AccessRecord[]> {
    if (since !== undefined && Number.isNaN(new Date(since).getTime())) {
      throw new GatewayError(
        HttpStatus.BAD_REQUEST,
        'INVALID_VALUE',
        `since must be an ISO 8601 instant, e.g. 2026-11-01T00:00:00Z, not "${since}"`,
      );
    }
    return this.audit.list(this.dataSource.manager, {
      reporter: req.reporter,
      ...(since === undefined ? {} : { since: new Date(since).toISOString() }),
    });
  }
}
