import { Controller, Get, Query, Req, Res, UseGuards } from '@nestjs/common';
import type { DeepReadonly, SharedFiguresResponse } from '@atalaya/contracts';
import type { Response } from 'express';
import { figuresCsv } from './figures.csv';
import { RecipientKeyGuard, type RecipientRequest } from './recipient-key.guard';
import { ServeFigures } from './serve-figures.use-case';

/**
 * Reported figures as a recipient may see them, for the purpose it names, under the reporting states'
 * sharing policies: as JSON, and as a CSV export (docs/data-sharing.md, "Figures over the API").
 */
@Controller('v1')
@UseGuards(RecipientKeyGuard)
export class FiguresController {
  constructor(private readonly figures: ServeFigures) {}

  @Get('figures')
  json(@Query() query: unknown, @Req() req: RecipientRequest): Promise<DeepReadonly<SharedFiguresResponse>> {
    return this.figures.serve(req.recipientId, query, { channel: 'api', resource: req.originalUrl });
  }

  @Get('figures.csv')
  async csv(
    @Query() query: unknown,
    @Req() req: RecipientRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<string> {
    const shared = await this.figures.serve(req.recipientId, query, {
      channel: 'export',
      resource: req.originalUrl,
    });
    res
      .type('text/csv; charset=utf-8')
      .setHeader('content-disposition', `attachment; filename="figures-${shared.at.slice(0, 10)}.csv"`);
    return figuresCsv(shared);
  }
}
