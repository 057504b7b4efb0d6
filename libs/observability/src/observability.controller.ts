import { Controller, Get, Header, HttpStatus, Inject, Res } from '@nestjs/common';
import type { Response } from 'express';
import { runHealthChecks, type HealthCheck } from './health';
import { ServiceMetrics } from './metrics';

export const HEALTH_CHECKS = Symbol('HEALTH_CHECKS');

/**
 * /health and /metrics for a service. The app module lists this controller and provides its ServiceMetrics
 * and, under HEALTH_CHECKS, the dependencies it cannot work without.
 */
@Controller()
export class ObservabilityController {
  constructor(
    private readonly metrics: ServiceMetrics,
    @Inject(HEALTH_CHECKS) private readonly checks: HealthCheck[],
  ) {}

  @Get('health')
  async health(@Res() res: Response): Promise<void> {
    const report = await runHealthChecks(this.checks);
    res.status(report.status === 'ok' ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).json(report);
  }

  @Get('metrics')
  @Header('Content-Type', 'text/plain; version=0.0.4')
  metricsText(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
