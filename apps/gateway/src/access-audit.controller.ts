import { Controller, Get, HttpStatus, Inject, Query, Req } from '@nestjs/common';
import type { AccessRecord } from '@atalaya/contracts';
import { DATA_SOURCE } from '@atalaya/messaging';
import { AccessAuditRepository } from '@atalaya/persistence';
import type { DataSource } from 'typeorm';
import { Access, type CredentialRequest } from './credential.guard';
import { GatewayError } from './http-errors';

/** A state lists who has read its figures, with its own agency key: `atalaya audit access` over HTTP. */
@Controller('v1/audit/access')
@Access('audit:read', 'agency')
export class AccessAuditController {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly audit: AccessAuditRepository,
  ) {}

  @Get()
  list(@Req() req: CredentialRequest, @Query('since') since?: string): Promise<AccessRecord[]> {
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
