import subdivisionData from 'cldr-core/supplemental/subdivisionContainment.json';
import { alpha3ToAlpha2, isValid } from 'i18n-iso-countries';

/**
 * Codes that appear as nationalities in the states' data without being ISO 3166-1 countries: unknown or
 * "other", stateless, and Kosovo as UNHCR and the EU write it (i18n-iso-countries knows Kosovo as XKK).
 */
const SPECIAL_NATIONALITIES: ReadonlySet<string> = new Set(['OOO', 'STL', 'XKX']);

/** An ISO 3166-1 alpha-3 code, in capitals. */
export function isCountry(iso3: string): boolean {
  // isValid also accepts alpha-2, numeric and lower-case codes, which a signal must not carry.
  return /^[A-Z]{3}$/.test(iso3) && isValid(iso3);
}

export function isNationality(code: string): boolean {
  return isCountry(code) || SPECIAL_NATIONALITIES.has(code);
}

/**
 * First-level subdivisions by ISO 3166-1 alpha-2 code, in ISO 3166-2 spelling ("PA-5"). CLDR files a
 * country's top level under its upper-case code and each lower level under its parent subdivision, and
 * writes ISO 3166-2 codes in lower case without the hyphen ("pa5"); it follows ISO's changes release by
 * release.
 */
const FIRST_LEVEL: ReadonlyMap<string, ReadonlySet<string>> = new Map(
  Object.entries(
    subdivisionData.supplemental.subdivisionContainment as Record<string, { _contains: string[] }>,
  )
    .filter(([parent]) => /^[A-Z]{2}$/.test(parent))
    .map(([alpha2, { _contains }]) => [
      alpha2,
      new Set(_contains.map((id) => `${alpha2}-${id.slice(2).toUpperCase()}`)),
    ]),
);

const NONE: ReadonlySet<string> = new Set();

/** The ISO 3166-2 first-level subdivisions of the country `iso3`; none for a country without any. */
export function firstLevelSubdivisions(iso3: string): ReadonlySet<string> {
  const alpha2 = isCountry(iso3) ? alpha3ToAlpha2(iso3) : undefined;
  return (alpha2 !== undefined && FIRST_LEVEL.get(alpha2)) || NONE;
}

/** The CLDR release the subdivisions come from, for messages that send an operator to check a code. */
export const SUBDIVISIONS_SOURCE = `Unicode CLDR ${subdivisionData.supplemental.version._cldrVersion}`;
