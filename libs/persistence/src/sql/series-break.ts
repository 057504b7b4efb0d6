/**
 * The break an observation row is evaluated with: the one its signal carried, or else the latest break its
 * reporter declared for its series on a day of its period. `join` goes after the FROM of `observations`
 * (named `table` in the query), `column` in the select list; the lateral exposes no column the query's own
 * unqualified names could collide with.
 */
export function seriesBreakOf(table: string): { readonly join: string; readonly column: string } {
  return {
    join: `LEFT JOIN LATERAL (
      SELECT jsonb_strip_nulls(jsonb_build_object('kind', b.kind, 'note', b.note)) AS declared_break
      FROM series_breaks b
      WHERE b.series_key = ${table}.series_key
        AND b.period_start BETWEEN ${table}.period_start AND ${table}.period_end
      ORDER BY b.period_start, b.id DESC
      LIMIT 1) declared ON true`,
    column: `COALESCE(${table}.series_break, declared.declared_break)`,
  };
}
