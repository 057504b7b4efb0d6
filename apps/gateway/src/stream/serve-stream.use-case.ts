import { Inject, Injectable } from '@nestjs/common';
import type { AlertEvent, Observation, Principal } from '@atalaya/contracts';
import { DATA_SOURCE, LOGGER } from '@atalaya/messaging';
import { AccessAuditRepository, AlertsRepository } from '@atalaya/persistence';
import { alertAudience, inStreamScope, type StreamScope } from '@atalaya/routing';
import { accessOfFigures, alertAsShown, shareFigures, type Viewer } from '@atalaya/sharing';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { ViewerOf } from '../viewer-of';
import { SHARING, type GatewaySharing } from '../gateway-sharing';
import { RecipientsInForce } from '../recipients-in-force';
import { ResumeMerge } from './resume.merge';
import { sseFrame, sseHeartbeat, sseRetry, type SseMessage } from './sse.frame';
import { StreamHub } from './stream.hub';

/** Where one connection's events go: the HTTP response, as the controller adapts it. */
export interface StreamSink {
  write(chunk: string): void;
  end(): void;
  onClose(listener: () => void): void;
}

const HEARTBEAT_MS = 15_000;
const RETRY_MS = 3000;
const REPLAY_PAGE = 500;

/** Whose events a key sees on the stream, as `GET /v1/alerts` decides it, routing deciding a recipient's. */
function streamScopeOf(principal: Principal): StreamScope {
  switch (principal.role) {
    case 'agency':
      return { kind: 'reporter', reporter: principal.reporter };
    case 'recipient':
      return { kind: 'routed', recipientId: principal.recipientId };
    case 'analyst':
    case 'admin':
      return { kind: 'all' };
  }
}

interface Connection {
  readonly principal: Principal;
  readonly scope: StreamScope;
  readonly viewer: Viewer;
}

type ShownAlert = { readonly seq: string; readonly event: AlertEvent };

/**
 * The live stream (docs/api.md, "Live stream"): alert events, acknowledgements and action reports, and
 * figures just reported, each in the caller's scope and as the sharing policies let it see them (purpose
 * early warning, channel `stream`), every read of restricted figures in the access audit. A connection that
 * resumes after an alert event's seq first replays from PostgreSQL what it missed, live events held and
 * de-duplicated meanwhile. Writes go out one at a time, in order; one that fails ends the connection, and
 * the client resumes from the last id it has.
 */
@Injectable()
export class ServeStream {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(SHARING) private readonly sharing: GatewaySharing,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly hub: StreamHub,
    private readonly alerts: AlertsRepository,
    private readonly audit: AccessAuditRepository,
    private readonly recipients: RecipientsInForce,
    private readonly viewers: ViewerOf,
  ) {}

  async open(principal: Principal, lastEventId: string | undefined, sink: StreamSink): Promise<void> {
    const connection: Connection = {
      principal,
      scope: streamScopeOf(principal),
      viewer: await this.viewers.of(principal),
    };
    const merge = new ResumeMerge<ShownAlert>(lastEventId);
    let queue = Promise.resolve();
    let open = true;
    const close = () => {
      if (!open) return;
      open = false;
      subscription.unsubscribe();
      clearInterval(heartbeat);
      sink.end();
    };
    const send = (work: () => Promise<readonly SseMessage[]>) => {
      queue = queue
        .then(async () => {
          if (!open) return;
          for (const message of await work()) sink.write(sseFrame(message));
        })
        .catch((err: unknown) => {
          this.logger.error({ err, keyId: principal.keyId }, 'live stream: a write failed; connection ended');
          close();
        });
    };
    const subscription = this.hub.live.subscribe({
      next: (item) => {
        if (item.kind === 'alert') {
          if (!inStreamScope(connection.scope, item.audience)) return;
          const ready = merge.live(item);
          if (ready.length > 0) send(() => this.shownAlerts(connection, ready));
        } else if (item.kind === 'action') {
          if (inStreamScope(connection.scope, item.audience)) {
            send(() => Promise.resolve([{ event: 'action', data: item.update }]));
          }
        } else send(() => this.shownIndicator(connection, item.observation));
      },
      complete: () => {
        queue = queue.then(close);
      },
    });
    const heartbeat = setInterval(() => sink.write(sseHeartbeat), HEARTBEAT_MS).unref();
    sink.onClose(close);
    sink.write(sseRetry(RETRY_MS));
    this.logger.info(
      { keyId: principal.keyId, role: principal.role, lastEventId: lastEventId ?? null },
      'live stream opened',
    );
    send(async () => {
      const replayed = lastEventId === undefined ? [] : await this.replay(connection, lastEventId, merge);
      return [...replayed, ...(await this.shownAlerts(connection, merge.endReplay()))];
    });
  }

  /** Every alert event in scope after `afterSeq`, oldest first, as shown. */
  private async replay(
    connection: Connection,
    afterSeq: string,
    merge: ResumeMerge<ShownAlert>,
  ): Promise<SseMessage[]> {
    const { principal } = connection;
    const reporter = principal.role === 'agency' ? principal.reporter : null;
    const shown: SseMessage[] = [];
    for (let after = afterSeq; ;) {
      const page = await this.alerts.eventsAfter(this.dataSource.manager, after, reporter, REPLAY_PAGE);
      const routing = await this.recipients.routing();
      const inScope = page.filter((e) => {
        const audience = alertAudience(routing, e.event);
        return audience !== undefined && inStreamScope(connection.scope, audience);
      });
      shown.push(...(await this.shownAlerts(connection, merge.replayed(inScope))));
      if (page.length < REPLAY_PAGE) return shown;
      after = page[page.length - 1].seq;
    }
  }

  private async shownAlerts(connection: Connection, events: readonly ShownAlert[]): Promise<SseMessage[]> {
    if (events.length === 0) return [];
    const at = new Date().toISOString();
    const shown = events.map(({ seq, event }) => ({
      seq,
      as: alertAsShown(this.sharing.policies, this.sharing.context, event, {
        viewer: connection.viewer,
        purpose: 'early_warning',
        channel: 'stream',
        resource: event.eventId,
        at,
      }),
    }));
    await this.audit.record(
      this.dataSource.manager,
      this.viewers.audited(
        connection.principal,
        shown.flatMap((s) => s.as.access),
      ),
    );
    return shown.map(({ seq, as }) => ({
      id: seq,
      event: 'alert',
      data: { seq, event: as.event, withheld: as.withheld },
    }));
  }

  /** A figure just reported, as the caller may see it; nothing when it may see none of it. */
  private async shownIndicator(connection: Connection, observation: Observation): Promise<SseMessage[]> {
    const { scope, viewer, principal } = connection;
    if (scope.kind === 'reporter' && observation.reporter !== scope.reporter) return [];
    const request = { viewer, purpose: 'early_warning' as const, at: new Date().toISOString() };
    const shared = shareFigures(this.sharing.policies, request, [observation], this.sharing.places);
    const [figure] = shared.figures;
    if (!figure) return [];
    await this.audit.record(
      this.dataSource.manager,
      this.viewers.audited(
        principal,
        accessOfFigures(shared, { ...request, channel: 'stream', resource: observation.seriesKey }),
      ),
    );
    const data = {
      seriesKey: observation.seriesKey,
      signalId: observation.signalId,
      receivedAt: observation.receivedAt,
      figure,
      omissions: shared.omissions,
    };
    return [{ event: 'indicator', data }];
  }
}
