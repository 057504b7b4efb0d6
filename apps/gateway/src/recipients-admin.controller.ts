import { Body, Controller, Delete, Get, HttpStatus, Inject, Param, Put, Query, Req } from '@nestjs/common';
import type { RuntimeConfig } from '@atalaya/config';
import { CONFIG, DATA_SOURCE, REFERENCE, TOPIC_PLAN, type TopicPlan } from '@atalaya/messaging';
import {
  RecipientRegistryRepository,
  type RecipientChangeContext,
  type RecipientChangeRecord,
} from '@atalaya/persistence';
import type { Reference } from '@atalaya/reference';
import {
  recipientSchema,
  withRecipientChanges,
  type Recipient,
  type RecipientChange,
} from '@atalaya/routing';
import { loadCatalogueRouting } from '@atalaya/routing/files';
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import { Access, type CredentialRequest } from './credential.guard';
import { GatewayError } from './http-errors';
import { parseBody } from './request-body';

/** What an operator sends to add or replace a recipient: its whole definition, and why. */
export const recipientChangeRequestSchema = z.strictObject({
  definition: recipientSchema,
  reason: z.string().min(1, 'say why the recipient changes'),
});

/**
 * The operators' admin of the recipients: the recipients in force (recipients.yaml with the changes), a
 * recipient added, replaced or removed, each checked against the routes, escalations, protocols and topics,
 * audited, and taken by the dispatcher at its next tick.
 */
@Controller('v1/admin/recipients')
@Access('recipients:admin', 'admin')
export class RecipientsAdminController {
  private readonly context: RecipientChangeContext;

  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(CONFIG) config: RuntimeConfig,
    @Inject(REFERENCE) reference: Reference,
    @Inject(TOPIC_PLAN) plan: TopicPlan,
    private readonly registry: RecipientRegistryRepository,
  ) {
    const { files, against } = loadCatalogueRouting(
      {
        catalogue: config.ATALAYA_CATALOGUE,
        recipients: config.ATALAYA_RECIPIENTS,
        responses: config.ATALAYA_RESPONSES,
      },
      reference,
    );
    this.context = { files, against, topicRecipients: plan.recipients };
  }

  @Get()
  async list(): Promise<(Recipient & { changed: boolean })[]> {
    const changes = await this.registry.changes(this.dataSource.manager);
    const changed = new Set(changes.map((c) => c.id));
    return withRecipientChanges(this.context.files.routing, changes).recipients.map((r) => ({
      ...r,
      changed: changed.has(r.id),
    }));
  }

  @Get('history')
  history(@Query('recipient') recipientId?: string): Promise<RecipientChangeRecord[]> {
    return this.registry.history(this.dataSource.manager, recipientId);
  }

  @Put(':id')
  async put(
    @Param('id') id: string,
    @Body() body: unknown,
    @Req() req: CredentialRequest,
  ): Promise<{ id: string; before: unknown; after: Recipient }> {
    const { definition, reason } = parseBody(recipientChangeRequestSchema, body);
    if (definition.id !== id) {
      throw new GatewayError(
        HttpStatus.BAD_REQUEST,
        'INVALID_VALUE',
        `definition.id: is ${definition.id}, but the path names ${id}; a recipient's id does not change`,
      );
    }
    const before = await this.change({ id, definition }, req.operator, reason);
    return { id, before, after: definition };
  }

  @Delete(':id')
  async remove(
    @Param('id') id: string,
    @Query('reason') reason: string | undefined,
    @Req() req: CredentialRequest,
  ): Promise<{ id: string; before: unknown }> {
    if (!reason) {
      throw new GatewayError(HttpStatus.BAD_REQUEST, 'INVALID_VALUE', 'reason: say why, as ?reason=…');
    }
    return { id, before: await this.change({ id, definition: null }, req.operator, reason) };
  }

  private async change(next: RecipientChange, actor: string, reason: string): Promise<unknown> {
    const outcome = await this.dataSource.transaction((em) =>
      this.registry.change(em, next, this.context, { actor, reason }),
    );
    if (outcome.kind === 'unknown') {
      throw new GatewayError(HttpStatus.NOT_FOUND, 'UNKNOWN_RECIPIENT', `there is no recipient ${next.id}`);
    }
    if (outcome.kind === 'refused') {
      throw new GatewayError(
        HttpStatus.CONFLICT,
        'RECIPIENT_CHANGE_REFUSED',
        `the change to ${next.id} is refused, nothing recorded: ${outcome.problems.join('; ')}`,
      );
    }
    return outcome.before;
  }
}
