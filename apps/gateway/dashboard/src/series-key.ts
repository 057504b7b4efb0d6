/** What an alert's series key names: a reported series, a corridor, or a reporter's silence. */
export type SeriesOf =
  | {
      readonly kind: 'series';
      readonly reporter: string;
      readonly indicator: string;
      readonly country: string;
      readonly admin1?: string;
      readonly place?: string;
    }
  | { readonly kind: 'corridor'; readonly corridor: string }
  | { readonly kind: 'silence'; readonly reporter: string }
  | { readonly kind: 'other'; readonly key: string };

/**
 * Reads a series key as the engine writes it: `reporter/indicator/country/admin1/place` with `-` for none
 * (`seriesKeyOf`), `corridor/<id>` for a corridor composite, `silence/<reporter>` for a no-data trigger.
 */
export function seriesOf(key: string): SeriesOf {
  const parts = key.split('/');
  if (parts.length === 2 && parts[0] === 'corridor') return { kind: 'corridor', corridor: parts[1] };
  if (parts.length === 2 && parts[0] === 'silence') return { kind: 'silence', reporter: parts[1] };
  if (parts.length !== 5) return { kind: 'other', key };
  const [reporter, indicator, country, admin1, place] = parts;
  return {
    kind: 'series',
    reporter,
    indicator,
    country,
    ...(admin1 === '-' ? {} : { admin1 }),
    ...(place === '-' ? {} : { place }),
  };
}

/** The reporting state of an alert's series, where it names one (a corridor spans several). */
export function stateOf(key: string): string | undefined {
  const s = seriesOf(key);
  return s.kind === 'series' || s.kind === 'silence' ? s.reporter : undefined;
}
