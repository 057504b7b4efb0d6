import { Controller, Get, HttpStatus, Query, Req, Res } from '@nestjs/common';
import { alertSeqSchema, streamQuerySchema } from '@atalaya/contracts';
import type { Response } from 'express';
import { Access, type CredentialRequest } from '../credential.guard';
import { GatewayError } from '../http-errors';
import { parseBody } from '../request-body';
import { ServeStream } from './serve-stream.use-case';

/**
 * `GET /v1/stream`: server-sent events of alert events, acknowledgements and action reports, and figures
 * as they are reported, in the scope of the caller's key (docs/api.md, "Live stream").
 */
@Controller('v1/stream')
@Access('alerts:read', 'agency', 'recipient', 'analyst', 'admin')
export class StreamController {
  constructor(private readonly streams: ServeStream) {}

  @Get()
  async stream(@Query() query: unknown, @Req() req: CredentialRequest, @Res() res: Response): Promise<void> {
    const lastEventId = resumeAfter(req.header('last-event-id'), parseBody(streamQuerySchema, query));
    res.status(200).set({
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    res.flushHeaders();
    await this.streams.open(req.principal, lastEventId, {
      write: (chunk) => res.write(chunk),
      end: () => res.end(),
      onClose: (listener) => res.on('close', listener),
    });
  }
}

/** The seq to resume after: the `Last-Event-ID` header, or `lastEventId` for clients that cannot set it. */
function resumeAfter(header: string | undefined, query: { lastEventId?: string }): string | undefined {
  const given = header?.trim() || query.lastEventId;
  if (given === undefined) return undefined;
  if (!alertSeqSchema.safeParse(given).success) {
    throw new GatewayError(
      HttpStatus.BAD_REQUEST,
      'INVALID_LAST_EVENT_ID',
      `Last-Event-ID ${JSON.stringify(given.slice(0, 40))} is not the id of an alert event: resume with the id ` +
        'of the last alert event received, or leave it out to start from now',
    );
  }
  return given;
}
