import { admin1Of, fixturePolicies as policies, viewers } from '../testing/sharing.fixtures';
import { Figure, PlaceLookup } from './figure.types';
import { shareFigures } from './share-figures';

const places: PlaceLookup = (id) => (id in admin1Of ? { admin1: admin1Of[id] } : undefined);
const june = { start: '2025-06-01', end: '2025-06-30' };
const at = '2025-08-15T00:00:00Z';

const figure = (place: string | undefined, value: number, extra: Partial<Figure> = {}): Figure => ({
  reporter: 'PAN',
  indicator: 'irregular_crossings',
  location: { country: 'PAN', ...(place && { place }) },
  period: june,
  value,
  ...extra,
});

describe('shareFigures', () => {
  it('shows a neighbour each place as reported, with its nationality breakdown suppressed', () => {
    const darien = figure('darien', 182, {
      disaggregation: [
        { nationality: 'VEN', value: 120 },
        { nationality: 'ECU', value: 40 },
        { nationality: 'CHN', value: 18 },
        { nationality: 'AFG', value: 4 },
      ],
    });
    const shared = shareFigures(
      policies,
      { viewer: viewers.colombia, purpose: 'early_warning', at },
      [darien],
      places,
    );
    expect(shared.figures).toEqual([
      {
        reporter: 'PAN',
        indicator: 'irregular_crossings',
        granularity: 'place',
        location: { country: 'PAN', place: 'darien' },
        period: june,
        value: 182,
        aggregatedFrom: 1,
        retention: 'P1Y',
        policy: { basis: 'policy', reporter: 'PAN', version: 1, rule: 0 },
        breakdowns: [
          {
            dimensions: ['nationality'],
            minCell: 10,
            total: 182,
            cells: [
              { key: { nationality: 'AFG' }, value: null, suppressed: 'small-cell' },
              { key: { nationality: 'CHN' }, value: null, suppressed: 'complementary' },
              { key: { nationality: 'ECU' }, value: 40 },
              { key: { nationality: 'VEN' }, value: 120 },
            ],
          },
        ],
      },
    ]);
    expect(shared.omissions.map((o) => [o.reason, o.cell])).toEqual([
      ['small-cell', { nationality: 'AFG' }],
      ['complementary', { nationality: 'CHN' }],
    ]);
  });

  it('adds places up to their admin-1 for a partner, a place in no single admin-1 only into the national figure', () => {
    const figures = [
      figure('darien', 100),
      figure('san_vicente', 30),
      figure('lajas_blancas', 7),
      figure('paso_canoas', 50),
      { ...figure('southwest_border', 1000), location: { country: 'USA', place: 'southwest_border' } },
      { ...figure(undefined, 40), location: { country: 'USA', admin1: 'US-TX' } },
    ];
    const shared = shareFigures(
      policies,
      { viewer: viewers.iom, purpose: 'early_warning', at },
      figures,
      places,
    );
    expect(shared.figures.map((f) => [f.location, f.value, f.aggregatedFrom])).toEqual([
      [{ country: 'PAN', admin1: 'PA-5' }, 130, 2],
      [{ country: 'PAN', admin1: 'PA-EM' }, 7, 1],
      [{ country: 'PAN', admin1: 'PA-4' }, 50, 1],
      [{ country: 'USA', admin1: 'US-TX' }, 40, 1],
      [{ country: 'USA' }, 1040, 2],
    ]);
    expect(shared.omissions).toEqual([
      expect.objectContaining({
        reason: 'not-locatable',
        location: { country: 'USA', place: 'southwest_border' },
      }),
    ]);
  });

  it('shows a figure beside the finer ones it is made of without its breakdown', () => {
    const byNationality = (ven: number, ecu: number) => ({
      disaggregation: [
        { nationality: 'VEN', value: ven },
        { nationality: 'ECU', value: ecu },
      ],
    });
    const figures = [
      figure('darien', 100, byNationality(70, 30)),
      figure('san_vicente', 50, byNationality(45, 5)),
      figure(undefined, 150, byNationality(115, 35)),
    ];
    const shared = shareFigures(
      policies,
      { viewer: viewers.colombia, purpose: 'early_warning', at },
      figures,
      places,
    );
    expect(shared.figures.map((f) => [f.location, f.breakdowns.length])).toEqual([
      [{ country: 'PAN', place: 'darien' }, 1],
      [{ country: 'PAN', place: 'san_vicente' }, 1],
      [{ country: 'PAN' }, 0],
    ]);
    // San Vicente's hidden cells would otherwise be 115 − 70 and 35 − 30.
    expect(shared.omissions.map((o) => [o.reason, o.location])).toEqual([
      ['small-cell', { country: 'PAN', place: 'san_vicente' }],
      ['complementary', { country: 'PAN', place: 'san_vicente' }],
      ['breakdown-linked', { country: 'PAN' }],
    ]);
  });

  it("takes a reporter's own national figure over the sum of its places, and sums the places without one", () => {
    const request = { viewer: viewers.public, purpose: 'public_reporting', at } as const;
    const withNational = [figure('darien', 100), figure('san_vicente', 30), figure(undefined, 150)];
    expect(
      shareFigures(policies, request, withNational, places).figures.map((f) => [f.value, f.aggregatedFrom]),
    ).toEqual([[150, 1]]);
    const placesOnly = [figure('darien', 100), figure('san_vicente', 30)];
    expect(
      shareFigures(policies, request, placesOnly, places).figures.map((f) => [f.location, f.value]),
    ).toEqual([[{ country: 'PAN' }, 130]]);
  });

  it('holds back the public figures of a period under embargo', () => {
    const july = { start: '2025-07-01', end: '2025-07-31' };
    const request = { viewer: viewers.public, purpose: 'public_reporting', at } as const;
    const shared = shareFigures(
      policies,
      request,
      [figure('darien', 100), figure('darien', 90, { period: july })],
      places,
    );
    expect(shared.figures.map((f) => f.period)).toEqual([june]);
    expect(shared.omissions).toEqual([
      expect.objectContaining({
        reason: 'embargoed',
        period: july,
        message: 'under embargo until 2025-09-01T00:00:00Z',
      }),
    ]);
  });

  it('refuses a purpose not granted with its reason, for each reporter and indicator asked about', () => {
    const shared = shareFigures(
      policies,
      { viewer: viewers.iom, purpose: 'response_planning', at },
      [figure('darien', 100), figure('san_vicente', 4)],
      places,
    );
    expect(shared.figures).toEqual([]);
    expect(shared.omissions).toEqual([
      expect.objectContaining({ reason: 'purpose-not-granted', figures: 2 }),
    ]);
    expect(shared.entitlements.map((e) => [e.reporter, e.indicator, e.outcome.granted])).toEqual([
      ['PAN', 'irregular_crossings', false],
    ]);
  });

  it('drops a breakdown not allowed, and one not every figure of an aggregate carries', () => {
    const v2 = '2026-03-01T00:00:00Z';
    const darien = figure('darien', 100, {
      disaggregation: [
        { sex: 'female', value: 40 },
        { sex: 'male', value: 60 },
        { nationality: 'VEN', value: 70 },
        { nationality: 'ECU', value: 30 },
      ],
    });
    const request = { viewer: viewers.iom, purpose: 'early_warning', at: v2 } as const;
    const alone = shareFigures(policies, request, [darien], places);
    expect(alone.figures[0].breakdowns.map((b) => b.dimensions)).toEqual([['nationality']]);
    expect(alone.omissions.map((o) => [o.reason, o.dimensions])).toEqual([
      ['breakdown-not-allowed', ['sex']],
    ]);
    const withSanVicente = shareFigures(policies, request, [darien, figure('san_vicente', 30)], places);
    expect(withSanVicente.figures[0]).toMatchObject({ value: 130, breakdowns: [] });
    expect(withSanVicente.omissions.map((o) => [o.reason, o.dimensions])).toEqual([
      ['breakdown-not-allowed', ['sex']],
      ['breakdown-incomplete', ['nationality']],
    ]);
  });

  it('cross-tabulates two allowed dimensions, with suppressed margins, from figures that carry them', () => {
    const v2 = '2026-03-01T00:00:00Z';
    const cells = [
      { nationality: 'VEN', sex: 'female', value: 50 },
      { nationality: 'VEN', sex: 'male', value: 70 },
      { nationality: 'HTI', sex: 'female', value: 3 },
      { nationality: 'HTI', sex: 'male', value: 30 },
      { nationality: 'ECU', sex: 'female', value: 20 },
      { nationality: 'ECU', sex: 'male', value: 25 },
    ] as const;
    const shared = shareFigures(
      policies,
      { viewer: viewers.colombia, purpose: 'early_warning', at: v2 },
      [figure('darien', 198, { disaggregation: [...cells] })],
      places,
    );
    const [breakdown] = shared.figures[0].breakdowns;
    expect(breakdown.dimensions).toEqual(['nationality', 'sex']);
    expect(breakdown.minCell).toBe(10);
    const hidden = breakdown.cells.filter((c) => c.value === null).map((c) => c.key);
    expect(hidden).toContainEqual({ nationality: 'HTI', sex: 'female' });
    expect(hidden.length).toBeGreaterThanOrEqual(4);
    expect(breakdown.cells.filter((c) => Object.keys(c.key).length === 1)).toContainEqual({
      key: { nationality: 'VEN' },
      value: 120,
    });
  });
});
