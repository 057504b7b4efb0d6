import { readFileSync } from 'node:fs';
import { Body, Controller, Get, HttpStatus, Inject, Param, Post, Req } from '@nestjs/common';
import { iso3 } from '@atalaya/contracts';
import type { RuntimeConfig } from '@atalaya/config';
import { CONFIG, DATA_SOURCE, LOGGER, REFERENCE } from '@atalaya/messaging';
import { TriggerGovernanceRepository } from '@atalaya/persistence';
import type { Reference } from '@atalaya/reference';
import {
  adoptionOf,
  catalogueEntryOf,
  historyOf,
  parseCatalogue,
  stanceRefusal,
  stances,
  type Adoption,
  type CatalogueEntry,
  type Catalogue,
  type Trigger,
  type TriggerVersion,
  type VersionHistoryEntry,
} from '@atalaya/triggers';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import { Access, type CredentialRequest } from './credential.guard';
import { GatewayError } from './http-errors';
import { RecipientsInForce } from './recipients-in-force';
import { ServeBacktest, type BacktestView } from './serve-backtest.use-case';
import { parseBody } from './request-body';

/** What a state's operations centre sends to endorse or object to a proposed version. */
export const stanceRequestSchema = z
  .strictObject({
    state: iso3.describe('your own state: an operations centre speaks for its state only'),
    stance: z.enum(stances),
    note: z.string().min(1).optional().describe('what the state says with it; required with an objection'),
  })
  .refine((r) => r.stance !== 'object' || r.note !== undefined, {
    message: 'say why the state objects',
    path: ['note'],
  });

/** What the endorsement route answers: the version with every stance on it, and where it stands. */
export interface StanceResponse {
  readonly version: TriggerVersion;
  readonly adoption: Adoption;
  readonly adopted: boolean;
}

const today = (): string => new Date().toISOString().slice(0, 10);

/**
 * The states' changes to the triggers over HTTP: each trigger's versions with their endorsements, and the
 * endorsements and objections of the states' operations centres, each for its own state and on versions
 * put to it, audited.
 */
@Controller('v1/triggers')
@Access('endorsements:write', 'recipient')
export class TriggerGovernanceController {
  private readonly catalogue: Catalogue;

  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(CONFIG) config: RuntimeConfig,
    @Inject(REFERENCE) private readonly reference: Reference,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly governance: TriggerGovernanceRepository,
    private readonly recipients: RecipientsInForce,
    private readonly backtests: ServeBacktest,
  ) {
    const path = config.ATALAYA_CATALOGUE;
    this.catalogue = parseCatalogue(readFileSync(path, 'utf8'), path, reference);
  }

  @Get()
  @Access('catalogue:read', 'agency', 'recipient', 'analyst', 'admin')
  async list(): Promise<CatalogueEntry[]> {
    const em = this.dataSource.manager;
    return Promise.all(
      this.catalogue.triggers.map(async (file) =>
        catalogueEntryOf(file, await this.governance.versions(em, file.id), today(), this.reference),
      ),
    );
  }

  @Get(':id/backtest')
  @Access('catalogue:read', 'agency', 'recipient', 'analyst', 'admin')
  backtest(@Param('id') id: string, @Req() req: CredentialRequest): Promise<BacktestView> {
    return this.backtests.run(req.principal, this.catalogue, id);
  }

  @Get(':id/history')
  @Access('catalogue:read', 'agency', 'recipient', 'analyst', 'admin')
  async history(@Param('id') id: string): Promise<VersionHistoryEntry[]> {
    const file = this.fileTrigger(id);
    const versions = await this.governance.versions(this.dataSource.manager, id);
    return historyOf(file, versions, today(), this.reference);
  }

  @Post(':id/versions/:version/endorsements')
  async stance(
    @Param('id') id: string,
    @Param('version') rawVersion: string,
    @Body() body: unknown,
    @Req() req: CredentialRequest,
  ): Promise<StanceResponse> {
    const request = parseBody(stanceRequestSchema, body);
    const version = Number(rawVersion);
    this.fileTrigger(id);
    const state = await this.stateOf(req.recipientId);
    if (request.state !== state) {
      throw new GatewayError(
        HttpStatus.FORBIDDEN,
        'NOT_YOUR_STATE',
        `${req.recipientId} speaks for ${state}: it may endorse or object for ${state} only, not ${request.state}`,
      );
    }
    const outcome = await this.dataSource.transaction(async (em) => {
      const proposed = Number.isInteger(version) ? await this.governance.version(em, id, version) : undefined;
      if (!proposed) return { kind: 'unknown' as const };
      const refusal = stanceRefusal(proposed.trigger, state);
      if (refusal) throw new GatewayError(HttpStatus.FORBIDDEN, 'STATE_NOT_IN_AGREED_BY', refusal);
      return this.governance.recordStance(
        em,
        {
          triggerId: id,
          version,
          state,
          stance: request.stance,
          note: request.note ?? null,
          by: req.recipientId,
        },
        (v) => adoptionOf(v.trigger, v.endorsements, this.reference).adopted,
      );
    });
    if (outcome.kind === 'unknown') {
      throw new GatewayError(
        HttpStatus.NOT_FOUND,
        'UNKNOWN_TRIGGER_VERSION',
        `${id} has no stored version ${rawVersion}: GET /v1/triggers/${id}/history lists its versions`,
      );
    }
    if (outcome.kind === 'closed') {
      throw new GatewayError(
        HttpStatus.CONFLICT,
        'VERSION_NOT_PROPOSED',
        `${id}@${version} is ${outcome.status} already: stances are taken on proposed versions only`,
      );
    }
    this.logger.info(
      { trigger: id, version, state, stance: request.stance, by: req.recipientId, adopted: outcome.adopted },
      'trigger version stance recorded',
    );
    return {
      version: outcome.version,
      adoption: adoptionOf(outcome.version.trigger, outcome.version.endorsements, this.reference),
      adopted: outcome.adopted,
    };
  }

  private fileTrigger(id: string): Trigger {
    const file = this.catalogue.triggers.find((t) => t.id === id);
    if (file) return file;
    throw new GatewayError(HttpStatus.NOT_FOUND, 'UNKNOWN_TRIGGER', `the catalogue has no trigger ${id}`);
  }

  /** The state a recipient's key speaks for: only a state's operations centre endorses. */
  private async stateOf(recipientId: string): Promise<string> {
    const recipient = await this.recipients.find(recipientId);
    if (recipient?.kind === 'state_operations_centre' && recipient.state) return recipient.state;
    throw new GatewayError(
      HttpStatus.FORBIDDEN,
      'NOT_AN_OPERATIONS_CENTRE',
      `${recipientId} is not a state's operations centre: only those endorse or object to trigger versions`,
    );
  }
}
