import { Corridor } from './corridors.schema';
import { firstLevelSubdivisions, isCountry, SUBDIVISIONS_SOURCE } from './iso3166';
import { Place } from './places.schema';
import { ReferenceData } from './reference';
import { ReferenceFile, ReferenceProblem } from './reference-data.error';

/**
 * What no single file's schema can see: codes that must be real countries and subdivisions, ids that must
 * be unique, and the agreement of places.yaml and corridors.yaml, each naming the other.
 */
export function crossReferenceProblems(data: ReferenceData): ReferenceProblem[] {
  const placeById = new Map(data.places.map((p) => [p.id, p]));
  const corridorById = new Map(data.corridors.map((c) => [c.id, c]));
  return [
    ...duplicates(
      'reporters',
      'iso3',
      data.reporters.map((r) => r.iso3),
    ),
    ...data.reporters.flatMap((r, i) => countryProblems('reporters', [i, 'iso3'], r.iso3)),
    ...duplicates(
      'indicators',
      'name',
      data.indicators.map((i) => i.name),
    ),
    ...duplicates(
      'places',
      'id',
      data.places.map((p) => p.id),
    ),
    ...data.places.flatMap(placeCodeProblems),
    ...data.places.flatMap((place, i) => placeCorridorProblems(place, i, corridorById)),
    ...duplicates(
      'corridors',
      'id',
      data.corridors.map((c) => c.id),
    ),
    ...data.corridors.flatMap((corridor, i) => corridorStepProblems(corridor, i, placeById)),
  ];
}

function duplicates(file: ReferenceFile, field: string, keys: readonly string[]): ReferenceProblem[] {
  return keys.flatMap((key, i) => {
    const first = keys.indexOf(key);
    return first < i
      ? [
          problem(
            file,
            [i, field],
            `"${key}" is already entry ${first} of ${file}; remove or rename one of them`,
          ),
        ]
      : [];
  });
}

function countryProblems(
  file: ReferenceFile,
  path: readonly PropertyKey[],
  code: string,
): ReferenceProblem[] {
  return isCountry(code)
    ? []
    : [problem(file, path, `"${code}" is not an ISO 3166-1 alpha-3 country code (e.g. "PAN" for Panama)`)];
}

function placeCodeProblems(place: Place, i: number): ReferenceProblem[] {
  const found = countryProblems('places', [i, 'country'], place.country);
  // A subdivision can only be checked against a real country.
  if (place.admin1 !== undefined && found.length === 0) {
    const known = firstLevelSubdivisions(place.country);
    if (!known.has(place.admin1)) {
      const hint =
        known.size > 0 ? `use one of ${[...known].join(', ')}` : 'it has none, so leave admin1 out';
      const message = `"${place.admin1}" is not a first-level subdivision of ${place.country} in ${SUBDIVISIONS_SOURCE}: ${hint}`;
      found.push(problem('places', [i, 'admin1'], message));
    }
  }
  if (place.across === undefined) return found;
  if (place.type !== 'border_point' && place.type !== 'border_region') {
    return [
      ...found,
      problem('places', [i, 'across'], `a ${place.type} is not on a border: remove "across"`),
    ];
  }
  if (place.across === place.country) {
    const message = `a border runs between two countries, not between ${place.country} and itself`;
    return [...found, problem('places', [i, 'across'], message)];
  }
  return [...found, ...countryProblems('places', [i, 'across'], place.across)];
}

function placeCorridorProblems(
  place: Place,
  i: number,
  corridorById: ReadonlyMap<string, Corridor>,
): ReferenceProblem[] {
  return place.corridors.flatMap((id, k) => {
    const corridor = corridorById.get(id);
    if (!corridor) {
      return [
        problem(
          'places',
          [i, 'corridors', k],
          `corridor "${id}" is not in corridors.yaml; add it there or remove it here`,
        ),
      ];
    }
    if (!corridor.steps.some((s) => s.place === place.id)) {
      const message = `corridor "${id}" has no step at "${place.id}" in corridors.yaml; add the step there or remove "${id}" here`;
      return [problem('places', [i, 'corridors', k], message)];
    }
    return [];
  });
}

function corridorStepProblems(
  corridor: Corridor,
  i: number,
  placeById: ReadonlyMap<string, Place>,
): ReferenceProblem[] {
  return corridor.steps.flatMap((step, j) => {
    const path = [i, 'steps', j, 'place'];
    const place = placeById.get(step.place);
    const earlier = corridor.steps.findIndex((s) => s.place === step.place);
    if (!place) {
      return [
        problem(
          'corridors',
          path,
          `place "${step.place}" is not in places.yaml; add it there or correct the id`,
        ),
      ];
    }
    if (earlier < j) {
      const message = `"${step.place}" is already step ${earlier} of this corridor; a corridor passes a place once`;
      return [problem('corridors', path, message)];
    }
    if (!place.corridors.includes(corridor.id)) {
      const message = `place "${step.place}" does not list corridor "${corridor.id}" in places.yaml; add it to that place's corridors`;
      return [problem('corridors', path, message)];
    }
    return [];
  });
}

/** A problem at `path` within the file's list, which sits under the key named after the file. */
function problem(file: ReferenceFile, path: readonly PropertyKey[], message: string): ReferenceProblem {
  return { file, path: [file, ...path], message };
}
