import { randomUUID } from 'node:crypto';
import { Body, Controller, Delete, Get, HttpStatus, Inject, Param, Post, Query, Req } from '@nestjs/common';
import { DATA_SOURCE } from '@atalaya/messaging';
import { SilencesRepository, type StoredSilence } from '@atalaya/persistence';
import { silenceOf } from '@atalaya/routing';
import type { DataSource } from 'typeorm';
import { Access, type CredentialRequest } from './credential.guard';
import { GatewayError } from './http-errors';

/**
 * A recipient's planned pauses (its centre closed for maintenance, a drill): it may silence alerts for
 * itself only, and list or end its own silences. Silences for everyone are set by operators (`atalaya
 * silences add`).
 */
@Controller('v1/silences')
@Access('silences:write', 'recipient')
export class SilencesController {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly silences: SilencesRepository,
  ) {}

  @Post()
  async add(@Body() body: unknown, @Req() req: CredentialRequest): Promise<StoredSilence> {
    const asked = (body ?? {}) as { recipients?: unknown };
    if (
      asked.recipients !== undefined &&
      JSON.stringify(asked.recipients) !== JSON.stringify([req.recipientId])
    ) {
      throw new GatewayError(
        HttpStatus.FORBIDDEN,
        'NOT_YOUR_SILENCE',
        `a recipient key silences alerts for ${req.recipientId} only: leave recipients out, or ask an operator for a wider silence`,
      );
    }
    const made = silenceOf(
      { ...(body as object), recipients: [req.recipientId] },
      { id: `sil_${randomUUID()}`, createdBy: req.recipientId, now: new Date().toISOString() },
    );
    if (!made.ok)
      throw new GatewayError(HttpStatus.BAD_REQUEST, 'INVALID_VALUE', `${made.path}: ${made.message}`);
    await this.dataSource.transaction((em) => this.silences.add(em, made.silence));
    return { ...made.silence, endedBy: null, announcedAt: null };
  }

  @Get()
  list(@Req() req: CredentialRequest, @Query('ended') ended?: string): Promise<StoredSilence[]> {
    return this.silences.list(this.dataSource.manager, {
      now: new Date(),
      ended: ended === 'true',
      recipientId: req.recipientId,
    });
  }

  @Delete(':id')
  async expire(@Param('id') id: string, @Req() req: CredentialRequest): Promise<StoredSilence> {
    const ended = await this.dataSource.transaction((em) =>
      this.silences.expire(em, id, req.recipientId, new Date(), req.recipientId),
    );
    if (!ended) {
      throw new GatewayError(
        HttpStatus.NOT_FOUND,
        'NO_SUCH_SILENCE',
        `${req.recipientId} has no running silence ${id}: GET /v1/silences lists yours`,
      );
    }
    return ended;
  }
}
