import { Body, Controller, Get, HttpStatus, Inject, Post, Query, Req } from '@nestjs/common';
import {
  reporterSchema,
  validateBreakDeclaration,
  type DeclarationFault,
  type DeclaredSeriesBreak,
  type ReferenceLookup,
} from '@atalaya/contracts';
import { DATA_SOURCE, REFERENCE } from '@atalaya/messaging';
import { ServiceMetrics } from '@atalaya/observability';
import { SeriesBreaksRepository, type StoredFigure } from '@atalaya/persistence';
import type { DataSource } from 'typeorm';
import { Access, type CredentialRequest } from './credential.guard';
import { GatewayError } from './http-errors';

/** What a declaration answers: the break as recorded, and the figure it marks if the engine already has it. */
export interface DeclarationReceipt extends DeclaredSeriesBreak {
  readonly storedFigure: StoredFigure | null;
}

/**
 * A reporter declares that one of its own series changed coverage or method at a period, so that triggers
 * with a baseline restart their history there instead of reading the jump as a surge, and lists the breaks
 * of its series. An agency key speaks for its own state's series only.
 */
@Controller('v1/series/breaks')
@Access('signals:write', 'agency')
export class SeriesBreaksController {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(REFERENCE) private readonly reference: ReferenceLookup,
    private readonly breaks: SeriesBreaksRepository,
    private readonly metrics: ServiceMetrics,
  ) {}

  @Post()
  async declare(@Body() body: unknown, @Req() req: CredentialRequest): Promise<DeclarationReceipt> {
    const verdict = validateBreakDeclaration(body, { reporter: req.reporter, reference: this.reference });
    if (!verdict.ok) {
      this.metrics.seriesBreaks.inc({ reporter: req.reporter, outcome: verdict.fault.code });
      throw refusal(verdict.fault);
    }
    const receipt = await this.dataSource.transaction(async (em) => {
      const declared = await this.breaks.declare(em, verdict.declaration, `api:${req.keyId}`);
      return { ...declared, storedFigure: (await this.breaks.storedFigure(em, declared)) ?? null };
    });
    this.metrics.seriesBreaks.inc({ reporter: req.reporter, outcome: 'declared' });
    return receipt;
  }

  @Get()
  list(@Req() req: CredentialRequest, @Query('reporter') reporter?: string): Promise<DeclaredSeriesBreak[]> {
    if (reporter !== undefined && reporter !== req.reporter) {
      throw new GatewayError(
        HttpStatus.FORBIDDEN,
        'NOT_YOUR_SERIES',
        `a key of ${req.reporter} lists the breaks of ${req.reporter}'s own series only: leave reporter out or set it to ${req.reporter}`,
      );
    }
    return this.breaks.list(this.dataSource.manager, reporterSchema.parse(req.reporter));
  }
}

/** 403 for another reporter's series, 400 for a malformed body, 422 for what the reference data refuses. */
function refusal(fault: DeclarationFault): GatewayError {
  const malformed = [
    'NOT_AN_OBJECT',
    'PERSONAL_DATA',
    'MISSING_FIELD',
    'WRONG_TYPE',
    'UNKNOWN_FIELD',
    'INVALID_VALUE',
  ];
  const status =
    fault.code === 'NOT_YOUR_SERIES'
      ? HttpStatus.FORBIDDEN
      : malformed.includes(fault.code)
        ? HttpStatus.BAD_REQUEST
        : HttpStatus.UNPROCESSABLE_ENTITY;
  return new GatewayError(status, fault.code, `${fault.path}: ${fault.message}`);
}
