import { rootRouteSchema } from './route.schema';
import { allRoutes, compileRoutes, matchRoutes, Route } from './route.tree';
import { contextOf, CORRIDOR, DARIEN, lookups, TAPACHULA } from '../testing/routing.fixtures';

const tree = (input: unknown): Route => compileRoutes(rootRouteSchema.parse(input));
const ids = (routes: Route[]) => routes.map((r) => r.id);

const root = tree({
  receivers: ['secretariat'],
  groupBy: ['trigger'],
  groupWait: 'PT1M',
  routes: [
    { id: 'pan', match: { state: 'PAN' }, receivers: ['ops_pan'], continue: true },
    { id: 'mex', match: { state: 'MEX' }, receivers: ['ops_mex'], continue: true },
    {
      id: 'corridor',
      match: { corridor: 'darien_north' },
      receivers: ['iom'],
      groupWait: 'PT5M',
      pending: true,
      routes: [
        { id: 'corridor-severe', match: { minLevel: 'warning' }, receivers: ['unhcr'], groupBy: ['alert'] },
      ],
    },
    { id: 'never-reached', match: { corridor: 'darien_north' }, receivers: ['nobody'] },
  ],
});

describe('matchRoutes', () => {
  it('goes on past a route with continue, and stops at the first without', () => {
    expect(ids(matchRoutes(root, contextOf(DARIEN), lookups.levelsOf))).toEqual(['pan', 'corridor']);
    expect(ids(matchRoutes(root, contextOf(CORRIDOR), lookups.levelsOf))).toEqual(['pan', 'mex', 'corridor']);
  });

  it('hands the alert to the deepest matching route, its parent keeping it when no child matches', () => {
    expect(ids(matchRoutes(root, contextOf(TAPACHULA, { level: 'warning' }), lookups.levelsOf))).toEqual([
      'mex',
      'corridor-severe',
    ]);
  });

  it('falls back on the root, so that nothing that matches goes nowhere', () => {
    expect(ids(matchRoutes(root, contextOf('HND/irregular_entries/HND/-/-'), lookups.levelsOf))).toEqual([
      'root',
    ]);
  });

  it('routes no shadow event, and pending ones only where a route asks for them', () => {
    expect(matchRoutes(root, contextOf(DARIEN, { shadow: true }), lookups.levelsOf)).toEqual([]);
    expect(ids(matchRoutes(root, contextOf(DARIEN, { type: 'pending' }), lookups.levelsOf))).toEqual([
      'corridor',
    ]);
    expect(
      matchRoutes(root, contextOf('HND/irregular_entries/HND/-/-', { type: 'pending' }), lookups.levelsOf),
    ).toEqual([]);
  });
});

describe('compileRoutes', () => {
  it('passes settings down the tree unless a route sets its own, from Alertmanager defaults at the root', () => {
    const byId = new Map(allRoutes(root).map((r) => [r.id, r]));
    expect(byId.get('root')).toMatchObject({
      receivers: ['secretariat'],
      groupBy: ['trigger'],
      groupWait: 'PT1M',
      groupInterval: 'PT5M',
      repeatInterval: 'PT4H',
      pending: false,
    });
    expect(byId.get('pan')).toMatchObject({
      receivers: ['ops_pan'],
      groupBy: ['trigger'],
      groupWait: 'PT1M',
      pending: false,
    });
    expect(byId.get('corridor-severe')).toMatchObject({
      receivers: ['unhcr'],
      groupBy: ['alert'],
      groupWait: 'PT5M',
      pending: true,
    });
  });

  it('refuses a root without receivers or with a matcher, and a route without an id', () => {
    expect(rootRouteSchema.safeParse({ routes: [] }).success).toBe(false);
    expect(rootRouteSchema.safeParse({ receivers: ['a'], match: { state: 'PAN' } }).success).toBe(false);
    expect(
      rootRouteSchema.safeParse({ receivers: ['a'], routes: [{ match: { state: 'PAN' } }] }).success,
    ).toBe(false);
    expect(rootRouteSchema.safeParse({ receivers: ['a'], groupWait: '30s' }).success).toBe(false);
  });

  it('takes a groupWait of zero, which sends at once, but no interval of zero', () => {
    expect(rootRouteSchema.safeParse({ receivers: ['a'], groupWait: 'PT0S' }).success).toBe(true);
    expect(rootRouteSchema.safeParse({ receivers: ['a'], groupInterval: 'PT0S' }).success).toBe(false);
    expect(rootRouteSchema.safeParse({ receivers: ['a'], repeatInterval: 'PT0S' }).success).toBe(false);
  });
});
