import { ReferenceLookup } from '@atalaya/contracts';
import { Corridor } from './corridors.schema';
import { Indicator } from './indicators.schema';
import { firstLevelSubdivisions, isCountry, isNationality } from './iso3166';
import { Place } from './places.schema';
import { Reporter } from './reporters.schema';

/** The reference data once every file and every cross-reference has been checked. */
export interface ReferenceData {
  readonly reporters: readonly Reporter[];
  readonly indicators: readonly Indicator[];
  readonly places: readonly Place[];
  readonly corridors: readonly Corridor[];
}

/** What validation asks of the reference data, plus the catalogues themselves. */
export interface Reference extends ReferenceLookup, ReferenceData {
  indicator(name: string): Indicator | undefined;
  place(id: string): Place | undefined;
}

/** Indexes checked data for lookups. Closures rather than methods, so a lookup can be passed around alone. */
export function referenceOf(data: ReferenceData): Reference {
  const indicators = new Map(data.indicators.map((i) => [i.name, i]));
  const places = new Map(data.places.map((p) => [p.id, p]));
  const corridors = new Set(data.corridors.map((c) => c.id));
  return Object.freeze({
    reporters: data.reporters,
    indicators: data.indicators,
    places: data.places,
    corridors: data.corridors,
    isCountry,
    isNationality,
    isAdmin1: (country: string, code: string) => firstLevelSubdivisions(country).has(code),
    indicator: (name: string) => indicators.get(name),
    place: (id: string) => places.get(id),
    isCorridor: (id: string) => corridors.has(id),
  });
}
