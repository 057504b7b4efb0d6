import type { ReferenceLookup } from '@atalaya/contracts';

/** A small in-memory reference for unit tests of pure code: PAN, HND, MEX, USA and a few places. */
export const fakeReference: ReferenceLookup = {
  isCountry: (c) => ['PAN', 'HND', 'MEX', 'USA', 'COL', 'VEN'].includes(c),
  isNationality: (c) => ['PAN', 'HND', 'MEX', 'USA', 'COL', 'VEN', 'OOO', 'STL', 'XKX'].includes(c),
  isAdmin1: (country, code) =>
    (country === 'PAN' && code === 'PA-5') || (country === 'MEX' && code === 'MX-CHP'),
  indicator: (name) =>
    ({ irregular_crossings: { unit: 'persons' }, irregular_entries: { unit: 'persons' } })[name],
  place: (id) =>
    ({ darien: { country: 'PAN', admin1: 'PA-5' }, tapachula: { country: 'MEX', admin1: 'MX-CHP' } })[id],
  isCorridor: (id) => id === 'darien_north',
};
