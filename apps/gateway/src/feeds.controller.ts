import { Controller, Get, HttpStatus, Inject, Param, Query, Req, Res } from '@nestjs/common';
import { ATOM_MEDIA_TYPE, CAP_MEDIA_TYPE, renderCapFeed } from '@atalaya/cap';
import type { RuntimeConfig } from '@atalaya/config';
import { CONFIG, DATA_SOURCE } from '@atalaya/messaging';
import { CapFeedRepository } from '@atalaya/persistence';
import type { Response } from 'express';
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import { Access, type CredentialRequest } from './credential.guard';
import { GatewayError } from './http-errors';

export const FEED_LIMIT = { default: 50, max: 200 } as const;

const feedQuery = z.object({
  limit: z.coerce.number().int().min(1).max(FEED_LIMIT.max).default(FEED_LIMIT.default),
});

/** How many entries a feed request asks for, or the error that says what `limit` may be. */
export function feedLimitOf(query: unknown): number {
  const parsed = feedQuery.safeParse(query);
  if (!parsed.success) {
    throw new GatewayError(
      HttpStatus.BAD_REQUEST,
      'INVALID_VALUE',
      `limit must be a whole number from 1 to ${FEED_LIMIT.max} (default ${FEED_LIMIT.default})`,
    );
  }
  return parsed.data.limit;
}

/** Where the gateway serves one CAP document: what each feed entry links to. */
const documentPath = (identifier: string) => `/v1/feeds/cap/${encodeURIComponent(identifier)}.xml`;

/**
 * A recipient's CAP messages, as alerting hubs publish them: an Atom feed of the newest and each document on
 * its own. A recipient key reads its own messages only; another's are as unknown as those never sent.
 */
@Controller('v1/feeds')
@Access('alerts:read', 'recipient')
export class FeedsController {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(CONFIG) private readonly config: RuntimeConfig,
    private readonly feeds: CapFeedRepository,
  ) {}

  @Get('cap.atom')
  async feed(
    @Query() query: unknown,
    @Req() req: CredentialRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<string> {
    const limit = feedLimitOf(query);
    const documents = await this.feeds.latest(this.dataSource.manager, req.recipientId, limit);
    const origin = `${req.protocol}://${req.get('host')}`;
    const feed = renderCapFeed({
      sender: this.config.ATALAYA_CAP_SENDER,
      recipientId: req.recipientId,
      selfUrl: `${origin}${req.originalUrl}`,
      documentUrl: (identifier) => `${origin}${documentPath(identifier)}`,
      now: new Date().toISOString(),
      documents,
    });
    res.type(`${ATOM_MEDIA_TYPE}; charset=utf-8`).setHeader('cache-control', 'private, no-cache');
    return feed;
  }

  @Get('cap/:file')
  async document(
    @Param('file') file: string,
    @Req() req: CredentialRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<string> {
    const identifier = file.endsWith('.xml') ? file.slice(0, -'.xml'.length) : undefined;
    const found = identifier
      ? await this.feeds.document(this.dataSource.manager, req.recipientId, identifier)
      : { kind: 'unknown' as const };
    if (found.kind === 'unknown') {
      throw new GatewayError(
        HttpStatus.NOT_FOUND,
        'UNKNOWN_CAP_MESSAGE',
        `no CAP message ${JSON.stringify(identifier ?? file)} was sent to ${req.recipientId}: ` +
          `take the links of your feed, GET /v1/feeds/cap.atom (/v1/feeds/cap/<identifier>.xml)`,
      );
    }
    if (found.kind === 'not-kept') {
      throw new GatewayError(
        HttpStatus.GONE,
        'CAP_DOCUMENT_NOT_KEPT',
        `CAP message ${identifier} was sent to ${req.recipientId} before Atalaya kept the documents it ` +
          'sends: it is in the notification your channels received',
      );
    }
    res.type(`${CAP_MEDIA_TYPE}; charset=utf-8`).setHeader('cache-control', 'private, no-cache');
    return found.document;
  }
}
