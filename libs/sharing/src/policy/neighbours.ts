import { SharingReference } from './policy.schema';

/**
 * The endorsing states a reporter shares a border or a corridor with: a place of either names the other as
 * `across`, or both count at places on one corridor. Their operations centres are its `neighbours` unless
 * its policy lists them itself.
 */
export function derivedNeighbours(reporter: string, reference: SharingReference): string[] {
  const reporters = new Set(reference.reporters.map((r) => r.iso3));
  const found = new Set<string>();
  const corridors = new Set(
    reference.places.filter((p) => p.country === reporter).flatMap((p) => p.corridors),
  );
  for (const place of reference.places) {
    if (place.country === reporter && place.across !== undefined) found.add(place.across);
    if (place.across === reporter) found.add(place.country);
    if (place.corridors.some((c) => corridors.has(c))) found.add(place.country);
  }
  found.delete(reporter);
  return [...found].filter((s) => reporters.has(s)).sort();
}
