/**
 * Code-unit order of two strings. Keys and ISO dates here are ASCII, where this equals the natural order,
 * and it is many times faster than `localeCompare` on a hot path.
 */
export function byCodeUnits(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}
