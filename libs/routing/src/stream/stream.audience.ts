import { AlertEvent } from '@atalaya/contracts';
import { alertContextOf, UnroutableEventError } from '../context/alert.context';
import { RoutingConfig } from '../dispatch/routing.config';
import { matchRoutes } from '../routes/route.tree';

/**
 * Who may see one event of the live stream, decided once when it arrives, for every connection to test:
 * the reporting state of the alert's series, and the recipients it is routed to (or, for an acknowledgement
 * or an action report, those that were notified of the alert).
 */
export interface StreamAudience {
  /** The state of a `<ISO3>/…` series key; null for a corridor's or a silent state's alert. */
  readonly reporter: string | null;
  readonly recipients: ReadonlySet<string>;
}

/**
 * What one connection may see, as `GET /v1/alerts` decides it: every alert; those routed to a recipient; or
 * those on a reporting state's own series.
 */
export type StreamScope =
  | { readonly kind: 'all' }
  | { readonly kind: 'routed'; readonly recipientId: string }
  | { readonly kind: 'reporter'; readonly reporter: string };

const STATE_SERIES = /^([A-Z]{3})\//;

/** The reporting state of a series key (`HND/irregular_entries/…` is Honduras'), null for any other key. */
export function reporterOfSeries(seriesKey: string): string | null {
  return STATE_SERIES.exec(seriesKey)?.[1] ?? null;
}

/**
 * The audience of an alert event under the routing in force, before the dispatcher has written anything:
 * the receivers of the routes the tree sends it to, as the dispatcher walks it, that are recipients in
 * force. Undefined for a shadow trigger's event, which is never shown; an event routing cannot place goes
 * to no recipient (the analysts and operators still see it).
 */
export function alertAudience(
  config: Pick<RoutingConfig, 'root' | 'lookups' | 'recipients'>,
  event: AlertEvent,
): StreamAudience | undefined {
  if (event.shadow) return undefined;
  return { reporter: reporterOfSeries(event.seriesKey), recipients: routedTo(config, event) };
}

function routedTo(
  config: Pick<RoutingConfig, 'root' | 'lookups' | 'recipients'>,
  event: AlertEvent,
): Set<string> {
  try {
    const context = alertContextOf(event, config.lookups);
    const receivers = matchRoutes(config.root, context, config.lookups.levelsOf).flatMap((r) => r.receivers);
    return new Set(receivers.filter((id) => config.recipients.has(id)));
  } catch (err) {
    if (err instanceof UnroutableEventError) return new Set();
    throw err;
  }
}

/** Whether a connection of this scope may see an event of this audience. */
export function inStreamScope(scope: StreamScope, audience: StreamAudience): boolean {
  switch (scope.kind) {
    case 'all':
      return true;
    case 'routed':
      return audience.recipients.has(scope.recipientId);
    case 'reporter':
      return audience.reporter === scope.reporter;
  }
}
