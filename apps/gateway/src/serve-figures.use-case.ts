import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import {
  FIGURES_PAGE_MAX,
  figuresQuerySchema,
  isoDate,
  type AccessRecord,
  type DeepReadonly,
  type SharedFiguresResponse,
} from '@atalaya/contracts';
import { DATA_SOURCE, REFERENCE } from '@atalaya/messaging';
import { AccessAuditRepository, ObservationsRepository } from '@atalaya/persistence';
import type { Reference } from '@atalaya/reference';
import { accessOfFigures, latestOnly, refusalOf, shareFiguresOfArea } from '@atalaya/sharing';
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import { figuresPage } from './figures.page';
import { SHARING, type GatewaySharing } from './gateway-sharing';
import { GatewayError } from './http-errors';
import { cursorOf, positionOf } from './page-cursor';
import { RecipientsInForce } from './recipients-in-force';
import { parseBody } from './request-body';

const cursorSchema = z.strictObject({ start: isoDate });

const tooMany = (what: string) =>
  new GatewayError(
    HttpStatus.BAD_REQUEST,
    'TOO_MANY_FIGURES',
    `${what}: raise limit (at most ${FIGURES_PAGE_MAX}), or narrow the request with reporter, place or admin1`,
  );

/**
 * Figures of one indicator as a recipient may see them for a purpose, under the reporting states' sharing
 * policies (docs/data-sharing.md): read, shared, refused whole with 403 when the policies show nothing of
 * them, and every read of restricted figures recorded in the access audit in the same transaction.
 */
@Injectable()
export class ServeFigures {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(REFERENCE) private readonly reference: Reference,
    @Inject(SHARING) private readonly sharing: GatewaySharing,
    private readonly observations: ObservationsRepository,
    private readonly audit: AccessAuditRepository,
    private readonly recipients: RecipientsInForce,
  ) {}

  async serve(
    recipientId: string,
    rawQuery: unknown,
    showing: { readonly channel: AccessRecord['channel']; readonly resource: string },
  ): Promise<DeepReadonly<SharedFiguresResponse>> {
    const { limit, cursor, ...query } = this.checked(rawQuery);
    const resumeAt = cursor === undefined ? undefined : positionOf(cursorSchema, cursor).start;
    const viewer = await this.recipients.viewer(recipientId);
    const at = new Date().toISOString();
    const places = query.admin1
      ? this.reference.places.filter((p) => p.admin1 === query.admin1).map((p) => p.id)
      : query.corridor
        ? this.corridorPlaces(query.corridor)
        : query.place && [query.place];
    return this.dataSource.transaction(async (em) => {
      const kind = query.resolution === 'month' ? this.reference.indicator(query.indicator)?.kind : undefined;
      const from =
        resumeAt !== undefined && (query.from === undefined || resumeAt > query.from) ? resumeAt : query.from;
      const page = figuresPage(
        await this.observations.figures(
          em,
          { ...query, ...(from && { from }), ...(places && { places }), ...(kind && { byMonth: kind }) },
          limit + 1,
        ),
        limit,
      );
      if (page.kind === 'period-too-large') {
        throw tooMany(`the period starting ${page.start} alone holds more than ${limit} stored figures`);
      }
      if (query.latest && page.nextStart !== undefined) {
        throw tooMany(`the latest figures asked for are more than ${limit} stored figures`);
      }
      const stored = page.figures;
      const request = { viewer, purpose: query.purpose, at };
      const figures = query.latest ? latestOnly(stored) : stored;
      const shared = shareFiguresOfArea(this.sharing.policies, request, figures, this.sharing.places, {
        indicator: query.indicator,
        ...(query.reporter && { reporter: query.reporter }),
        ...(query.place || query.corridor
          ? { area: 'place' as const }
          : query.admin1
            ? { area: 'admin1' as const }
            : {}),
      });
      const refusal = refusalOf(shared);
      if (refusal) {
        throw new GatewayError(
          HttpStatus.FORBIDDEN,
          refusal.reason === 'purpose-not-granted' ? 'PURPOSE_NOT_GRANTED' : 'NOT_SHARED',
          refusal.message,
        );
      }
      await this.audit.record(em, accessOfFigures(shared, { ...request, ...showing }));
      return {
        purpose: query.purpose,
        at,
        figures: shared.figures,
        omissions: shared.omissions,
        next: page.nextStart === undefined ? null : cursorOf({ start: page.nextStart }),
      };
    });
  }

  private corridorPlaces(corridor: string): string[] {
    return (this.reference.corridors.find((c) => c.id === corridor)?.steps ?? []).map((s) => s.place);
  }

  private checked(rawQuery: unknown) {
    const query = parseBody(figuresQuerySchema, rawQuery);
    if (!this.reference.indicator(query.indicator)) {
      throw new GatewayError(
        HttpStatus.NOT_FOUND,
        'UNKNOWN_INDICATOR',
        `no indicator ${query.indicator} in the reference data (deploy/catalogue/indicators.yaml)`,
      );
    }
    if (query.place !== undefined && !this.reference.place(query.place)) {
      throw new GatewayError(
        HttpStatus.NOT_FOUND,
        'UNKNOWN_PLACE',
        `no place ${query.place} in the place registry (deploy/catalogue/places.yaml)`,
      );
    }
    if ([query.place, query.admin1, query.corridor].filter((a) => a !== undefined).length > 1) {
      throw new GatewayError(
        HttpStatus.BAD_REQUEST,
        'INVALID_VALUE',
        'ask for one place, one admin1 area or one corridor, not two of them',
      );
    }
    if (query.corridor !== undefined && !this.reference.corridors.some((c) => c.id === query.corridor)) {
      throw new GatewayError(
        HttpStatus.NOT_FOUND,
        'UNKNOWN_CORRIDOR',
        `no corridor ${query.corridor} in the corridor registry (deploy/catalogue/corridors.yaml)`,
      );
    }
    if (query.from !== undefined && query.to !== undefined && query.from > query.to) {
      throw new GatewayError(
        HttpStatus.BAD_REQUEST,
        'INVALID_VALUE',
        `from (${query.from}) is after to (${query.to})`,
      );
    }
    return query;
  }
}
