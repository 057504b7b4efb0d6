import { Reference } from '@atalaya/reference';
import { ContextLookups } from '../context/alert.context';
import { RoutingFile } from '../catalogue/routing.schema';
import { Recipient } from '../recipients/recipient.schema';
import { protocolsOf, ResponseProtocols } from '../responses/actions';
import { ResponsesFile } from '../responses/response.schema';
import { InhibitRule } from '../routes/route.schema';
import { allRoutes, compileRoutes, Route } from '../routes/route.tree';

/** Everything routing decides with, checked and indexed once at start. */
export interface RoutingConfig {
  readonly recipients: ReadonlyMap<string, Recipient>;
  readonly root: Route;
  readonly routes: ReadonlyMap<string, Route>;
  readonly inhibitRules: readonly InhibitRule[];
  readonly protocols: ResponseProtocols;
  readonly lookups: ContextLookups;
}

/** What the configuration needs of the trigger catalogue: each trigger's level names, lowest first. */
export interface TriggerLevels {
  readonly triggers: readonly {
    readonly id: string;
    readonly levels: readonly { readonly name: string }[];
  }[];
}

export function routingConfigOf(
  file: RoutingFile,
  responses: ResponsesFile,
  reference: Pick<Reference, 'place' | 'corridors'>,
  catalogue: TriggerLevels,
): RoutingConfig {
  const levels = new Map(catalogue.triggers.map((t) => [t.id, t.levels.map((l) => l.name)]));
  const levelsOf = (id: string) => levels.get(id);
  const root = compileRoutes(file.route);
  return {
    recipients: new Map(file.recipients.map((r) => [r.id, r])),
    root,
    routes: new Map(allRoutes(root).map((r) => [r.id, r])),
    inhibitRules: file.inhibitRules,
    protocols: protocolsOf(responses, levelsOf),
    lookups: { place: reference.place, corridors: reference.corridors, levelsOf },
  };
}

/** `atalaya.notify.<recipient id>`, under the run's topic prefix. */
export const notifyTopicOf = (recipientId: string, prefix = ''): string =>
  `${prefix}atalaya.notify.${recipientId}`;
