import { z } from 'zod';
import { recipientSchema } from '../recipients/recipient.schema';
import { inhibitRuleSchema, rootRouteSchema } from '../routes/route.schema';

/** `recipients.yaml`: who is told (recipients), of what (the routing tree) and what holds back what. */
export const routingFileSchema = z.strictObject({
  recipients: z.array(recipientSchema).min(1),
  route: rootRouteSchema,
  inhibitRules: z.array(inhibitRuleSchema).default([]),
});
export type RoutingFile = z.infer<typeof routingFileSchema>;

/** What the cross-checks need to know beyond the file: the reference data and the trigger catalogue. */
export interface RoutingReference {
  readonly reporters: readonly { readonly iso3: string }[];
  readonly corridors: readonly { readonly id: string }[];
  readonly place: (id: string) => unknown;
  readonly indicator: (name: string) => unknown;
  readonly triggers: readonly {
    readonly id: string;
    readonly levels: readonly { readonly name: string }[];
  }[];
}

export interface Problem {
  /** Where in the file, as a path into its YAML (`route.routes.2.receivers.0`). */
  readonly path: readonly (string | number)[];
  readonly message: string;
  /** Whether the problem is the map key at `path` itself (an unknown trigger or level), not its value. */
  readonly key?: true;
}

export class RoutingCatalogueError extends Error {
  constructor(
    readonly problems: readonly string[],
    source: string,
  ) {
    super(`${source} is not valid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'RoutingCatalogueError';
  }
}
