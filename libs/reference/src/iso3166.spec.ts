import { firstLevelSubdivisions, isCountry, isNationality } from './iso3166';

describe('isCountry', () => {
  it('takes ISO 3166-1 alpha-3 codes in capitals only', () => {
    expect(['PAN', 'USA', 'ESP', 'NIC'].every(isCountry)).toBe(true);
    expect(['pan', 'PA', '591', 'ZZZ', 'OOO', 'XKX', ''].some(isCountry)).toBe(false);
  });
});

describe('isNationality', () => {
  it('takes countries and the special codes for unknown, stateless and Kosovo', () => {
    expect(['VEN', 'OOO', 'STL', 'XKX'].every(isNationality)).toBe(true);
    expect(['ZZZ', 'stl', 'EUR'].some(isNationality)).toBe(false);
  });
});

describe('firstLevelSubdivisions', () => {
  it('gives ISO 3166-2 codes of the first level only', () => {
    expect([...firstLevelSubdivisions('PAN')]).toEqual(expect.arrayContaining(['PA-5', 'PA-EM', 'PA-10']));
    expect(firstLevelSubdivisions('FRA').has('FR-ARA')).toBe(true);
    expect(firstLevelSubdivisions('FRA').has('FR-01')).toBe(false); // a département, one level down
  });

  it('keeps each country to its own codes', () => {
    expect(firstLevelSubdivisions('PAN').has('MX-CHP')).toBe(false);
    expect(firstLevelSubdivisions('MEX').has('MX-CHP')).toBe(true);
  });

  it('is empty for what is not a country', () => {
    expect(firstLevelSubdivisions('ZZZ').size).toBe(0);
    expect(firstLevelSubdivisions('PA').size).toBe(0);
  });
});
