/** What validation needs to know of the reference data (countries, catalogue, registries), without I/O. */
export interface ReferenceLookup {
  isCountry(iso3: string): boolean;
  /** A country, or one of the special nationality codes OOO (unknown), STL (stateless), XKX (Kosovo). */
  isNationality(code: string): boolean;
  isAdmin1(country: string, code: string): boolean;
  indicator(name: string): { readonly unit: string } | undefined;
  place(id: string): { readonly country: string; readonly admin1?: string } | undefined;
  isCorridor(id: string): boolean;
}
