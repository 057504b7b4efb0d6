import { Controller, Get, Param, Query, Req } from '@nestjs/common';
import type { AlertDetail, AlertPage } from '@atalaya/contracts';
import { Access, type CredentialRequest } from './credential.guard';
import { ServeAlerts } from './serve-alerts.use-case';

/**
 * The operations API's alerts (docs/api.md): active and past, filtered and paged, and one alert with every
 * event and its response, in the scope of the caller's key and with the figures it may see.
 */
@Controller('v1/alerts')
@Access('alerts:read', 'agency', 'recipient', 'analyst', 'admin')
export class AlertsController {
  constructor(private readonly alerts: ServeAlerts) {}

  @Get()
  list(@Query() query: unknown, @Req() req: CredentialRequest): Promise<AlertPage> {
    return this.alerts.page(req.principal, query);
  }

  @Get(':alertId')
  one(@Param('alertId') alertId: string, @Req() req: CredentialRequest): Promise<AlertDetail> {
    return this.alerts.detail(req.principal, alertId);
  }
}
