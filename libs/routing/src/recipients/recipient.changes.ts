import { Reference } from '@atalaya/reference';
import { responseProblems, routingProblems } from '../catalogue/routing.references';
import { RoutingCatalogueError, RoutingFile, RoutingReference } from '../catalogue/routing.schema';
import { RoutingConfig, routingConfigOf, TriggerLevels } from '../dispatch/routing.config';
import { ResponsesFile } from '../responses/response.schema';
import { Recipient } from './recipient.schema';

/**
 * An operator's change to the recipients of `recipients.yaml`, kept in the registry: the recipient's whole
 * new definition, or null when it is removed. The routing tree and the protocols stay in the files.
 */
export interface RecipientChange {
  readonly id: string;
  readonly definition: Recipient | null;
}

/** The recipients file with the registry's changes applied: replaced in place, added at the end, removed. */
export function withRecipientChanges(file: RoutingFile, changes: readonly RecipientChange[]): RoutingFile {
  const byId = new Map(changes.map((c) => [c.id, c.definition]));
  const kept = file.recipients.flatMap((r) => {
    if (!byId.has(r.id)) return [r];
    const changed = byId.get(r.id);
    return changed ? [changed] : [];
  });
  const known = new Set(file.recipients.map((r) => r.id));
  const added = changes.flatMap((c) => (!known.has(c.id) && c.definition ? [c.definition] : []));
  return { ...file, recipients: [...kept, ...added] };
}

/**
 * What would be wrong with the recipients once the changes apply: a route, an inhibit rule, an escalation
 * step or a response protocol naming a recipient that is gone, a state not endorsing, an id twice, and,
 * given the recipients that have a notify topic, a Kafka channel without one. Each as a sentence naming the
 * recipient or the place in the files at fault; none when the change may go.
 */
export function recipientChangeProblems(
  file: RoutingFile,
  responses: ResponsesFile,
  changes: readonly RecipientChange[],
  reference: RoutingReference,
  topicRecipients?: readonly string[],
): string[] {
  const changed = withRecipientChanges(file, changes);
  const ids = new Set(changed.recipients.map((r) => r.id));
  const where = (path: readonly (string | number)[], source: string) => {
    if (path[0] === 'recipients' && typeof path[1] === 'number') {
      const id = changed.recipients[path[1]]?.id ?? '?';
      return `recipient ${id}${path.length > 2 ? ` (${path.slice(2).join('.')})` : ''}`;
    }
    return `${source} ${path.join('.')}`;
  };
  const withoutTopic = topicRecipients
    ? changed.recipients.filter(
        (r) => r.channels.some((c) => c.type === 'kafka') && !topicRecipients.includes(r.id),
      )
    : [];
  return [
    ...withoutTopic.map(
      (r) =>
        `recipient ${r.id}: a kafka channel needs the topic atalaya.notify.${r.id}: add ${r.id} to recipients in topics.yaml and run \`atalaya topics\``,
    ),
    ...routingProblems(changed, reference).map((p) => `${where(p.path, 'recipients.yaml')}: ${p.message}`),
    ...responseProblems(responses, reference, ids).map(
      (p) => `${where(p.path, 'responses.yaml')}: ${p.message}`,
    ),
  ];
}

/**
 * The configuration the dispatcher routes with: the checked files with the registry's changes applied.
 * Throws a RoutingCatalogueError naming each problem the changes would make.
 */
export function routingConfigWith(
  files: { readonly routing: RoutingFile; readonly responses: ResponsesFile },
  changes: readonly RecipientChange[],
  reference: Pick<Reference, 'place' | 'corridors'> & RoutingReference,
  catalogue: TriggerLevels,
): RoutingConfig {
  const problems = recipientChangeProblems(files.routing, files.responses, changes, reference);
  if (problems.length > 0) throw new RoutingCatalogueError(problems, 'the recipient registry');
  return routingConfigOf(withRecipientChanges(files.routing, changes), files.responses, reference, catalogue);
}
