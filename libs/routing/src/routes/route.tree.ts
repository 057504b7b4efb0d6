import { AlertContext } from '../context/alert.context';
import { LevelsOf, matches } from '../matching/matcher';
import { LabelName, Matcher } from '../matching/matcher.schema';
import { RootRouteSpec, RouteSpec } from './route.schema';

/** Alertmanager's defaults, for a tree whose root leaves a setting out. */
export const routeDefaults = {
  groupBy: [] as readonly LabelName[],
  groupWait: 'PT30S',
  groupInterval: 'PT5M',
  repeatInterval: 'PT4H',
  pending: false,
};

/** A route with every inherited setting resolved. */
export interface Route {
  readonly id: string;
  readonly match: Matcher;
  readonly continue: boolean;
  readonly receivers: readonly string[];
  readonly groupBy: readonly LabelName[];
  readonly groupWait: string;
  readonly groupInterval: string;
  readonly repeatInterval: string;
  readonly pending: boolean;
  readonly routes: readonly Route[];
}

export const ROOT_ROUTE_ID = 'root';

type Settings = Omit<Route, 'id' | 'match' | 'continue' | 'routes'>;

/** Resolves what each route inherits from the routes above it. */
export function compileRoutes(root: RootRouteSpec): Route {
  const settings = inherit({ ...routeDefaults, receivers: root.receivers }, root);
  return {
    id: ROOT_ROUTE_ID,
    match: {},
    continue: false,
    ...settings,
    routes: root.routes.map((r) => compile(r, settings)),
  };
}

function compile(spec: RouteSpec, parent: Settings): Route {
  const settings = inherit(parent, spec);
  return {
    id: spec.id,
    match: spec.match ?? {},
    continue: spec.continue,
    ...settings,
    routes: spec.routes.map((r) => compile(r, settings)),
  };
}

function inherit(parent: Settings, spec: Partial<Settings>): Settings {
  return {
    receivers: spec.receivers ?? parent.receivers,
    groupBy: spec.groupBy ?? parent.groupBy,
    groupWait: spec.groupWait ?? parent.groupWait,
    groupInterval: spec.groupInterval ?? parent.groupInterval,
    repeatInterval: spec.repeatInterval ?? parent.repeatInterval,
    pending: spec.pending ?? parent.pending,
  };
}

/**
 * The routes an alert goes to, as Alertmanager walks its tree: a route that matches tries its children in
 * order, stopping at the first that matches unless that child has `continue`; if none of its children
 * matches, the route takes the alert itself. The root matches everything, so every alert lands somewhere.
 * Shadow events land nowhere, and `pending` announcements only on routes that ask for them.
 */
export function matchRoutes(root: Route, context: AlertContext, levelsOf: LevelsOf): Route[] {
  if (context.shadow) return [];
  const found = walk(root, context, levelsOf);
  return context.type === 'pending' ? found.filter((r) => r.pending) : found;
}

function walk(route: Route, context: AlertContext, levelsOf: LevelsOf): Route[] {
  if (!matches(route.match, context, levelsOf)) return [];
  const found: Route[] = [];
  for (const child of route.routes) {
    const taken = walk(child, context, levelsOf);
    found.push(...taken);
    if (taken.length > 0 && !child.continue) break;
  }
  return found.length > 0 ? found : [route];
}

/** Every route of the tree, root first, depth first. */
export function allRoutes(root: Route): Route[] {
  return [root, ...root.routes.flatMap(allRoutes)];
}
