import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createDataSource } from '@atalaya/persistence';
import { repoRoot, requireEnv } from '@atalaya/testing';
import {
  appliesTo,
  byCodeUnits,
  evaluateBatch,
  isPerSeries,
  levelsFor,
  parseCatalogue,
  referenceCount,
  referenceLag,
  triggerSchema,
  type EvaluatedObservation,
  type Level,
  type Trigger,
} from '@atalaya/triggers';
import type { DataSource } from 'typeorm';

/**
 * Observation-evaluations per second of the default catalogue's per-series triggers over a generated
 * multi-year history of many places, next to the same triggers written as PostgreSQL window queries over the
 * same rows, in the same run. The ratio is the figure: absolute rates depend on the machine.
 *
 * Both sides count an evaluation the same way, one (trigger, observation) pair the trigger applies to, and
 * both give the same answer: every level transition of every series (the evaluator as alert events, SQL as
 * rows), compared transition by transition before anything is reported. The catalogue is read as it stands
 * and its per-series triggers are re-scoped to every generated place. Where a trigger's level depends on
 * the alert's own past (`pending`, `cooldown`), plain window functions cannot say it, and SQL runs the
 * evaluator's step as a PL/pgSQL aggregate over the same window instead.
 */
const ROOT = repoRoot();
const CATALOGUE = process.env.ATALAYA_CATALOGUE ?? join(ROOT, 'deploy/catalogue/triggers.yaml');
const PLACES = Number(process.env.BENCH_PLACES ?? 500);
const MONTHS = Number(process.env.BENCH_MONTHS ?? 96);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);

interface Workload {
  readonly triggers: readonly Trigger[];
  readonly skipped: readonly Trigger[];
  readonly rows: readonly EvaluatedObservation[];
  readonly evaluations: number;
}

/** Each per-series trigger of the catalogue, scoped to its indicators everywhere instead of its own places. */
function rescoped(catalogue: readonly Trigger[]): { triggers: Trigger[]; skipped: Trigger[] } {
  const perSeries = catalogue.filter(isPerSeries);
  return {
    triggers: perSeries.map((t) => triggerSchema.parse({ ...t, scope: { indicators: t.scope.indicators } })),
    skipped: catalogue.filter((t) => !isPerSeries(t)),
  };
}

/** A seeded generator, so both sides and every run see the very same history. */
function seeded(seed: number): () => number {
  let state = seed;
  return () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
}

/**
 * The range a place's ordinary monthly figure is drawn from for an indicator: under the lowest level and up
 * to half the highest of the triggers that compare figures (or changes of figures) with their levels, so
 * that surges reach every level somewhere. Other conditions are relative and take any scale.
 */
function ordinaryRange(triggers: readonly Trigger[], indicator: string): [number, number] {
  const absolute = triggers.filter(
    (t) =>
      t.scope.indicators.includes(indicator) &&
      (t.condition.type === 'threshold' ||
        t.condition.type === 'sustained' ||
        (t.condition.type === 'rate_of_change' && t.condition.mode === 'absolute')),
  );
  const aboves = absolute.flatMap((t) =>
    [undefined, ...t.overrides].flatMap((o) => levelsFor(t, o).map((l) => l.above)),
  );
  const positive = aboves.filter((a) => a > 0);
  if (positive.length === 0) return [200, 1700];
  return [Math.min(...positive) / 4, Math.max(...positive) / 2];
}

/** The states the triggers name, so that national overrides and opt-outs apply to some places. */
function statesOf(triggers: readonly Trigger[]): string[] {
  const named = triggers.flatMap((t) => [
    ...(t.scope.reporters ?? []),
    ...t.agreedBy,
    ...t.overrides.map((o) => o.state),
  ]);
  return [...new Set([...named, 'PAN'])].sort();
}

/** Monthly figures of every place for every indicator the triggers read: seasonal, noisy, with surges. */
function history(triggers: readonly Trigger[]): EvaluatedObservation[] {
  const random = seeded(42);
  const states = statesOf(triggers);
  const indicators = [...new Set(triggers.flatMap((t) => t.scope.indicators))].sort();
  const rows: EvaluatedObservation[] = [];
  for (const indicator of indicators) {
    const [low, high] = ordinaryRange(triggers, indicator);
    for (let p = 0; p < PLACES; p++) {
      const country = states[p % states.length];
      const place = `place_${p}`;
      const base = low * (high / low) ** random();
      let surge = 1;
      let surgeMonths = 0;
      for (let m = 0; m < MONTHS; m++) {
        if (surgeMonths === 0 && random() < 0.03) {
          surge = 2 + random() * 3;
          surgeMonths = 1 + Math.floor(random() * 4);
        }
        const factor = surgeMonths > 0 ? surge : 1;
        surgeMonths = Math.max(0, surgeMonths - 1);
        const season = 1 + 0.3 * Math.sin((2 * Math.PI * (m % 12)) / 12);
        const start = new Date(Date.UTC(2017, m, 1)).toISOString().slice(0, 10);
        rows.push({
          signalId: `${indicator}-${p}-${m}`,
          reporter: country,
          indicator,
          location: { country, place },
          period: { start, end: start },
          value: Math.round(base * season * factor * (0.8 + random() * 0.4)),
          seriesKey: `${country}/${indicator}/${country}/-/${place}`,
        });
      }
    }
  }
  // Period by period, as a feed delivers them, and parsed from JSON as the engine parses them: objects and
  // strings of one series lie as far apart in memory as they do in production, not as the loops above
  // allocated them.
  const arrived = rows.sort((a, b) => byCodeUnits(a.period.start, b.period.start));
  return JSON.parse(JSON.stringify(arrived)) as EvaluatedObservation[];
}

function workload(): Workload {
  const { triggers, skipped } = rescoped(parseCatalogue(readFileSync(CATALOGUE, 'utf8'), CATALOGUE).triggers);
  const rows = history(triggers);
  const evaluations = triggers.reduce((n, t) => n + rows.filter((o) => appliesTo(t, o)).length, 0);
  return { triggers, skipped, rows, evaluations };
}

// ---- The same triggers as PostgreSQL window queries ------------------------------------------------------

const float = (x: number) => `${x}::float8`;
const text = (s: string) => `'${s.replace(/'/g, "''")}'`;
const above = (l: Level) => l.above;
const clear = (l: Level) => l.clearBelow ?? l.above;

/** Level `i`'s fire or clear edge on the row's territory: the state's own threshold where it set one. */
function edge(t: Trigger, i: number, of: (l: Level) => number): string {
  const own = t.overrides.flatMap((o) =>
    'levels' in o ? [`WHEN ${text(o.state)} THEN ${float(of(levelsFor(t, o)[i]))}`] : [],
  );
  const general = float(of(t.levels[i]));
  return own.length === 0 ? general : `(CASE country ${own.join(' ')} ELSE ${general} END)`;
}

/**
 * How a condition reads a series: columns added stage by stage over the rows of a series, then whether a row
 * can be measured and, for each level, whether the measure reaches its `above` and holds its `clearBelow`.
 */
interface ConditionSql {
  readonly stages: readonly (readonly string[])[];
  readonly measurable: string;
  readonly reaches: (i: number) => string;
  readonly holds: (i: number) => string;
}

/** A condition whose measure is one number compared with the levels, as `measureOf` takes it. */
function measured(t: Trigger, stages: string[][]): ConditionSql {
  return {
    stages,
    measurable: 'measure IS NOT NULL',
    reaches: (i) => `measure >= ${edge(t, i, above)}`,
    holds: (i) => `measure >= ${edge(t, i, clear)}`,
  };
}

/** The median of a few columns: closed forms for two and three, a sort otherwise. */
function median(columns: string[]): string {
  const [a, b, c] = columns;
  if (columns.length === 2) return `(${a} + ${b}) / 2`;
  if (columns.length === 3) return `greatest(least(${a}, ${b}), least(greatest(${a}, ${b}), ${c}))`;
  return `bench_median(ARRAY[${columns.join(', ')}])`;
}

function conditionSql(t: Trigger): ConditionSql {
  const c = t.condition;
  switch (c.type) {
    case 'threshold':
      return measured(t, [['value AS measure']]);
    case 'rate_of_change':
      return measured(t, [
        [`lag(value, ${c.window}) OVER w AS base`],
        [
          c.mode === 'absolute'
            ? 'value - base AS measure'
            : `CASE WHEN base <> 0 THEN (value - base) / base * ${float(100)} END AS measure`,
        ],
      ]);
    case 'sustained': {
      // The atLeast-th highest of the last `of` values reaches an edge when at least atLeast of them do.
      const frame = `OVER (w ROWS BETWEEN ${c.of - 1} PRECEDING AND CURRENT ROW)`;
      return {
        stages: [
          t.levels.flatMap((_, i) => [
            `count(*) FILTER (WHERE value >= ${edge(t, i, above)}) ${frame} AS reach_${i}`,
            `count(*) FILTER (WHERE value >= ${edge(t, i, clear)}) ${frame} AS hold_${i}`,
          ]),
        ],
        measurable: `seen >= ${c.of}`,
        reaches: (i) => `reach_${i} >= ${c.atLeast}`,
        holds: (i) => `hold_${i} >= ${c.atLeast}`,
      };
    }
    case 'seasonal_anomaly': {
      const lags = Array.from({ length: referenceCount(c) }, (_, k) => referenceLag(c, k));
      const same = lags.map((_, k) => `same_${k}`);
      const spread = `${float(1.4826)} * mad`;
      return measured(t, [
        same.map((s, k) => `lag(value, ${lags[k]}) OVER w AS ${s}`),
        [`${median(same)} AS base`],
        [`${median(same.map((s) => `abs(${s} - base)`))} AS mad`],
        [
          `CASE WHEN ${same[same.length - 1]} IS NOT NULL THEN (value - base) / ` +
            `CASE WHEN ${spread} > 0 THEN ${spread} ELSE greatest(abs(base) * ${float(0.1)}, ${float(1)}) END ` +
            `END AS measure`,
        ],
      ]);
    }
    case 'rolling_high':
      return measured(t, [
        [`sum(value) OVER (w ROWS BETWEEN ${c.window - 1} PRECEDING AND CURRENT ROW) AS total`],
        [`max(total) OVER (w ROWS BETWEEN ${c.lookback} PRECEDING AND 1 PRECEDING) AS high`],
        [`CASE WHEN seen >= ${c.window + c.lookback} AND high > 0 THEN total / high END AS measure`],
      ]);
    default:
      throw new Error(`${t.id}: ${c.type} is not a per-series condition`);
  }
}

const WINDOW = 'WINDOW w AS (PARTITION BY series ORDER BY month)';
const RUNNING = 'OVER (w ROWS UNBOUNDED PRECEDING)';

/** The rows a trigger applies to: what `appliesTo` says of the re-scoped trigger. */
function scopeSql(t: Trigger): string {
  const { effective } = t;
  return [
    `indicator IN (${t.scope.indicators.map(text).join(', ')})`,
    ...(effective ? [`month >= ${text(effective.from)}`] : []),
    ...(effective?.to ? [`month <= ${text(effective.to)}`] : []),
  ].join(' AND ');
}

/**
 * Whether plain window functions give the trigger's level: they do when a rise never waits (`pending` 1, no
 * `cooldown`; the catalogue keeps every territory's levels in order). Otherwise the level depends on the
 * alert's own past and SQL walks the series with an aggregate (`bench_level`).
 */
function standsByWindows(t: Trigger): boolean {
  return t.pending === 1 && t.cooldown === 0;
}

/**
 * The level at every row with window functions only. Level i stands at a row when it fired (reached its
 * `above`, once the series is `minHistory` long) after it last cleared (fell under its `clearBelow`), and
 * the level is the highest that stands: `thresholdLevel`'s hysteresis folded over a series.
 */
function levelByWindows(t: Trigger, condition: ConditionSql, inForce: string, rows: string): string {
  const measurable = `${inForce} AND ${condition.measurable}`;
  const standing = t.levels.flatMap((_, i) => [
    `coalesce(max(CASE WHEN ${measurable} AND seen >= ${t.minHistory} AND ${condition.reaches(i)} THEN seen END) ${RUNNING}, 0) AS fired_${i}`,
    `coalesce(max(CASE WHEN ${measurable} AND NOT (${condition.holds(i)}) THEN seen END) ${RUNNING}, 0) AS cleared_${i}`,
  ]);
  const highest = t.levels
    .map((_, i) => `WHEN fired_${i} > cleared_${i} THEN ${i}`)
    .reverse()
    .join(' ');
  return `SELECT series, month, CASE ${highest} ELSE -1 END AS level FROM (
      SELECT series, month, ${standing.join(', ')} FROM (${rows}) AS measured ${WINDOW}
    ) AS standing`;
}

/** The level at every row with `bench_level`, the evaluator's step (pending, cooldown and all) in PL/pgSQL. */
function levelByAggregate(t: Trigger, condition: ConditionSql, inForce: string, rows: string): string {
  const each = (f: (i: number) => string) =>
    `CASE WHEN ${inForce} AND ${condition.measurable} THEN ARRAY[${t.levels.map((_, i) => f(i)).join(', ')}] END`;
  return (
    `SELECT series, month, bench_level(${each(condition.reaches)}, ${each(condition.holds)}, seen, ` +
    `${t.pending}, ${t.cooldown}, ${t.minHistory}) ${RUNNING} AS level FROM (${rows}) AS measured ${WINDOW}`
  );
}

/** A trigger's level transitions, series by series: the rows the evaluator raises events at. */
function transitionsSql(t: Trigger): string {
  const condition = conditionSql(t);
  const optedOut = t.overrides.flatMap((o) => ('optOut' in o ? [text(o.state)] : []));
  const inForce = optedOut.length === 0 ? 'true' : `country NOT IN (${optedOut.join(', ')})`;
  let rows = `SELECT series, country, month, value, row_number() OVER w AS seen FROM bench_history WHERE ${scopeSql(t)} ${WINDOW}`;
  condition.stages.forEach((columns, k) => {
    rows = `SELECT *, ${columns.join(', ')} FROM (${rows}) AS stage_${k} ${WINDOW}`;
  });
  const levelled = (standsByWindows(t) ? levelByWindows : levelByAggregate)(t, condition, inForce, rows);
  return `SELECT ${text(t.id)} AS trigger_id, series, month::text AS month, level FROM (
      SELECT series, month, level, lag(level, 1, -1) OVER w AS previous FROM (${levelled}) AS levelled ${WINDOW}
    ) AS moves WHERE level <> previous`;
}

const FUNCTIONS = [
  `CREATE FUNCTION bench_median(float8[]) RETURNS float8 IMMUTABLE LANGUAGE sql AS $$
    SELECT CASE WHEN n % 2 = 1 THEN s[n / 2 + 1] ELSE (s[n / 2] + s[n / 2 + 1]) / 2 END
    FROM (SELECT array_agg(x ORDER BY x) AS s, count(*)::int AS n FROM unnest($1) AS x) AS sorted
  $$`,
  // One step of the evaluator on one row. The state is {level, pending level, pending count, observations
  // since the last resolution or -1}; levels are indexes, -1 for none; null arrays: nothing to measure.
  `CREATE FUNCTION bench_step(state int[], reaches bool[], holds bool[], seen bigint, pending int,
      cooldown int, min_history int) RETURNS int[] IMMUTABLE LANGUAGE plpgsql AS $$
  DECLARE
    current int := state[1];
    since int := CASE WHEN state[4] >= 0 THEN state[4] + 1 ELSE -1 END;
    target int := -1;
    held int;
  BEGIN
    IF reaches IS NULL THEN
      RETURN ARRAY[current, state[2], state[3], since];
    END IF;
    FOR i IN 1..cardinality(reaches) LOOP
      IF reaches[i] THEN target := i - 1; END IF;
    END LOOP;
    FOR i IN REVERSE least(current, cardinality(holds) - 1)..0 LOOP
      IF holds[i + 1] THEN target := greatest(target, i); EXIT; END IF;
    END LOOP;
    IF target > current AND (seen < min_history OR (current < 0 AND since >= 0 AND since <= cooldown)) THEN
      target := current;
    END IF;
    IF target > current THEN
      held := CASE WHEN state[2] = target THEN state[3] + 1 ELSE 1 END;
      IF held < pending THEN
        RETURN ARRAY[current, target, held, since];
      END IF;
    END IF;
    RETURN ARRAY[target, -1, 0, CASE WHEN target < 0 AND current >= 0 THEN 0 ELSE since END];
  END $$`,
  `CREATE FUNCTION bench_level_of(int[]) RETURNS int IMMUTABLE LANGUAGE sql AS 'SELECT $1[1]'`,
  `CREATE AGGREGATE bench_level(bool[], bool[], bigint, int, int, int) (
    SFUNC = bench_step, STYPE = int[], INITCOND = '{-1,-1,0,-1}', FINALFUNC = bench_level_of
  )`,
];

async function loadHistory(ds: DataSource, rows: readonly EvaluatedObservation[]): Promise<void> {
  await ds.query(
    `CREATE TABLE bench_history (series text, indicator text, country text, month date, value float8)`,
  );
  for (let i = 0; i < rows.length; i += 10000) {
    const chunk = rows.slice(i, i + 10000);
    await ds.query(
      `INSERT INTO bench_history SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::date[], $5::float8[])`,
      [
        chunk.map((r) => r.seriesKey),
        chunk.map((r) => r.indicator),
        chunk.map((r) => r.location.country),
        chunk.map((r) => r.period.start),
        chunk.map((r) => r.value),
      ],
    );
  }
  // Rows stored in the order they arrived, as the engine stores them, with an index on each series.
  await ds.query(`CREATE INDEX bench_history_series ON bench_history (indicator, series, month)`);
  await ds.query(`ANALYZE bench_history`);
  for (const f of FUNCTIONS) await ds.query(f);
  // One core against one core: the evaluator runs on one thread (run.sh keeps V8's collector on it too).
  await ds.query(`SET max_parallel_workers_per_gather = 0`);
  // Sorts in memory, and no LLVM compilation, which only added time to these queries on every run.
  await ds.query(`SET work_mem = '64MB'`);
  await ds.query(`SET jit = off`);
}

// ---- Timing and the report --------------------------------------------------------------------------------

const middle = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function seconds<T>(run: () => T | Promise<T>): Promise<[number, T]> {
  const t0 = performance.now();
  const result = await run();
  return [(performance.now() - t0) / 1000, result];
}

/**
 * Both sides timed in turns, one untimed run each first, so that whatever else the machine does weighs on
 * both alike. Every run's seconds, the median of each side, and what the last run of each returned.
 */
async function inTurns<A, B>(
  a: () => A,
  b: () => Promise<B>,
): Promise<{ a: number; b: number; times: [number[], number[]]; resultA: A; resultB: B }> {
  let [, resultA] = await seconds(a);
  let [, resultB] = await seconds(b);
  const times: [number[], number[]] = [[], []];
  for (let i = 0; i < RUNS; i++) {
    let t: number;
    [t, resultA] = await seconds(a);
    times[0].push(t);
    [t, resultB] = await seconds(b);
    times[1].push(t);
  }
  return { a: middle(times[0]), b: middle(times[1]), times, resultA, resultB };
}

interface SqlTransition {
  trigger_id: string;
  series: string;
  month: string;
  level: number;
}

/** Transitions per trigger on each side, and the first few that only one side has. */
function compare(
  triggers: readonly Trigger[],
  evaluator: readonly string[],
  sql: readonly string[],
): { triggerId: string; evaluator: number; sql: number; same: boolean; onlyOneSide: string[] }[] {
  return triggers.map((t) => {
    const own = (all: readonly string[]) => all.filter((k) => k.startsWith(`${t.id} `)).sort();
    const [mine, theirs] = [own(evaluator), own(sql)];
    const theirSet = new Set(theirs);
    const mySet = new Set(mine);
    const onlyOneSide = [
      ...mine.filter((k) => !theirSet.has(k)).map((k) => `evaluator only: ${k}`),
      ...theirs.filter((k) => !mySet.has(k)).map((k) => `sql only: ${k}`),
    ];
    return {
      triggerId: t.id,
      evaluator: mine.length,
      sql: theirs.length,
      same: onlyOneSide.length === 0,
      onlyOneSide: onlyOneSide.slice(0, 3),
    };
  });
}

async function main(): Promise<void> {
  const { triggers, skipped, rows, evaluations } = workload();
  process.stderr.write(
    `bench: ${triggers.length} per-series triggers of ${CATALOGUE} re-scoped to ${PLACES} generated places ` +
      `× ${MONTHS} months: ${rows.length} observations, ${evaluations} evaluations\n`,
  );

  const ds = createDataSource(requireEnv('DATABASE_URL'), 1);
  await ds.initialize();
  await loadHistory(ds, rows);
  const counted = triggers.map((t) => `SELECT count(*) AS n FROM bench_history WHERE ${scopeSql(t)}`);
  const [{ n: sqlEvaluations }] = await ds.query<{ n: string }[]>(
    `SELECT sum(n)::text AS n FROM (${counted.join(' UNION ALL ')}) AS counts`,
  );
  const [{ server_version: postgres }] = await ds.query<{ server_version: string }[]>('SHOW server_version');
  const query = triggers.map(transitionsSql).join('\nUNION ALL\n');
  const timing = await inTurns(
    () => evaluateBatch(triggers, () => undefined, rows),
    () => ds.query<SqlTransition[]>(query),
  );
  await ds.destroy();

  const names = new Map(triggers.map((t) => [t.id, t.levels.map((l) => l.name)]));
  // A pending rise announced, or ended before it held, moves no level, nor does a re-warning at a new peak:
  // SQL has no row for either.
  const waits = new Set(
    timing.resultA.events.filter((e) => e.type === 'pending' || e.evidence.comparison === 'below'),
  );
  const rewarnings = new Set(timing.resultA.events.filter((e) => e.evidence.reason === 'new-peak'));
  const evaluatorMoves = timing.resultA.events
    .filter((e) => !waits.has(e) && !rewarnings.has(e))
    .map((e) => {
      const level = e.level === null ? -1 : (names.get(e.trigger.id)?.indexOf(e.level) ?? -1);
      return `${e.trigger.id} ${e.seriesKey} ${e.evidence.period.start} ${level}`;
    });
  const sqlMoves = timing.resultB.map((r) => `${r.trigger_id} ${r.series} ${r.month} ${r.level}`);

  const out: Report = {
    node: process.version,
    postgres,
    catalogue: CATALOGUE,
    triggers: triggers.map((t) => ({ id: t.id, condition: t.condition.type, levels: t.levels.length })),
    notRun: skipped.map((t) => ({ id: t.id, condition: t.condition.type })),
    sqlByAggregate: triggers.filter((t) => !standsByWindows(t)).map((t) => t.id),
    places: PLACES,
    months: MONTHS,
    observations: rows.length,
    evaluations,
    sqlEvaluations: Number(sqlEvaluations),
    runs: RUNS,
    evaluatorSeconds: timing.a,
    sqlSeconds: timing.b,
    evaluatorRuns: timing.times[0],
    sqlRuns: timing.times[1],
    evaluatorEvaluationsPerSecond: Math.round(evaluations / timing.a),
    sqlEvaluationsPerSecond: Math.round(evaluations / timing.b),
    evaluatorToSqlRatio: Number((timing.b / timing.a).toFixed(2)),
    alertEvents: timing.resultA.events.length,
    pendingEvents: waits.size,
    newPeakEvents: rewarnings.size,
    sqlTransitions: timing.resultB.length,
    transitionsByTrigger: compare(triggers, evaluatorMoves, sqlMoves),
  };
  mkdirSync(join(ROOT, 'dist/bench'), { recursive: true });
  writeFileSync(join(ROOT, 'dist/bench/backtest.json'), `${JSON.stringify(out, null, 2)}\n`);
  const problems = report(out);
  if (problems > 0) process.exitCode = 1;
}

interface Report {
  node: string;
  postgres: string;
  catalogue: string;
  triggers: { id: string; condition: string; levels: number }[];
  notRun: { id: string; condition: string }[];
  sqlByAggregate: string[];
  places: number;
  months: number;
  observations: number;
  evaluations: number;
  sqlEvaluations: number;
  runs: number;
  evaluatorSeconds: number;
  sqlSeconds: number;
  evaluatorRuns: number[];
  sqlRuns: number[];
  evaluatorEvaluationsPerSecond: number;
  sqlEvaluationsPerSecond: number;
  evaluatorToSqlRatio: number;
  alertEvents: number;
  sqlTransitions: number;
  transitionsByTrigger: ReturnType<typeof compare>;
  /** Pending rises announced or ended before they held: events that move no level. */
  pendingEvents: number;
  /** Re-warnings of an alert at a new peak of its measure: events that move no level either. */
  newPeakEvents: number;
}

const spread = (runs: number[]) => `${Math.min(...runs).toFixed(3)}–${Math.max(...runs).toFixed(3)} s`;

/** Prints the figures and what they cover; returns how many checks failed. */
function report(out: Report): number {
  const n = (x: number) => x.toLocaleString('en-US');
  const differ = out.transitionsByTrigger.filter((b) => !b.same);
  const countsDiffer = out.sqlEvaluations !== out.evaluations;
  const lines = [
    `backtest: ${n(out.evaluatorEvaluationsPerSecond)} evaluations/s with the evaluator (one core), ` +
      `${n(out.sqlEvaluationsPerSecond)}/s as PostgreSQL window queries (one core), ` +
      `ratio ${out.evaluatorToSqlRatio} (Node ${out.node}, PostgreSQL ${out.postgres})`,
    `  catalogue: ${out.catalogue}, its ${out.triggers.length} per-series triggers re-scoped to every generated ` +
      `place: ${out.triggers.map((t) => `${t.id} (${t.condition}, ${t.levels} levels)`).join(', ')}`,
    ...(out.notRun.length > 0
      ? [`  not per-series, not run: ${out.notRun.map((t) => `${t.id} (${t.condition})`).join(', ')}`]
      : []),
    `  target ≥ 1,000,000/s and ≥ 20× SQL: rate ${out.evaluatorEvaluationsPerSecond >= 1e6 ? 'met' : 'not met'}, ` +
      `ratio ${out.evaluatorToSqlRatio >= 20 ? 'met' : 'not met'}`,
    `  ${n(out.places)} places × ${n(out.months)} months, ${n(out.observations)} observations, ` +
      `${n(out.evaluations)} evaluations (a trigger and an observation it applies to) on each side; ` +
      `wall time, median of ${out.runs} alternating runs after a warm-up (evaluator ${spread(out.evaluatorRuns)}, ` +
      `SQL ${spread(out.sqlRuns)})`,
    `  same answer: ${n(out.alertEvents)} alert events (${((100 * out.alertEvents) / out.evaluations).toFixed(1)} ` +
      `per 100 evaluations; ${n(out.pendingEvents)} of them pending rises announced or ended and ` +
      `${n(out.newPeakEvents)} re-warnings at a new peak, which move no level), ${n(out.sqlTransitions)} SQL transition rows, ` +
      (differ.length === 0
        ? 'the same for every trigger'
        : `different for ${differ.map((b) => `${b.triggerId} (${b.evaluator} vs ${b.sql}: ${b.onlyOneSide.join('; ')})`).join(', ')}`),
    `  the evaluator also builds each event (ids, evidence); SQL returns the transition rows`,
    ...(out.sqlByAggregate.length > 0
      ? [
          `  pending or cooldown need the alert's own past: SQL runs the evaluator's ` +
            `step as a PL/pgSQL aggregate over a window for ${out.sqlByAggregate.join(', ')}`,
        ]
      : []),
    ...(countsDiffer
      ? [
          `  ERROR: SQL evaluates ${out.sqlEvaluations} (trigger, observation) pairs, the evaluator ${out.evaluations}`,
        ]
      : []),
  ];
  console.log(lines.join('\n'));
  return differ.length + (countsDiffer ? 1 : 0);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
