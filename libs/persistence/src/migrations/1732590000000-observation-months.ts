import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each series' figures by calendar month, kept as observations are stored, so that a year of a state's
 * daily figures is read as twelve rows a place instead of being added up at each request (the dashboard's
 * sparklines; `npm run bench:api`). A month holds the latest revision of each period starting in it: the
 * sum (a flow's figure) and the last period's value (a stock's), each with its breakdown cells.
 *
 * `observation_months_refresh` recomputes the given series' months from `observations`, so a revision of an
 * earlier period corrects its month the same way a new period does; it is the one definition of a month,
 * called by the engine in the transaction that stores the observations and by this migration's backfill.
 */
export class ObservationMonths1732590000000 implements MigrationInterface {
  name = 'ObservationMonths1732590000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE observation_months (
        series_key text NOT NULL,
        month date NOT NULL,
        reporter char(3) NOT NULL,
        indicator text NOT NULL,
        country char(3) NOT NULL,
        admin1 text,
        place text,
        corridor text,
        periods integer NOT NULL,
        total double precision NOT NULL,
        total_cells jsonb,
        last_value double precision NOT NULL,
        last_cells jsonb,
        PRIMARY KEY (series_key, month)
      )`);
    await q.query(`CREATE INDEX observation_months_indicator ON observation_months (indicator, month)`);
    await q.query(
      `CREATE INDEX observation_months_reporter ON observation_months (reporter, indicator, month)`,
    );
    await q.query(`
      CREATE FUNCTION observation_months_refresh(keys text[], months date[]) RETURNS void LANGUAGE sql AS $$
        INSERT INTO observation_months (series_key, month, reporter, indicator, country, admin1, place, corridor,
          periods, total, total_cells, last_value, last_cells)
        SELECT series_key, month, reporter, indicator, country, admin1, place, corridor, count(*), sum(value),
          CASE WHEN bool_and(disaggregation IS NOT NULL) THEN (
            SELECT jsonb_agg(jsonb_strip_nulls(jsonb_build_object('nationality', n, 'sex', sx, 'ageBand', ab, 'value', v)))
            FROM (SELECT c->>'nationality' AS n, c->>'sex' AS sx, c->>'ageBand' AS ab, sum((c->>'value')::float8) AS v
                  FROM unnest(array_agg(disaggregation)) AS d(cells), jsonb_array_elements(d.cells) AS c
                  GROUP BY 1, 2, 3 ORDER BY 1, 2, 3) summed) END,
          (array_agg(value ORDER BY period_end DESC))[1], (array_agg(disaggregation ORDER BY period_end DESC))[1]
        FROM (SELECT DISTINCT ON (o.series_key, o.period_start) o.series_key, m.month, o.reporter, o.indicator,
                o.country, o.admin1, o.place, o.corridor, o.period_end, o.value, o.disaggregation
              FROM (SELECT DISTINCT * FROM unnest(keys, months)) AS m(series_key, month)
              JOIN observations o ON o.series_key = m.series_key
                AND o.period_start >= m.month AND o.period_start < m.month + interval '1 month'
              ORDER BY o.series_key, o.period_start, o.revision DESC, o.id DESC) latest
        GROUP BY series_key, month, reporter, indicator, country, admin1, place, corridor
        ON CONFLICT (series_key, month) DO UPDATE SET periods = EXCLUDED.periods, total = EXCLUDED.total,
          total_cells = EXCLUDED.total_cells, last_value = EXCLUDED.last_value, last_cells = EXCLUDED.last_cells
      $$`);
    await q.query(`
      SELECT observation_months_refresh(array_agg(series_key), array_agg(month))
      FROM (SELECT DISTINCT series_key, date_trunc('month', period_start)::date AS month FROM observations) months`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION observation_months_refresh(text[], date[])`);
    await q.query(`DROP TABLE observation_months`);
  }
}
