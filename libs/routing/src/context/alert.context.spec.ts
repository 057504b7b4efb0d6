import { alertContextOf, severityRank, UnroutableEventError } from './alert.context';
import { contextOf, CORRIDOR, DARIEN, eventOf, LAJAS, lookups } from '../testing/routing.fixtures';

describe('alertContextOf', () => {
  it('reads a reported series key: reporter, country, admin1, place and the corridors the place lies on', () => {
    expect(contextOf(DARIEN, { level: 'warning' })).toMatchObject({
      kind: 'series',
      reporter: 'PAN',
      country: 'PAN',
      admin1: 'PA-5',
      states: ['PAN'],
      places: ['darien'],
      corridors: ['darien_north'],
      indicator: 'irregular_crossings',
      trigger: 'darien-crossings-surge',
      level: 'warning',
      levelIndex: 1,
    });
    expect(contextOf(LAJAS).corridors).toEqual([]);
  });

  it('reads a national series, with no admin1 and no place, and a reporter counting in another country', () => {
    expect(contextOf('HND/irregular_entries/HND/-/-')).toMatchObject({
      admin1: null,
      places: [],
      corridors: [],
      states: ['HND'],
    });
    expect(contextOf('USA/returns_from_usa/MEX/-/-').states).toEqual(['USA', 'MEX']);
  });

  it('takes a corridor composite to concern every step of the corridor and each step’s state', () => {
    expect(contextOf(CORRIDOR)).toMatchObject({
      kind: 'corridor',
      reporter: null,
      country: null,
      states: ['PAN', 'MEX'],
      places: ['darien', 'tapachula'],
      corridors: ['darien_north'],
      indicator: null,
      trigger: 'darien-north-corridor',
    });
  });

  it('takes a silence series to concern the silent state alone', () => {
    expect(contextOf('silence/HND')).toMatchObject({
      kind: 'silence',
      reporter: 'HND',
      states: ['HND'],
      places: [],
      indicator: null,
    });
  });

  it('gives a resolution the level it ends from, so it follows the routes of that level', () => {
    const c = contextOf(DARIEN, { type: 'resolved', level: null, previousLevel: 'emergency' });
    expect([c.level, c.levelIndex]).toEqual(['emergency', 2]);
  });

  it('leaves the level index out for a level or trigger the catalogue does not list', () => {
    expect(contextOf('silence/PAN', { level: 'emergency' }).levelIndex).toBeNull();
    expect(contextOf(DARIEN, { trigger: 'retired-trigger' }).levelIndex).toBeNull();
  });

  it('refuses a series key it cannot place, an unknown place and an unknown corridor', () => {
    for (const key of ['PAN', 'corridor/nowhere', 'silence/pan', 'PAN/x/PAN/-/atlantis', 'pan/x/PAN/-/-']) {
      expect(() => alertContextOf(eventOf(key, { trigger: 'darien-crossings-surge' }), lookups)).toThrow(
        UnroutableEventError,
      );
    }
  });

  it('ranks CAP severities from Unknown to Extreme', () => {
    const ranked = (['Extreme', 'Minor', 'Unknown', 'Severe', 'Moderate'] as const)
      .slice()
      .sort((a, b) => severityRank(a) - severityRank(b));
    expect(ranked).toEqual(['Unknown', 'Minor', 'Moderate', 'Severe', 'Extreme']);
  });
});
