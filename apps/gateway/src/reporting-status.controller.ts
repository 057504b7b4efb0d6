import { Controller, Get, Inject, Req } from '@nestjs/common';
import type { ReportingStatus } from '@atalaya/contracts';
import { DATA_SOURCE, REFERENCE } from '@atalaya/messaging';
import { ObservationsRepository } from '@atalaya/persistence';
import type { Reference } from '@atalaya/reference';
import { reportingStatus } from '@atalaya/triggers';
import type { DataSource } from 'typeorm';
import { Access, type CredentialRequest } from './credential.guard';

/**
 * Who has gone quiet: each reporter's last report against its agreed cadence (reporters.yaml), and the
 * latest period of each of its indicators. An agency's key sees its own state.
 */
@Controller('v1/reporting')
@Access('status:read', 'agency', 'recipient', 'analyst', 'admin')
export class ReportingStatusController {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(REFERENCE) private readonly reference: Reference,
    private readonly observations: ObservationsRepository,
  ) {}

  @Get('status')
  async status(@Req() req: CredentialRequest): Promise<ReportingStatus> {
    const own = req.principal.role === 'agency' ? req.principal.reporter : undefined;
    const latest = await this.observations.latestReports(this.dataSource.manager, own);
    const reporters = this.reference.reporters.filter((r) => own === undefined || r.iso3 === own);
    return reportingStatus(reporters, latest, new Date().toISOString());
  }
}
