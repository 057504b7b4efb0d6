import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { reporterSchema } from '@atalaya/contracts';
import {
  AlertsRepository,
  ApiKeysRepository,
  createDataSource,
  ObservationsRepository,
} from '@atalaya/persistence';
import {
  kafkaForSuite,
  requireEnv,
  serviceEnv,
  startServiceProcess,
  type ServiceProcess,
} from '@atalaya/testing';
import type { DataSource } from 'typeorm';
import { darienEvent } from '../../libs/cap/src/testing/cap.fixtures';
import { latencyOf, type Latency } from './latency';

/**
 * The operations API's overview queries, as the dashboard's overview asks them, on a large history: `BENCH_PLACES` places × `BENCH_INDICATORS`
 * indicators × `BENCH_DAYS` days of daily figures (500 × 10 × 1,095 by default, 5.5 M observations) and
 * `BENCH_ALERTS` alerts of four events each, written straight into PostgreSQL. Each query is asked
 * `BENCH_REQUESTS` times, one after the other, through the real gateway with an analyst's key; beside it the
 * same query's SQL alone, on the same database in the same run, so that the API's own share is the ratio.
 */
const PLACES = Number(process.env.BENCH_PLACES ?? 500);
const INDICATORS = Number(process.env.BENCH_INDICATORS ?? 10);
const DAYS = Number(process.env.BENCH_DAYS ?? 1095);
const ALERTS = Number(process.env.BENCH_ALERTS ?? 2000);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 200);
const TARGET_P95_MS = 100;

const REPORTERS = ['ARG', 'BRA', 'CHL', 'COL', 'CRI', 'ECU', 'SLV', 'GTM', 'HTI', 'HND', 'JAM'];
const INDICATOR_NAMES = [
  'irregular_crossings',
  'encounters',
  'irregular_entries',
  'irregular_migrants_presented',
  'asylum_applications',
  'returns_from_mex',
  'returns_from_usa',
  'arrivals_transit',
  'shelter_occupancy',
  'shelter_capacity',
].slice(0, INDICATORS);

/**
 * The generated history, by one INSERT … SELECT over generate_series, with its monthly rollup and latest
 * reports as the engine would have kept them: what loading takes is not measured.
 */
async function loadHistory(ds: DataSource): Promise<number> {
  const end = new Date();
  const start = new Date(end.getTime() - DAYS * 86_400_000).toISOString().slice(0, 10);
  await ds.query(
    `INSERT INTO observations (signal_id, series_key, reporter, indicator, country, place, period_start, period_end,
       value, received_at, source_topic, source_partition, source_offset, revision, quality)
     SELECT 'bench-' || p || '-' || i || '-' || d, r || '/' || ind || '/' || r || '/-/bench_p' || p, r, ind, r,
       'bench_p' || p, day, day, (p * 7 + i * 13 + d) % 500, day + time '12:00', 'atalaya.signals.' || r, 0, 0, 1,
       'validated'
     FROM generate_series(0, $1 - 1) p
     CROSS JOIN LATERAL (SELECT ($2::text[])[1 + p % array_length($2::text[], 1)] AS r) reporter
     CROSS JOIN generate_series(0, $3 - 1) i
     CROSS JOIN LATERAL (SELECT ($4::text[])[1 + i] AS ind) indicator
     CROSS JOIN generate_series(0, $5 - 1) d
     CROSS JOIN LATERAL (SELECT ($6::date + d) AS day) days`,
    [PLACES, REPORTERS, INDICATORS, INDICATOR_NAMES, DAYS, start],
  );
  await ds.query(
    `INSERT INTO reporting_latest (reporter, indicator, last_received_at, latest_period_end)
     SELECT reporter, indicator, max(received_at), max(period_end) FROM observations GROUP BY reporter, indicator
     ON CONFLICT (reporter, indicator) DO UPDATE SET last_received_at = EXCLUDED.last_received_at,
       latest_period_end = EXCLUDED.latest_period_end`,
  );
  await ds.query(
    `SELECT observation_months_refresh(array_agg(series_key), array_agg(month))
     FROM (SELECT DISTINCT series_key, date_trunc('month', period_start)::date AS month FROM observations) months`,
  );
  await ds.query(`ANALYZE observations`);
  await ds.query(`ANALYZE observation_months`);
  const [{ n }] = await ds.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM observations`);
  return n;
}

/** `ALERTS` alerts on the generated places, four events each (firing, escalated, updated, then resolved or not). */
async function loadAlerts(ds: DataSource): Promise<void> {
  const types = ['firing', 'escalated', 'updated', 'resolved'] as const;
  const rows = Array.from({ length: ALERTS }, (_, a) =>
    types.map((type, k) => {
      const place = `bench_p${a % PLACES}`;
      const event = darienEvent({
        alertId: `bench-alert-${a}`,
        eventId: `bench-alert-${a}/${type}`,
        seriesKey: `PAN/irregular_crossings/PAN/-/${place}`,
      });
      return { ...event, type: a % 3 === 0 || k < 3 ? type : 'updated', level: k === 3 ? null : 'warning' };
    }),
  ).flat();
  for (let i = 0; i < rows.length; i += 1000) {
    const chunk = rows.slice(i, i + 1000);
    await ds.query(
      `INSERT INTO alert_events (event_id, alert_id, type, level, trigger_id, trigger_version, series_key, event, recorded_at)
       SELECT e->>'eventId', e->>'alertId', e->>'type', e->>'level', e->'trigger'->>'id', (e->'trigger'->>'version')::int,
         e->>'seriesKey', e, now() - make_interval(secs => $2 - ord)
       FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS x(e, ord)`,
      [JSON.stringify(chunk), rows.length - i],
    );
  }
  await ds.query(`ANALYZE alert_events`);
}

async function timed(n: number, once: () => Promise<void>): Promise<Latency> {
  await once();
  const samples: number[] = [];
  for (let k = 0; k < n; k += 1) {
    const started = performance.now();
    await once();
    samples.push(performance.now() - started);
  }
  return latencyOf(samples);
}

interface Query {
  readonly name: string;
  readonly path: string;
  readonly sql: (ds: DataSource) => Promise<unknown>;
}

async function main(): Promise<void> {
  const url = requireEnv('DATABASE_URL');
  mkdirSync('dist/bench', { recursive: true });
  const ds = createDataSource(url, 2);
  await ds.initialize();
  const t = await kafkaForSuite('bench-api');
  let gateway: ServiceProcess | undefined;
  try {
    const observations = await loadHistory(ds);
    await loadAlerts(ds);
    process.stderr.write(`bench: ${observations} observations, ${ALERTS * 4} alert events loaded\n`);
    const { secret } = await new ApiKeysRepository().issueKey(
      ds.manager,
      { role: 'analyst', recipientId: 'technical_secretariat' },
      'bench analyst',
    );
    gateway = await startServiceProcess('gateway', {
      ...serviceEnv(t, url),
      ATALAYA_RATE_LIMIT_PER_MINUTE: String(REQUESTS * 100),
    });
    const now = new Date();
    const from = new Date(Date.UTC(now.getUTCFullYear() - 1, now.getUTCMonth(), 1))
      .toISOString()
      .slice(0, 10);
    const state = REPORTERS[3];
    const alerts = new AlertsRepository();
    const stored = new ObservationsRepository();
    const queries: Query[] = [
      {
        name: 'active alerts, first page',
        path: '/v1/alerts?status=active&limit=50',
        sql: (d) => alerts.page(d.manager, { kind: 'all' }, { status: 'active' }, 51),
      },
      {
        name: 'one alert with its events and timeline',
        path: '/v1/alerts/bench-alert-7',
        sql: (d) => alerts.one(d.manager, { kind: 'all' }, 'bench-alert-7'),
      },
      {
        name: 'reporting status',
        path: '/v1/reporting/status',
        sql: (d) => stored.latestReports(d.manager),
      },
      {
        name: `a state's sparkline (${state}, 12 months)`,
        path:
          `/v1/figures?indicator=${INDICATOR_NAMES[0]}&reporter=${state}&purpose=early_warning` +
          `&resolution=month&from=${from}`,
        sql: (d) =>
          stored.figures(
            d.manager,
            { indicator: INDICATOR_NAMES[0], reporter: reporterSchema.parse(state), from, byMonth: 'flow' },
            20_001,
          ),
      },
    ];
    const results = [];
    for (const q of queries) {
      const api = await timed(REQUESTS, async () => {
        const res = await fetch(`${gateway!.url}${q.path}`, {
          headers: { authorization: `Bearer ${secret}` },
        });
        if (!res.ok) throw new Error(`${q.path} answered ${res.status}: ${await res.text()}`);
        await res.arrayBuffer();
      });
      const sql = await timed(REQUESTS, async () => void (await q.sql(ds)));
      results.push({
        query: q.name,
        path: q.path,
        api,
        sql,
        apiToSqlP95: Number((api.p95 / sql.p95).toPrecision(3)),
      });
    }
    const out = {
      cores: availableParallelism(),
      observations,
      alertEvents: ALERTS * 4,
      requestsPerQuery: REQUESTS,
      targetP95Ms: TARGET_P95_MS,
      queries: results,
    };
    writeFileSync('dist/bench/api.json', `${JSON.stringify(out, null, 2)}\n`);
    console.log(`API overview queries, ${observations} observations, ${REQUESTS} requests each (ms)`);
    console.log(
      `  ${'query'.padEnd(44)}${['API p50', 'API p95', 'SQL p95', 'API/SQL', 'target'].map((h) => h.padStart(10)).join('')}`,
    );
    for (const r of results)
      console.log(
        `  ${r.query.padEnd(44)}${[
          r.api.p50,
          r.api.p95,
          r.sql.p95,
          r.apiToSqlP95,
          r.api.p95 < TARGET_P95_MS ? 'met' : 'not met',
        ]
          .map((v) => String(v).padStart(10))
          .join('')}`,
      );
  } finally {
    await gateway?.stop();
    await ds.destroy();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
