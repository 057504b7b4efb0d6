import { admin1Of, fixturePolicies as policies, viewers } from '../testing/sharing.fixtures';
import { Viewer } from '../entitlement/viewer';
import { Figure, PlaceLookup } from './figure.types';
import { accessOfFigures } from './figures-access';
import { shareFigures } from './share-figures';

const places: PlaceLookup = (id) => (id in admin1Of ? { admin1: admin1Of[id] } : undefined);
const at = '2025-08-15T00:00:00Z';
const figures: Figure[] = [
  {
    reporter: 'PAN',
    indicator: 'irregular_crossings',
    location: { country: 'PAN', place: 'darien' },
    period: { start: '2025-06-01', end: '2025-06-30' },
    value: 182,
    disaggregation: [
      { nationality: 'VEN', value: 120 },
      { nationality: 'ECU', value: 62 },
    ],
  },
  {
    reporter: 'PAN',
    indicator: 'irregular_crossings',
    location: { country: 'PAN', place: 'darien' },
    period: { start: '2025-07-01', end: '2025-07-31' },
    value: 150,
  },
];

const readsBy = (viewer: Viewer) =>
  accessOfFigures(shareFigures(policies, { viewer, purpose: 'early_warning', at }, figures, places), {
    viewer,
    purpose: 'early_warning',
    channel: 'api',
    resource: '/v1/figures?indicator=irregular_crossings',
    at,
  });

describe('accessOfFigures', () => {
  it('records one read per state and indicator shown, with the breakdowns it showed', () => {
    expect(readsBy(viewers.colombia)).toEqual([
      {
        at,
        viewer: { kind: 'recipient', id: 'ops_col' },
        reporter: 'PAN',
        channel: 'api',
        resource: '/v1/figures?indicator=irregular_crossings',
        indicator: 'irregular_crossings',
        purpose: 'early_warning',
        granularity: 'place',
        disaggregations: ['nationality'],
        policyVersion: 1,
      },
    ]);
  });

  it("records nothing of a state's own centre reading its own figures, nor of a refused request", () => {
    expect(readsBy(viewers.panama)).toEqual([]);
    expect(readsBy(viewers.argentina)).toEqual([]);
  });
});
