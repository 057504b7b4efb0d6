import { admin1Of, fixturePolicies as policies, viewers } from '../testing/sharing.fixtures';
import { Viewer } from '../entitlement/viewer';
import { Purpose } from '../policy/policy.schema';
import { Figure, PlaceLookup } from './figure.types';
import { FiguresScope, refusalOf, shareFiguresOfArea } from './share-area';

const places: PlaceLookup = (id) => (id in admin1Of ? { admin1: admin1Of[id] } : undefined);
const at = '2025-08-15T00:00:00Z';
const june = { start: '2025-06-01', end: '2025-06-30' };
const darien: Figure = {
  reporter: 'PAN',
  indicator: 'irregular_crossings',
  location: { country: 'PAN', place: 'darien' },
  period: june,
  value: 182,
};
const tapachula: Figure = {
  reporter: 'MEX',
  indicator: 'irregular_crossings',
  location: { country: 'MEX', place: 'tapachula' },
  period: june,
  value: 900,
};

const share = (viewer: Viewer, purpose: Purpose, figures: Figure[], scope: Partial<FiguresScope> = {}) =>
  shareFiguresOfArea(policies, { viewer, purpose, at }, figures, places, {
    indicator: 'irregular_crossings',
    ...scope,
  });

describe('shareFiguresOfArea', () => {
  it('shows a place asked for to a viewer that may see places', () => {
    const shared = share(viewers.colombia, 'early_warning', [darien], { area: 'place' });
    expect(shared.figures.map((f) => [f.location, f.value])).toEqual([
      [{ country: 'PAN', place: 'darien' }, 182],
    ]);
  });

  it('leaves out whole a state whose figures the viewer may see only more coarsely than the area', () => {
    const shared = share(viewers.iom, 'early_warning', [darien, tapachula], { area: 'place' });
    expect(shared.figures).toEqual([]);
    expect(shared.omissions.map((o) => [o.reporter, o.reason])).toEqual([
      ['PAN', 'finer-than-allowed'],
      ['MEX', 'no-rule'],
    ]);
    expect(shared.omissions[0].message).toBe(
      'PAN shares irregular_crossings with you at admin1 level, not for one place: ask without place',
    );
  });

  it('answers the same aggregate for an admin-1 area to a viewer that may see admin-1 areas', () => {
    const shared = share(viewers.iom, 'early_warning', [darien], { area: 'admin1' });
    expect(shared.figures.map((f) => [f.location, f.value])).toEqual([
      [{ country: 'PAN', admin1: 'PA-5' }, 182],
    ]);
  });

  it('refuses a state asked for by name even when it has no figures in the scope', () => {
    const shared = share(viewers.iom, 'response_planning', [], { reporter: 'PAN' });
    expect(shared.omissions.map((o) => o.reason)).toEqual(['purpose-not-granted']);
  });
});

describe('refusalOf', () => {
  it('refuses whole, for the purpose, a request that shows nothing because a purpose is not granted', () => {
    const refusal = refusalOf(share(viewers.iom, 'response_planning', [darien]));
    expect(refusal?.reason).toBe('purpose-not-granted');
    expect(refusal?.message).toMatch(/^PAN irregular_crossings: /);
  });

  it('refuses as not shared a request every state refuses for other reasons', () => {
    const colombian: Figure = { ...darien, reporter: 'COL', location: { country: 'COL' } };
    expect(refusalOf(share(viewers.mexico, 'early_warning', [colombian]))).toEqual({
      reason: 'not-shared',
      message: expect.stringMatching(/^COL irregular_crossings: /) as unknown,
    });
  });

  it('answers a request that shows something, or found nothing at all', () => {
    expect(refusalOf(share(viewers.colombia, 'early_warning', [darien, tapachula]))).toBeUndefined();
    expect(refusalOf(share(viewers.colombia, 'early_warning', []))).toBeUndefined();
  });
});
