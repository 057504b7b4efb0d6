import { rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import type { SignalInput } from '@atalaya/contracts';
import { createProducer } from '@atalaya/messaging';
import { pipelineStages, type PipelineStage } from '@atalaya/observability';
import {
  databaseForSuite,
  eventually,
  kafkaForSuite,
  metricValue,
  panamaCentre,
  promtool,
  serviceEnv,
  signalMessages,
  startServiceProcess,
  writeRoutingFixture,
  type ServiceProcess,
  type SuiteDatabase,
  type TestKafka,
} from '@atalaya/testing';

const SECRET = `whsec_${Buffer.from('m'.repeat(32)).toString('base64')}`;

/** Where each stage completes, hence whose /metrics counts it. */
const stageOwner: Record<PipelineStage, 'ingest' | 'engine' | 'dispatcher'> = {
  intake: 'ingest',
  observation: 'engine',
  evaluation: 'engine',
  alert: 'dispatcher',
  delivery: 'dispatcher',
};

/**
 * Every service's /metrics after real traffic: two of Panama's figures go through ingest and the engine,
 * raise an alert, and the dispatcher delivers it to Panama's centre by webhook. Each stage of the pipeline
 * has samples where it completes, the alert and delivery counters moved, the consumer lag is read from the
 * broker, and promtool finds nothing to say about any of the three expositions.
 */
describe('metrics of every service after a signal became a delivered alert', () => {
  let t: TestKafka;
  let db: SuiteDatabase;
  let dir: string;
  let server: Server;
  const services: Partial<Record<'ingest' | 'engine' | 'dispatcher', ServiceProcess>> = {};
  const webhooks: string[] = [];
  const run = Date.now().toString(36);

  const signal = (month: string, value: number): SignalInput => ({
    signalId: `metrics-${run}-${month}`,
    reporter: 'PAN',
    indicator: 'irregular_crossings',
    location: { country: 'PAN', place: 'darien' },
    period: { start: `${month}-01`, end: `${month}-28` },
    value,
  });

  const metricsOf = (name: keyof typeof services) => services[name]!.metrics();

  beforeAll(async () => {
    server = createServer((req, res) => {
      req.on('data', () => undefined);
      req.on('end', () => {
        webhooks.push(String(req.headers['webhook-id']));
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/pan`;
    const routing = writeRoutingFixture('metrics', {
      recipients: [panamaCentre({ channels: [{ type: 'webhook', url, secrets: ['METRICS_TEST_SECRET'] }] })],
      routes: [{ id: 'state-pan', match: { state: 'PAN' }, receivers: ['ops_pan'] }],
    });
    dir = routing.dir;
    [t, db] = await Promise.all([kafkaForSuite('metrics'), databaseForSuite('metrics')]);
    const env = {
      ...serviceEnv(t, db.url),
      ...routing.env,
      ATALAYA_CATALOGUE: resolve(__dirname, 'fixtures/skeleton.catalogue.yaml'),
      METRICS_TEST_SECRET: SECRET,
      ATALAYA_DISPATCH_TICK_MS: '200',
    };
    [services.ingest, services.engine, services.dispatcher] = await Promise.all([
      startServiceProcess('ingest', env),
      startServiceProcess('engine', env),
      startServiceProcess('dispatcher', env),
    ]);
    const producer = createProducer(t.kafka);
    await producer.connect();
    await producer.send({
      topic: t.topics.signals('PAN'),
      acks: -1,
      messages: signalMessages([signal('2023-01', 3000), signal('2023-02', 30000)]),
    });
    await producer.disconnect();
    await eventually('the webhook delivery recorded', async () =>
      metricValue(await metricsOf('dispatcher'), 'atalaya_deliveries_total', { outcome: 'delivered' }) > 0
        ? true
        : undefined,
    );
    // The relay counts the evaluation stage once it has marked the rows published, which may come after the
    // dispatcher already delivered what it sent.
    await eventually('the evaluation stage counted', async () =>
      metricValue(await metricsOf('engine'), 'atalaya_stage_duration_seconds_count', {
        stage: 'evaluation',
      }) > 0
        ? true
        : undefined,
    );
  });

  afterAll(async () => {
    await Promise.all(Object.values(services).map((s) => s?.stop()));
    await new Promise((r) => server?.close(r));
    await db?.drop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it.each(pipelineStages)('times the %s stage where it completes', async (stage) => {
    const text = await metricsOf(stageOwner[stage]);
    expect(metricValue(text, 'atalaya_stage_duration_seconds_count', { stage })).toBeGreaterThan(0);
    expect(metricValue(text, 'atalaya_stage_duration_seconds_bucket', { stage, le: '+Inf' })).toBe(
      metricValue(text, 'atalaya_stage_duration_seconds_count', { stage }),
    );
  });

  it('counts the alert by level and the delivery by channel and outcome', async () => {
    const engine = await metricsOf('engine');
    expect(metricValue(engine, 'atalaya_alert_events_total', { level: 'warning', type: 'firing' })).toBe(1);
    const dispatcher = await metricsOf('dispatcher');
    expect(
      metricValue(dispatcher, 'atalaya_deliveries_total', { channel: 'webhook', outcome: 'delivered' }),
    ).toBe(webhooks.length);
    expect(webhooks.length).toBeGreaterThan(0);
  });

  it("reads each consumer's lag from the broker, down to nothing once the traffic is consumed", async () => {
    for (const name of ['ingest', 'engine', 'dispatcher'] as const) {
      const group = `${t.prefix}atalaya-${name}`;
      const text = await eventually(`${name}'s lag to reach 0`, async () => {
        const now = await metricsOf(name);
        return metricValue(now, 'atalaya_consumer_lag', { group }) === 0 ? now : undefined;
      });
      const partitions = text
        .split('\n')
        .filter((l) => l.startsWith('atalaya_consumer_lag{') && l.includes(`group="${group}"`));
      expect(partitions.length).toBeGreaterThan(0);
    }
  });

  it('tells how long the oldest unpublished outbox row has waited', async () => {
    for (const name of ['engine', 'dispatcher'] as const) {
      expect(await metricsOf(name)).toMatch(/^atalaya_outbox_backlog_age_seconds\{service="[a-z]+"\} \d/m);
    }
  });

  it.each(['ingest', 'engine', 'dispatcher'] as const)(
    "passes %s's exposition through promtool check metrics",
    async (name) => {
      expect(promtool(['check', 'metrics'], await metricsOf(name))).toEqual({ status: 0, output: '' });
    },
  );
});
