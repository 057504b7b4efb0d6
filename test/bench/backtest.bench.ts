import { writeFileSync } from 'node:fs';
import { createDataSource } from '@atalaya/persistence';
import { requireEnv } from '@atalaya/testing';
import { backtest, triggerSchema, type EvaluatedObservation, type Trigger } from '@atalaya/triggers';

/**
 * Observation-evaluations per second of the evaluator (one core: Node runs it on one thread) over a
 * generated multi-year history of many places, next to the same conditions written as PostgreSQL window
 * queries over the same rows, in the same run. The ratio is the figure.
 */
const PLACES = Number(process.env.BENCH_PLACES ?? 500);
const MONTHS = Number(process.env.BENCH_MONTHS ?? 96);

const level = (above: number, clearBelow: number) => [
  { name: 'watch', above, clearBelow, severity: 'Moderate' },
];
const trigger = (id: string, condition: object, levels: object[]): Trigger =>
  triggerSchema.parse({
    id,
    version: 1,
    title: id,
    scope: { indicators: ['bench_flow'] },
    condition,
    levels,
  });

const triggers = [
  trigger('threshold', { type: 'threshold' }, level(3000, 2500)),
  trigger('month-on-month', { type: 'rate_of_change', window: 1 }, level(60, 30)),
  trigger('year-on-year', { type: 'rate_of_change', window: 12 }, level(100, 50)),
  trigger('sustained', { type: 'sustained', atLeast: 2, of: 3 }, level(2500, 2000)),
  trigger('seasonal', { type: 'seasonal_anomaly', season: 12, years: 3 }, level(3.5, 2)),
  trigger('rolling-high', { type: 'rolling_high', window: 3, lookback: 12 }, level(1.2, 1)),
];

/** A seeded generator, so both sides see the very same history on every run. */
function history(): EvaluatedObservation[] {
  let seed = 42;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const rows: EvaluatedObservation[] = [];
  for (let p = 0; p < PLACES; p++) {
    const base = 200 + random() * 1500;
    for (let m = 0; m < MONTHS; m++) {
      const season = 1 + 0.3 * Math.sin((2 * Math.PI * (m % 12)) / 12);
      const surge = random() < 0.03 ? 2 + random() * 3 : 1;
      const start = new Date(Date.UTC(2017, m, 1)).toISOString().slice(0, 10);
      rows.push({
        signalId: `p${p}-${m}`,
        reporter: 'PAN',
        indicator: 'bench_flow',
        location: { country: 'PAN' },
        period: { start, end: start },
        value: Math.round(base * season * surge * (0.8 + random() * 0.4)),
        seriesKey: `place-${p}`,
      });
    }
  }
  return rows;
}

const SQL = `
WITH base AS (
  SELECT series, month, value,
    lag(value, 1) OVER w AS v1, lag(value, 12) OVER w AS v12, lag(value, 24) OVER w AS v24, lag(value, 36) OVER w AS v36,
    count(*) FILTER (WHERE value >= 2500) OVER (w ROWS BETWEEN 2 PRECEDING AND CURRENT ROW) AS reaching,
    count(*) OVER (w ROWS BETWEEN 2 PRECEDING AND CURRENT ROW) AS seen3,
    sum(value) OVER (w ROWS BETWEEN 2 PRECEDING AND CURRENT ROW) AS sum3
  FROM bench_history WINDOW w AS (PARTITION BY series ORDER BY month)
), seasonal AS (
  SELECT *, greatest(least(v12, v24), least(greatest(v12, v24), v36)) AS med FROM base
), measured AS (
  SELECT *,
    max(sum3) OVER (PARTITION BY series ORDER BY month ROWS BETWEEN 12 PRECEDING AND 1 PRECEDING) AS high,
    1.4826 * greatest(least(abs(v12 - med), abs(v24 - med)),
      least(greatest(abs(v12 - med), abs(v24 - med)), abs(v36 - med))) AS mad
  FROM seasonal
)
SELECT
  count(*) FILTER (WHERE value >= 3000) AS threshold,
  count(*) FILTER (WHERE v1 > 0 AND (value - v1) * 100.0 / v1 >= 60) AS month_on_month,
  count(*) FILTER (WHERE v12 > 0 AND (value - v12) * 100.0 / v12 >= 100) AS year_on_year,
  count(*) FILTER (WHERE seen3 = 3 AND reaching >= 2) AS sustained,
  count(*) FILTER (WHERE v36 IS NOT NULL AND (value - med) / greatest(mad, abs(med) * 0.1, 1) >= 3.5) AS seasonal,
  count(*) FILTER (WHERE high > 0 AND sum3 / high >= 1.2) AS rolling_high
FROM measured`;

async function main(): Promise<void> {
  const rows = history();
  const evaluations = rows.length * triggers.length;
  process.stderr.write(
    `bench: ${PLACES} places × ${MONTHS} months = ${rows.length} observations, ${triggers.length} triggers\n`,
  );

  backtest(triggers, rows.slice(0, 5000));
  const t0 = performance.now();
  const result = backtest(triggers, rows);
  const jsSeconds = (performance.now() - t0) / 1000;

  const ds = createDataSource(requireEnv('DATABASE_URL'), 1);
  await ds.initialize();
  await ds.query(`CREATE TABLE bench_history (series text, month date, value double precision)`);
  for (let i = 0; i < rows.length; i += 10000) {
    const chunk = rows.slice(i, i + 10000);
    await ds.query(`INSERT INTO bench_history SELECT * FROM unnest($1::text[], $2::date[], $3::float8[])`, [
      chunk.map((r) => r.seriesKey),
      chunk.map((r) => r.period.start),
      chunk.map((r) => r.value),
    ]);
  }
  await ds.query(`CREATE INDEX ON bench_history (series, month)`);
  await ds.query(`ANALYZE bench_history`);
  await ds.query(SQL);
  const s0 = performance.now();
  const [counts] = await ds.query<Record<string, string>[]>(SQL);
  const sqlSeconds = (performance.now() - s0) / 1000;
  await ds.destroy();

  const out = {
    observations: rows.length,
    triggers: triggers.length,
    evaluations,
    evaluatorEvaluationsPerSecond: Math.round(evaluations / jsSeconds),
    sqlEvaluationsPerSecond: Math.round(evaluations / sqlSeconds),
    evaluatorToSqlRatio: Number((sqlSeconds / jsSeconds).toFixed(2)),
    alertEvents: result.events.length,
    sqlRowsAtOrAboveLevel: counts,
  };
  writeFileSync('dist/bench/backtest.json', `${JSON.stringify(out, null, 2)}\n`);
  console.log(
    `backtest: ${out.evaluatorEvaluationsPerSecond} evaluations/s with the evaluator (one core, hysteresis, ` +
      `pending and lifecycle included), ${out.sqlEvaluationsPerSecond}/s as PostgreSQL window queries ` +
      `(level comparisons only), ratio ${out.evaluatorToSqlRatio}`,
  );
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
