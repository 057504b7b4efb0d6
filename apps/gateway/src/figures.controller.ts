import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import type { DeepReadonly, SharedFiguresResponse } from '@atalaya/contracts';
import type { Response } from 'express';
import { figuresCsv } from './figures.csv';
import { ServeFigures } from './serve-figures.use-case';
import { Access, type CredentialRequest } from './credential.guard';

/**
 * Reported figures as a recipient (or an analyst, as its organisation) may see them, for the purpose it names, under the reporting states'
 * sharing policies: as JSON, and as a CSV export (docs/data-sharing.md, "Figures over the API").
 */
@Controller('v1')
@Access('figures:read', 'recipient', 'analyst')
export class FiguresController {
  constructor(private readonly figures: ServeFigures) {}

  @Get('figures')
  json(@Query() query: unknown, @Req() req: CredentialRequest): Promise<DeepReadonly<SharedFiguresResponse>> {
    return this.figures.serve(readsAs(req), query, { channel: 'api', resource: req.originalUrl });
  }

  @Get('figures.csv')
  async csv(
    @Query() query: unknown,
    @Req() req: CredentialRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<string> {
    const shared = await this.figures.serve(readsAs(req), query, {
      channel: 'export',
      resource: req.originalUrl,
    });
    res
      .type('text/csv; charset=utf-8')
      .setHeader('content-disposition', `attachment; filename="figures-${shared.at.slice(0, 10)}.csv"`);
    if (shared.next !== null)
      res.setHeader('link', `<${nextPage(req.originalUrl, shared.next)}>; rel="next"`);
    return figuresCsv(shared);
  }
}

/** The request's own path and query, with the next page's cursor: the CSV export's `Link: rel="next"`. */
function nextPage(originalUrl: string, cursor: string): string {
  const url = new URL(originalUrl, 'http://gateway');
  url.searchParams.set('cursor', cursor);
  return `${url.pathname}${url.search}`;
}

/** The organisation whose entitlement a recipient's or an analyst's key reads figures under. */
function readsAs(req: CredentialRequest): string {
  if (req.principal.role === 'recipient' || req.principal.role === 'analyst')
    return req.principal.recipientId;
  throw new Error(`the figures routes take recipient and analyst keys, not ${req.principal.role} keys`);
}
