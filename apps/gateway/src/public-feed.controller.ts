import { Controller, Get, HttpStatus, Inject, Param, Query, Req, Res } from '@nestjs/common';
import { ATOM_MEDIA_TYPE, CAP_MEDIA_TYPE, renderCapFeed } from '@atalaya/cap';
import type { RuntimeConfig } from '@atalaya/config';
import { CONFIG, DATA_SOURCE } from '@atalaya/messaging';
import { AccessAuditRepository, CapFeedRepository } from '@atalaya/persistence';
import type { Request, Response } from 'express';
import type { DataSource } from 'typeorm';
import { feedLimitOf } from './feeds.controller';
import { GatewayError } from './http-errors';
import { eventIdOfPublic, publicCap } from './public-cap';
import { SHARING, type GatewaySharing } from './gateway-sharing';

/** Where the gateway serves one public CAP document: what each entry of the public feed links to. */
const publicDocumentPath = (identifier: string) =>
  `/v1/feeds/public/cap/${encodeURIComponent(identifier)}.xml`;

/**
 * The public feed: every alert's CAP messages as the public may read them, without a key, with the figures
 * the reporting states share with the public after their embargo (docs/data-sharing.md). Each read that shows
 * a state's figures is recorded in its access audit.
 */
@Controller('v1/feeds/public')
export class PublicFeedController {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(CONFIG) private readonly config: RuntimeConfig,
    @Inject(SHARING) private readonly sharing: GatewaySharing,
    private readonly feeds: CapFeedRepository,
    private readonly audit: AccessAuditRepository,
  ) {}

  @Get('cap.atom')
  async feed(
    @Query() query: unknown,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<string> {
    const limit = feedLimitOf(query);
    const now = new Date().toISOString();
    const messages = await this.dataSource.transaction(async (em) => {
      const recorded = await this.feeds.publicEvents(em, limit);
      const rendered = recorded.map((r) => this.render(r, now));
      await this.audit.record(
        em,
        rendered.flatMap((m) => m.access),
      );
      return rendered;
    });
    const origin = `${req.protocol}://${req.get('host')}`;
    res.type(`${ATOM_MEDIA_TYPE}; charset=utf-8`).setHeader('cache-control', 'public, no-cache');
    return renderCapFeed({
      sender: this.config.ATALAYA_CAP_SENDER,
      recipientId: 'public',
      selfUrl: `${origin}${req.originalUrl}`,
      documentUrl: (identifier) => `${origin}${publicDocumentPath(identifier)}`,
      now,
      documents: messages.map((m) => m.document),
    });
  }

  @Get('cap/:file')
  async document(@Param('file') file: string, @Res({ passthrough: true }) res: Response): Promise<string> {
    const identifier = file.endsWith('.xml') ? file.slice(0, -'.xml'.length) : file;
    const eventId = eventIdOfPublic(identifier);
    const now = new Date().toISOString();
    const message = await this.dataSource.transaction(async (em) => {
      const recorded = eventId === undefined ? undefined : await this.feeds.publicEvent(em, eventId);
      if (!recorded) return undefined;
      const rendered = this.render(recorded, now);
      await this.audit.record(em, rendered.access);
      return rendered;
    });
    if (!message) {
      throw new GatewayError(
        HttpStatus.NOT_FOUND,
        'UNKNOWN_CAP_MESSAGE',
        `no public CAP message ${JSON.stringify(identifier)}: take the links of the public feed, ` +
          'GET /v1/feeds/public/cap.atom',
      );
    }
    res.type(`${CAP_MEDIA_TYPE}; charset=utf-8`).setHeader('cache-control', 'public, no-cache');
    return message.document;
  }

  private render(recorded: Parameters<typeof publicCap>[0], now: string) {
    return publicCap(
      recorded,
      this.sharing.policies,
      this.sharing.context,
      this.config.ATALAYA_CAP_SENDER,
      now,
    );
  }
}
