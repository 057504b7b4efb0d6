import { Body, Controller, HttpCode, HttpStatus, Post, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { randomUUID } from 'node:crypto';
import type { SubmissionReceipt } from '@atalaya/contracts';
import { ServiceMetrics } from '@atalaya/observability';
import { Access, type CredentialRequest } from './credential.guard';
import { GatewayError } from './http-errors';
import { SubmitSignals } from './submit-signals.use-case';

export const MAX_BATCH = 500;

@Controller('v1')
export class SignalsController {
  constructor(
    private readonly submit: SubmitSignals,
    private readonly metrics: ServiceMetrics,
  ) {}

  /**
   * One signal (a JSON object) or a batch (a JSON array of at most MAX_BATCH signals). With `dryRun=true`
   * the items are judged and nothing is written: 200 instead of 202.
   */
  @Post('signals')
  @HttpCode(HttpStatus.ACCEPTED)
  @Access('signals:write', 'agency')
  signals(
    @Body() body: unknown,
    @Query('dryRun') dryRunParam: string | undefined,
    @Req() req: CredentialRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<SubmissionReceipt> {
    const dryRun = dryRunOf(dryRunParam);
    const items = Array.isArray(body) ? body : [body];
    if (items.length === 0) {
      throw new GatewayError(
        HttpStatus.BAD_REQUEST,
        'INVALID_VALUE',
        'the batch is empty: send at least one signal',
      );
    }
    if (items.length > MAX_BATCH) {
      // Every item of a refused batch is a signal that reached Atalaya and was rejected: it is counted.
      if (!dryRun)
        this.metrics.rejected.inc({ reporter: req.reporter, code: 'BATCH_TOO_LARGE' }, items.length);
      throw new GatewayError(
        HttpStatus.PAYLOAD_TOO_LARGE,
        'BATCH_TOO_LARGE',
        `a batch holds at most ${MAX_BATCH} signals; this one has ${items.length}: split it`,
      );
    }
    if (dryRun) res.status(HttpStatus.OK);
    return this.submit.execute(req.reporter, items, randomUUID(), dryRun);
  }
}

function dryRunOf(value: string | undefined): boolean {
  if (value === undefined || value === 'false') return false;
  if (value === 'true') return true;
  throw new GatewayError(
    HttpStatus.BAD_REQUEST,
    'INVALID_VALUE',
    `dryRun is true or false, not ${JSON.stringify(value.slice(0, 20))}`,
  );
}
