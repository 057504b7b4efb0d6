import { matcherSchema } from './matcher.schema';
import { matches, sameLabel } from './matcher';
import { contextOf, CORRIDOR, DARIEN, LAJAS, lookups, TAPACHULA } from '../testing/routing.fixtures';

const m = (input: unknown) => matcherSchema.parse(input);
const levelsOf = lookups.levelsOf;

describe('matches', () => {
  it('matches everything with an empty matcher', () => {
    expect(matches(m({}), contextOf(DARIEN), levelsOf)).toBe(true);
  });

  it('reads one value or a list, and needs every key given to hold', () => {
    expect(matches(m({ state: 'PAN' }), contextOf(DARIEN), levelsOf)).toBe(true);
    expect(matches(m({ state: ['MEX', 'PAN'] }), contextOf(DARIEN), levelsOf)).toBe(true);
    expect(matches(m({ state: 'PAN', indicator: 'encounters' }), contextOf(DARIEN), levelsOf)).toBe(false);
  });

  it('matches a corridor alert on any state or place of its route', () => {
    expect(matches(m({ state: 'MEX' }), contextOf(CORRIDOR), levelsOf)).toBe(true);
    expect(matches(m({ place: 'darien' }), contextOf(CORRIDOR), levelsOf)).toBe(true);
    expect(matches(m({ corridor: 'darien_north' }), contextOf(TAPACHULA), levelsOf)).toBe(true);
    expect(matches(m({ corridor: 'darien_north' }), contextOf(LAJAS), levelsOf)).toBe(false);
    expect(matches(m({ indicator: 'irregular_crossings' }), contextOf(CORRIDOR), levelsOf)).toBe(false);
  });

  it("compares minLevel by position in the alert's own trigger's levels", () => {
    const warning = m({ minLevel: 'warning' });
    expect(matches(warning, contextOf(DARIEN, { level: 'watch' }), levelsOf)).toBe(false);
    expect(matches(warning, contextOf(DARIEN, { level: 'warning' }), levelsOf)).toBe(true);
    expect(matches(warning, contextOf(DARIEN, { level: 'emergency' }), levelsOf)).toBe(true);
    expect(matches(warning, contextOf('silence/PAN', { level: 'warning' }), levelsOf)).toBe(true);
  });

  it('never matches minLevel for a trigger without that level, or a level the catalogue does not list', () => {
    expect(
      matches(m({ minLevel: 'emergency' }), contextOf('silence/PAN', { level: 'warning' }), levelsOf),
    ).toBe(false);
    expect(
      matches(m({ minLevel: 'watch' }), contextOf('silence/PAN', { level: 'emergency' }), levelsOf),
    ).toBe(false);
    expect(matches(m({ minLevel: 'watch' }), contextOf(DARIEN, { trigger: 'retired' }), levelsOf)).toBe(
      false,
    );
  });

  it('compares minSeverity on the CAP scale', () => {
    expect(matches(m({ minSeverity: 'Severe' }), contextOf(DARIEN, { severity: 'Moderate' }), levelsOf)).toBe(
      false,
    );
    expect(matches(m({ minSeverity: 'Severe' }), contextOf(DARIEN, { severity: 'Extreme' }), levelsOf)).toBe(
      true,
    );
  });

  it('refuses an unknown key, an empty list and a malformed value', () => {
    expect(matcherSchema.safeParse({ country: 'PAN' }).success).toBe(false);
    expect(matcherSchema.safeParse({ state: [] }).success).toBe(false);
    expect(matcherSchema.safeParse({ state: 'pan' }).success).toBe(false);
    expect(matcherSchema.safeParse({ kind: 'place' }).success).toBe(false);
    expect(matcherSchema.safeParse({ trigger: 'Darien Surge' }).success).toBe(false);
  });
});

describe('sameLabel', () => {
  it('takes sets to agree when they share a value, and two absent labels to agree', () => {
    expect(sameLabel(contextOf(CORRIDOR), contextOf(DARIEN), 'corridor')).toBe(true);
    expect(sameLabel(contextOf(CORRIDOR), contextOf(LAJAS), 'corridor')).toBe(false);
    expect(sameLabel(contextOf(LAJAS), contextOf('HND/irregular_entries/HND/-/-'), 'corridor')).toBe(true);
    expect(sameLabel(contextOf(DARIEN), contextOf(TAPACHULA), 'state')).toBe(false);
  });
});
