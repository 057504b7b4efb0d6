import { seriesOf, stateOf } from './series-key';

describe('seriesOf', () => {
  it('reads a reported series, with and without admin-1 and place', () => {
    expect(seriesOf('HND/irregular_entries/HND/-/-')).toEqual({
      kind: 'series',
      reporter: 'HND',
      indicator: 'irregular_entries',
      country: 'HND',
    });
    expect(seriesOf('PAN/irregular_crossings/PAN/PA-5/darien')).toEqual({
      kind: 'series',
      reporter: 'PAN',
      indicator: 'irregular_crossings',
      country: 'PAN',
      admin1: 'PA-5',
      place: 'darien',
    });
  });

  it('reads a corridor and a silence, and leaves anything else as it is', () => {
    expect(seriesOf('corridor/darien_north')).toEqual({ kind: 'corridor', corridor: 'darien_north' });
    expect(seriesOf('silence/PAN')).toEqual({ kind: 'silence', reporter: 'PAN' });
    expect(seriesOf('a/b/c')).toEqual({ kind: 'other', key: 'a/b/c' });
    expect([stateOf('silence/PAN'), stateOf('corridor/x'), stateOf('MEX/i/MEX/-/-')]).toEqual([
      'PAN',
      undefined,
      'MEX',
    ]);
  });
});
