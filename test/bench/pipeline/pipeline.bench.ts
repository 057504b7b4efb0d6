import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createProducer } from '@atalaya/messaging';
import {
  AlertsWatcher,
  caughtUp,
  endOffsets,
  eventually,
  atRate,
  kafkaForSuite,
  lagOf,
  loadTopicMessages,
  loadStackEnv,
  loadFeed,
  metricValue,
  repoRoot,
  requireEnv,
  serviceEnv,
  startServiceProcess,
  type LoadMessage,
  type LoadShape,
  type ServiceProcess,
  type EndOffsets,
  type LoadFiles,
  type TestKafka,
  WEBHOOK_SECRET,
  WebhookReceiver,
  writeLoadFiles,
} from '@atalaya/testing';
import type { Admin } from 'kafkajs';
import { Client } from 'pg';
import { Webhook } from 'standardwebhooks';
import { parse } from 'yaml';
import { latencyOf, round, type Latency } from '../latency';
import { measureNaive } from '../naive/naive.measure';
import { residentKbOf } from '../proc';
import { cpuSnapshot, cpuUse, type CpuSnapshot } from './cpu';
import { stageBuckets, stageSpread } from './stages';
import { consumeAll, durableWriteCeiling, produceAll } from './limits';

/**
 * Atalaya end to end on the machine, against the machine's limits, in one run on one broker and one
 * database (docs/performance.md):
 *   1. the limits: raw kafkajs produce and consume of the load, and PostgreSQL's ceiling for durably
 *      storing its signals once each;
 *   2. sustained throughput: `BENCH_SIGNALS` signals produced as fast as kafkajs takes them, with every
 *      service running, until the last alert event is durable and on `atalaya.alerts`;
 *   3. latency at `BENCH_RATE` signals/s for `BENCH_LATENCY_SECONDS`: produce → alert event on
 *      `atalaya.alerts`, and produce → signed webhook at the partner, with each service's RSS;
 *   4. the engine's restart: killed, `BENCH_HISTORY` observations of history, a backlog of
 *      `BENCH_BACKLOG` signals behind it, then the time from its start to caught up;
 *   5. the counts: every message accepted, a duplicate or rejected as the load meant it, every accepted
 *      one stored once, every alert event once with one body, every webhook once per idempotency key.
 */
const ROOT = repoRoot();
const SIGNALS = Number(process.env.BENCH_SIGNALS ?? 100_000);
const RATE = Number(process.env.BENCH_RATE ?? 1000);
const LATENCY_SECONDS = Number(process.env.BENCH_LATENCY_SECONDS ?? 30);
const HISTORY = Number(process.env.BENCH_HISTORY ?? 1_000_000);
const BACKLOG = Number(process.env.BENCH_BACKLOG ?? 10_000);
/** The naive baseline reads the first `BENCH_NAIVE_SIGNALS` of the burst: at its pace, the whole burst would take long. */
const NAIVE_SIGNALS = Number(process.env.BENCH_NAIVE_SIGNALS ?? 20_000);
const TICK_MS = 100;
/** With `BENCH_PROFILE_DIR`, every service writes a V8 CPU profile there when it stops (`node --cpu-prof`). */
const PROFILE_DIR = process.env.BENCH_PROFILE_DIR;
const DRAIN_MS = 600_000;

interface Reporter {
  readonly iso3: string;
}

function shapeOf(days: number): LoadShape {
  const catalogue = join(ROOT, 'deploy/catalogue');
  const reporters = (
    parse(readFileSync(join(catalogue, 'reporters.yaml'), 'utf8')) as { reporters: Reporter[] }
  ).reporters;
  const indicators = (
    parse(readFileSync(join(catalogue, 'indicators.yaml'), 'utf8')) as { indicators: { name: string }[] }
  ).indicators;
  const first = new Date(Date.now() - (days + 1) * 86_400_000).toISOString().slice(0, 10);
  return {
    seed: 2026,
    reporters: reporters.map((r) => r.iso3),
    placesPerReporter: 24,
    indicators: indicators.slice(0, 10).map((i) => i.name),
    firstDay: first,
    hourlyShare: 0.01,
    duplicateShare: 0.02,
    badShare: 0.01,
  };
}

/** The load, cut into the throughput run, the paced run and the restart's backlog. */
function loadOf(): { shape: LoadShape; burst: LoadMessage[]; paced: LoadMessage[]; backlog: LoadMessage[] } {
  const wanted = SIGNALS + RATE * LATENCY_SECONDS + BACKLOG;
  const days = Math.ceil(wanted / 5000) + 2;
  const shape = shapeOf(days);
  const all: LoadMessage[] = [];
  for (const m of loadFeed(shape, days)) {
    all.push(m);
    if (all.length === wanted) break;
  }
  if (all.length < wanted) throw new Error(`the load gave ${all.length} messages of ${wanted}`);
  const pacedEnd = SIGNALS + RATE * LATENCY_SECONDS;
  return {
    shape,
    burst: all.slice(0, SIGNALS),
    paced: all.slice(SIGNALS, pacedEnd),
    backlog: all.slice(pacedEnd),
  };
}

const log = (line: string) => process.stderr.write(`pipeline: ${line}\n`);

async function until(what: string, done: () => Promise<boolean>, timeoutMs = DRAIN_MS): Promise<number> {
  return eventually(what, async () => ((await done()) ? performance.now() : undefined), timeoutMs);
}

class Stack {
  readonly services = new Map<string, ServiceProcess>();

  constructor(
    private readonly t: TestKafka,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  async start(name: 'ingest' | 'engine' | 'dispatcher' | 'gateway'): Promise<ServiceProcess> {
    const profile = PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`] : [];
    const service = await startServiceProcess(name, this.env, profile);
    this.services.set(name, service);
    return service;
  }

  /** CPU seconds so far of every service, the broker, the bench and PostgreSQL. */
  cpu(): CpuSnapshot {
    const kafka = Number(readFileSync(join(requireEnv('ATALAYA_RUN_DIR'), 'kafka/kafka.pid'), 'utf8'));
    const pids: Record<string, number> = { kafka, bench: process.pid };
    this.services.forEach((s, name) => (pids[name] = s.pid));
    return cpuSnapshot(pids);
  }

  get(name: string): ServiceProcess {
    const s = this.services.get(name);
    if (!s) throw new Error(`${name} is not running`);
    return s;
  }

  group(name: string): string {
    return `${this.t.prefix}atalaya-${name}`;
  }

  async stop(): Promise<void> {
    await Promise.all([...this.services.values()].map((s) => s.stop()));
    this.services.clear();
  }
}

let lastProgress = 0;

/** Whether every signal produced so far went through ingest and the engine, and the outbox is empty. */
async function drained(
  admin: Admin,
  db: Client,
  stack: Stack,
  signals: EndOffsets,
  observations: () => Promise<EndOffsets>,
) {
  if (performance.now() - lastProgress > 2000) {
    lastProgress = performance.now();
    const ingest = await lagOf(admin, stack.group('ingest'), signals);
    const engine = await lagOf(admin, stack.group('engine'), await observations());
    log(`  behind: ingest ${ingest}, engine ${engine}`);
  }
  if (!(await caughtUp(admin, stack.group('ingest'), signals))) return false;
  if (!(await caughtUp(admin, stack.group('engine'), await observations()))) return false;
  const { rows } = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL`,
  );
  return rows[0].n === 0;
}

/**
 * Produces `messages` at `rate` a second in tenth-of-a-second sends; when each day's figure of a daily series
 * was first handed to kafkajs, in epoch milliseconds (the clock Kafka's timestamps and the receiver keep).
 * Hourly series are left out of the latencies: an alert event does not say which revision raised it.
 */
async function producePaced(
  t: TestKafka,
  messages: readonly LoadMessage[],
  rate: number,
): Promise<Map<string, number>> {
  const producer = createProducer(t.kafka);
  await producer.connect();
  const sentAt = new Map<string, number>();
  try {
    await atRate(messages, rate, async (chunk) => {
      const at = Date.now();
      for (const m of chunk) {
        if (m.kind !== 'bad' && !m.hourly && !sentAt.has(`${m.seriesKey}@${m.day}`))
          sentAt.set(`${m.seriesKey}@${m.day}`, at);
      }
      await producer.sendBatch({ acks: -1, topicMessages: loadTopicMessages(t, chunk) });
    });
  } finally {
    await producer.disconnect();
  }
  return sentAt;
}

/** The peak resident set of every service from now until the returned function is called, in MB (/proc). */
function rssSampler(stack: Stack): () => Record<string, number> {
  const peak: Record<string, number> = {};
  const sample = () => {
    for (const [name, s] of stack.services) {
      peak[name] = Math.max(peak[name] ?? 0, Math.round((residentKbOf(s.pid) ?? 0) / 1024));
    }
  };
  sample();
  const timer = setInterval(sample, 1000);
  return () => {
    clearInterval(timer);
    sample();
    return peak;
  };
}

/** Rows of daily history for the load's series, before its first day, until observations hold `HISTORY`. */
async function loadHistory(db: Client, shape: LoadShape): Promise<number> {
  const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM observations`);
  const missing = HISTORY - rows[0].n;
  if (missing > 0) {
    const series = shape.reporters.length * shape.placesPerReporter * shape.indicators.length;
    const days = Math.ceil(missing / series);
    await db.query(
      `INSERT INTO observations (signal_id, series_key, reporter, indicator, country, place, period_start, period_end,
         value, received_at, source_topic, source_partition, source_offset, revision, quality)
       SELECT 'history-' || r || '-' || p || '-' || ind || '-' || d, r || '/' || ind || '/' || r || '/-/' || place,
         r, ind, r, place, day, day, 100, day + time '12:00', 'atalaya.signals.' || r, 0, 0, 1, 'validated'
       FROM unnest($1::text[]) r
       CROSS JOIN generate_series(0, $2 - 1) p
       CROSS JOIN LATERAL (SELECT 'bench_' || lower(r) || '_' || lpad(p::text, 3, '0') AS place) places
       CROSS JOIN unnest($3::text[]) ind
       CROSS JOIN generate_series(1, $4) d
       CROSS JOIN LATERAL (SELECT ($5::date - d) AS day) days
       LIMIT $6`,
      [shape.reporters, shape.placesPerReporter, shape.indicators, days, shape.firstDay, missing],
    );
    await db.query('ANALYZE observations');
  }
  const after = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM observations`);
  return after.rows[0].n;
}

interface Expected {
  readonly accepted: number;
  readonly duplicates: number;
  readonly rejected: number;
}

function expectedOf(messages: readonly LoadMessage[]): Expected {
  const count = (kinds: readonly string[]) => messages.filter((m) => kinds.includes(m.kind)).length;
  return {
    accepted: count(['signal', 'revision']),
    duplicates: count(['duplicate']),
    rejected: count(['bad']),
  };
}

function latencies(
  sentAt: ReadonlyMap<string, number>,
  alerts: AlertsWatcher,
  hooks: WebhookReceiver,
): { alert: Latency; delivery: Latency; undelivered: Record<string, number> } {
  const toAlert: number[] = [];
  const toHook: number[] = [];
  const undelivered: Record<string, number> = {};
  for (const [eventId, seen] of alerts.first) {
    const sent = sentAt.get(`${seen.seriesKey}@${seen.day}`);
    if (sent === undefined || seen.at < sent) continue;
    toAlert.push(seen.at - sent);
    const hooked = hooks.firstAt.get(eventId);
    if (hooked === undefined) {
      const type = (JSON.parse(seen.body) as { type: string }).type;
      undelivered[type] = (undelivered[type] ?? 0) + 1;
    } else toHook.push(hooked - sent);
  }
  return { alert: latencyOf(toAlert), delivery: latencyOf(toHook), undelivered };
}

async function main(): Promise<void> {
  const dir = join(requireEnv('ATALAYA_RUN_DIR'), 'pipeline-bench');
  mkdirSync(dir, { recursive: true });
  const databaseUrl = requireEnv('DATABASE_URL');
  const { shape, burst, paced, backlog } = loadOf();
  log(
    `load: ${burst.length} + ${paced.length} + ${backlog.length} messages, ${shape.reporters.length} states`,
  );

  const raw = await kafkaForSuite('raw');
  const rawProducePerSec = await produceAll(raw, burst);
  const rawTopics = [...new Set(burst.map((m) => raw.topics.signals(m.reporter)))];
  const rawConsumePerSec = await consumeAll(raw.kafka, rawTopics, burst.length);
  log(`raw kafkajs: produce ${Math.round(rawProducePerSec)}/s, consume ${Math.round(rawConsumePerSec)}/s`);
  const ceilingPerSec = await durableWriteCeiling(databaseUrl, burst);
  log(`durable-write ceiling: ${Math.round(ceilingPerSec)} signals/s`);

  const t = await kafkaForSuite('pipe');
  const hooks = new WebhookReceiver(new Webhook(WEBHOOK_SECRET));
  const files: LoadFiles = writeLoadFiles(dir, ROOT, shape, await hooks.start());
  const stack = new Stack(t, loadStackEnv(t, databaseUrl, files, TICK_MS));
  const alerts = new AlertsWatcher();
  const admin = t.kafka.admin();
  const db = new Client({ connectionString: databaseUrl });
  try {
    await admin.connect();
    await db.connect();
    for (const name of ['ingest', 'engine', 'dispatcher', 'gateway'] as const) await stack.start(name);
    await alerts.start(t.kafka, t.topics.alerts);
    const signalTopics = shape.reporters.map((r) => t.topics.signals(r));
    const observations = () => endOffsets(admin, [t.topics.observations]);

    const cpuAtStart = stack.cpu();
    const started = performance.now();
    await produceAll(t, burst);
    const burstEnds = await endOffsets(admin, signalTopics);
    const finished = await until('the burst to be stored and its alerts published', () =>
      drained(admin, db, stack, burstEnds, observations),
    );
    const e2eSignalsPerSec = (burst.length / (finished - started)) * 1000;
    log(`end to end: ${Math.round(e2eSignalsPerSec)} signals/s, ${alerts.first.size} alert events`);
    const cpuAtEnd = stack.cpu();
    const burstCpu = cpuUse(cpuAtStart, cpuAtEnd, burst.length);
    log(`burst CPU: ${JSON.stringify(burstCpu)}`);

    const stagesNow = async () =>
      stageBuckets(await Promise.all([...stack.services.values()].map((sv) => sv.metrics())));
    const stagesBefore = await stagesNow();
    const rss = rssSampler(stack);
    const cpuBeforePaced = stack.cpu();
    const sentAt = await producePaced(t, paced, RATE);
    const pacedEnds = await endOffsets(admin, signalTopics);
    await until('the paced run to drain', () => drained(admin, db, stack, pacedEnds, observations));
    await until(
      'the paced run’s webhooks',
      () => Promise.resolve(Object.keys(latencies(sentAt, alerts, hooks).undelivered).length === 0),
      30_000,
    ).catch(() => log('some paced alert events reached no webhook within 30 s'));
    const rssMb = rss();
    const pacedCpu = cpuUse(cpuBeforePaced, stack.cpu(), paced.length);
    log(`CPU at ${RATE}/s: ${JSON.stringify(pacedCpu)}`);
    const stages = stageSpread(stagesBefore, await stagesNow());
    log(`stages at ${RATE}/s: ${JSON.stringify(stages)}`);
    const paced$ = latencies(sentAt, alerts, hooks);
    log(
      `at ${RATE}/s: alert p99 ${paced$.alert.p99} ms, webhook p99 ${paced$.delivery.p99} ms, rss ${JSON.stringify(rssMb)}`,
    );

    // A crash, unless profiling: a killed process writes no profile.
    await (PROFILE_DIR ? stack.get('engine').stop() : stack.get('engine').kill());
    stack.services.delete('engine');
    const history = await loadHistory(db, shape);
    await produceAll(t, backlog);
    const backlogEnds = await endOffsets(admin, signalTopics);
    await until('ingest to take the backlog', () => caughtUp(admin, stack.group('ingest'), backlogEnds));
    const restartedAt = performance.now();
    await stack.start('engine');
    const readyAt = performance.now();
    const caught = await until('the restarted engine to catch up', () =>
      drained(admin, db, stack, backlogEnds, observations),
    );
    log(
      `restart: ready in ${round((readyAt - restartedAt) / 1000)} s, caught up in ${round((caught - restartedAt) / 1000)} s`,
    );

    // The bench's own reader of the alerts topic may trail the relay: it reads to the topic's end first.
    const published = [...((await endOffsets(admin, [t.topics.alerts])).get(t.topics.alerts) ?? [])];
    const onTopic = published.reduce((sum, [, high]) => sum + Number(high), 0);
    await until('the bench to read the alerts topic to its end', () =>
      Promise.resolve(alerts.messages >= onTopic),
    );
    const counts = await reconcile(db, stack, alerts, hooks, expectedOf([...burst, ...paced, ...backlog]));
    await stack.stop();
    const naive = await naiveRun(databaseUrl, files, burst.slice(0, NAIVE_SIGNALS));
    log(`naive baseline: ${Math.round(naive.signalsPerSec)} signals/s, rss ${Math.round(naive.rssMb)} MB`);

    const out = {
      signals: burst.length,
      states: shape.reporters.length,
      places: shape.reporters.length * shape.placesPerReporter,
      indicators: shape.indicators.length,
      rawProducePerSec: Math.round(rawProducePerSec),
      rawConsumePerSec: Math.round(rawConsumePerSec),
      durableWriteCeilingPerSec: Math.round(ceilingPerSec),
      e2eSignalsPerSec: Math.round(e2eSignalsPerSec),
      vsDurableWriteCeiling: Number((e2eSignalsPerSec / ceilingPerSec).toFixed(3)),
      vsRawConsume: Number((e2eSignalsPerSec / rawConsumePerSec).toFixed(3)),
      naive,
      vsNaive: Number((e2eSignalsPerSec / naive.signalsPerSec).toFixed(1)),
      pacedRate: RATE,
      pacedSeconds: LATENCY_SECONDS,
      alertLatencyMs: paced$.alert,
      deliveryLatencyMs: paced$.delivery,
      p99AlertMs: paced$.alert.p99,
      p99DeliveryMs: paced$.delivery.p99,
      undeliveredByType: paced$.undelivered,
      stages,
      rssMb,
      cpu: { burst: burstCpu, paced: pacedCpu },
      historyObservations: history,
      backlog: backlog.length,
      restartToReadySec: round((readyAt - restartedAt) / 1000),
      restartToCaughtUpSec: round((caught - restartedAt) / 1000),
      counts,
    };
    mkdirSync(join(ROOT, 'dist/bench'), { recursive: true });
    writeFileSync(join(ROOT, 'dist/bench/pipeline.json'), `${JSON.stringify(out, null, 2)}\n`);
    if (!counts.reconciled) process.exitCode = 1;
  } finally {
    await alerts.stop().catch(() => undefined);
    await stack.stop();
    await hooks.stop();
    await admin.disconnect();
    await db.end();
  }
}

/** The naive NestJS baseline on topics of its own holding `messages`, with the run's places and catalogue. */
async function naiveRun(databaseUrl: string, files: LoadFiles, messages: readonly LoadMessage[]) {
  const t = await kafkaForSuite('naive');
  await produceAll(t, messages);
  return measureNaive({
    kafka: t.kafka,
    topics: [...new Set(messages.map((m) => t.topics.signals(m.reporter)))],
    databaseUrl,
    env: {
      ...serviceEnv(t, databaseUrl),
      ATALAYA_REFERENCE_DIR: files.referenceDir,
      ATALAYA_CATALOGUE: files.catalogue,
    },
    expectedMessages: messages.length,
  });
}

/** The run's guarantees, re-checked at its end; `reconciled` only when every one holds. */
async function reconcile(
  db: Client,
  stack: Stack,
  alerts: AlertsWatcher,
  hooks: WebhookReceiver,
  expected: Expected,
) {
  const ingest = await stack.get('ingest').metrics();
  const got = {
    accepted: metricValue(ingest, 'atalaya_signals_accepted_total'),
    duplicates: metricValue(ingest, 'atalaya_signals_duplicate_total'),
    rejected: metricValue(ingest, 'atalaya_signals_rejected_total'),
  };
  const one = async (sql: string) => (await db.query<{ n: number }>(sql)).rows[0].n;
  const stored = await one(`SELECT count(*)::int AS n FROM observations WHERE signal_id LIKE 'load-%'`);
  const storedTwice = await one(
    `SELECT count(*)::int AS n FROM (SELECT signal_id FROM observations GROUP BY signal_id HAVING count(*) > 1) d`,
  );
  const alertEvents = await one(`SELECT count(*)::int AS n FROM alert_events`);
  const twoBodies = [...alerts.bodies.values()].filter((b) => b.size > 1).length;
  const hookTwoBodies = [...hooks.bodiesById.values()].filter((b) => b.size > 1).length;
  const checks = {
    signalsAsSent:
      got.accepted === expected.accepted &&
      got.duplicates === expected.duplicates &&
      got.rejected === expected.rejected,
    acceptedStoredOnce: stored === expected.accepted && storedTwice === 0,
    alertEventsOnTopic: alertEvents === alerts.first.size,
    oneBodyPerEvent: twoBodies === 0,
    oneBodyPerWebhookId: hookTwoBodies === 0 && hooks.unverified === 0,
  };
  const reconciled = Object.values(checks).every(Boolean);
  if (!reconciled)
    log(
      `counts do not reconcile: ${JSON.stringify({ expected, got, stored, storedTwice, alertEvents, eventsOnTopic: alerts.first.size, checks })}`,
    );
  return {
    expected,
    ...got,
    stored,
    alertEvents,
    alertMessages: alerts.messages,
    webhooks: hooks.bodiesById.size,
    checks,
    reconciled,
  };
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
