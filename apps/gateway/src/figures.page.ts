/** One page of stored figures, cut where a period starts, or the period that alone is larger than a page. */
export type FiguresPage<F> =
  | { readonly kind: 'page'; readonly figures: F[]; readonly nextStart?: string }
  | { readonly kind: 'period-too-large'; readonly start: string };

/**
 * The first page of `rows` (sorted by period start, `limit` + 1 of them read to know whether there are
 * more): at most `limit`, and never a period split across pages, since the sharing policies add a period's
 * figures up and suppress its cells across places. The next page starts at the first period left out.
 */
export function figuresPage<F extends { readonly period: { readonly start: string } }>(
  rows: readonly F[],
  limit: number,
): FiguresPage<F> {
  if (rows.length <= limit) return { kind: 'page', figures: [...rows] };
  const nextStart = rows[limit].period.start;
  const cut = rows.findIndex((r) => r.period.start === nextStart);
  if (cut === 0) return { kind: 'period-too-large', start: nextStart };
  return { kind: 'page', figures: rows.slice(0, cut), nextStart };
}
