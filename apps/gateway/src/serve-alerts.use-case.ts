import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import {
  alertsQuerySchema,
  type AlertDetail,
  type AlertEvent,
  type AlertPage,
  type AlertSummary,
  type Principal,
} from '@atalaya/contracts';
import { DATA_SOURCE } from '@atalaya/messaging';
import {
  AccessAuditRepository,
  AlertsRepository,
  TimelineRepository,
  type AlertScope,
  type StoredAlert,
} from '@atalaya/persistence';
import { alertAsShown, type Viewer } from '@atalaya/sharing';
import type { DataSource, EntityManager } from 'typeorm';
import { z } from 'zod';
import { SHARING, type GatewaySharing } from './gateway-sharing';
import { GatewayError } from './http-errors';
import { cursorOf, positionOf } from './page-cursor';
import { ViewerOf } from './viewer-of';
import { parseBody } from './request-body';

const ENDED: readonly AlertEvent['type'][] = ['resolved', 'cancelled'];

const cursorSchema = z.strictObject({ seq: z.string().regex(/^\d+$/) });

/** Whose alerts a credential reads: an agency its state's, a recipient those it was notified of. */
function scopeOf(principal: Principal): AlertScope {
  switch (principal.role) {
    case 'agency':
      return { kind: 'reporter', reporter: principal.reporter };
    case 'recipient':
      return { kind: 'notified', recipientId: principal.recipientId };
    case 'analyst':
    case 'admin':
      return { kind: 'all' };
  }
}

/**
 * The alerts of the operations API (docs/api.md): listed a page at a time and one by one with its events and
 * timeline, in the caller's scope, each event's evidence as the caller may see it under the sharing policies
 * (purpose early warning), every read of restricted figures in the access audit.
 */
@Injectable()
export class ServeAlerts {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(SHARING) private readonly sharing: GatewaySharing,
    private readonly alerts: AlertsRepository,
    private readonly timelines: TimelineRepository,
    private readonly audit: AccessAuditRepository,
    private readonly viewers: ViewerOf,
  ) {}

  async page(principal: Principal, rawQuery: unknown): Promise<AlertPage> {
    const { limit, cursor, ...filter } = parseBody(alertsQuerySchema, rawQuery);
    const viewer = await this.viewers.of(principal);
    return this.dataSource.transaction(async (em) => {
      const rows = await this.alerts.page(
        em,
        scopeOf(principal),
        { ...filter, ...(cursor && { beforeSeq: positionOf(cursorSchema, cursor).seq }) },
        limit + 1,
      );
      const shown = await this.show(em, principal, viewer, rows.slice(0, limit));
      return { items: shown, next: rows.length > limit ? cursorOf({ seq: rows[limit - 1].seq }) : null };
    });
  }

  async detail(principal: Principal, alertId: string): Promise<AlertDetail> {
    const viewer = await this.viewers.of(principal);
    return this.dataSource.transaction(async (em) => {
      const stored = await this.alerts.one(em, scopeOf(principal), alertId);
      if (!stored) {
        throw new GatewayError(
          HttpStatus.NOT_FOUND,
          'UNKNOWN_ALERT',
          `no alert ${alertId} that your key may read: ${scopeWords(principal)}`,
        );
      }
      const [alert] = await this.show(em, principal, viewer, [stored]);
      const at = new Date().toISOString();
      const events = (await this.alerts.events(em, alertId)).map((event) =>
        this.shown(principal, viewer, event, at),
      );
      await this.audit.record(
        em,
        events.flatMap((e) => e.access),
      );
      const timeline =
        principal.role === 'agency' ? null : await this.timelines.timeline(em, alertId, new Date(at));
      return { alert, events: events.map((e) => e.event), timeline };
    });
  }

  private async show(
    em: EntityManager,
    principal: Principal,
    viewer: Viewer,
    rows: readonly StoredAlert[],
  ): Promise<AlertSummary[]> {
    const at = new Date().toISOString();
    const shown = rows.map((r) => ({ row: r, as: this.shown(principal, viewer, r.latest, at) }));
    await this.audit.record(
      em,
      shown.flatMap((s) => s.as.access),
    );
    return shown.map(({ row, as }) => ({
      alertId: row.alertId,
      status: ENDED.includes(row.latest.type) ? 'past' : 'active',
      openedAt: row.openedAt,
      updatedAt: row.updatedAt,
      latest: as.event,
      withheld: [...as.withheld],
    }));
  }

  private shown(principal: Principal, viewer: Viewer, event: AlertEvent, at: string) {
    const as = alertAsShown(this.sharing.policies, this.sharing.context, event, {
      viewer,
      purpose: 'early_warning',
      channel: 'api',
      resource: event.eventId,
      at,
    });
    return { ...as, access: this.viewers.audited(principal, as.access) };
  }
}

function scopeWords(principal: Principal): string {
  switch (principal.role) {
    case 'agency':
      return `an agency key reads the alerts on ${principal.reporter}'s own series`;
    case 'recipient':
      return `a recipient key reads the alerts ${principal.recipientId} was notified of`;
    default:
      return 'none with this id, or one of a shadow trigger';
  }
}
