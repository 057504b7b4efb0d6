import { resolve } from 'node:path';
import { seriesKeyOf, type AlertEvent, type Rejection, type SignalInput } from '@atalaya/contracts';
import { createProducer, type MessageProducer } from '@atalaya/messaging';
import {
  databaseForSuite,
  eventually,
  kafkaForSuite,
  metricValue,
  serviceEnv,
  startServiceProcess,
  TopicReader,
  type ServiceProcess,
  type SuiteDatabase,
  type TestKafka,
} from '@atalaya/testing';

/**
 * The walking skeleton, end to end on the real broker and database: a signal published with kafkajs goes
 * through ingest and the engine and comes out as an alert event on the alerts topic.
 */
describe('signal to alert through Kafka and PostgreSQL', () => {
  let t: TestKafka;
  let producer: MessageProducer;
  let db: SuiteDatabase;
  let ingest: ServiceProcess;
  let engine: ServiceProcess;
  let alerts: TopicReader<AlertEvent>;
  let rejected: TopicReader<Rejection>;
  const run = Date.now().toString(36);

  const signal = (month: string, value: number): SignalInput => ({
    signalId: `skeleton-${run}-${month}`,
    reporter: 'PAN',
    indicator: 'irregular_crossings',
    location: { country: 'PAN', place: 'darien' },
    period: { start: `${month}-01`, end: `${month}-28` },
    value,
  });

  const publish = (reporter: string, ...values: (SignalInput | string)[]) =>
    producer.send({
      topic: t.topics.signals(reporter),
      acks: -1,
      // Keyed by series, as the CLI sends them, so that one series' months keep their order.
      messages: values.map((v) =>
        typeof v === 'string' ? { value: v } : { key: seriesKeyOf(v), value: JSON.stringify(v) },
      ),
    });

  const env = () => ({
    ...serviceEnv(t, db.url),
    ATALAYA_CATALOGUE: resolve(__dirname, 'fixtures/skeleton.catalogue.yaml'),
  });

  const alertCount = async (): Promise<number> => {
    const [row] = await db.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM alert_events WHERE series_key LIKE 'PAN/%'`,
    );
    return row.n;
  };

  beforeAll(async () => {
    t = await kafkaForSuite('skeleton');
    producer = createProducer(t.kafka);
    await producer.connect();
    db = await databaseForSuite('skeleton');
    [ingest, engine] = await Promise.all([
      startServiceProcess('ingest', env()),
      startServiceProcess('engine', env()),
    ]);
    alerts = await TopicReader.start(t.kafka, t.topics.alerts);
    rejected = await TopicReader.start(t.kafka, t.rejections);
  });

  afterAll(async () => {
    await Promise.all([alerts?.stop(), rejected?.stop(), producer?.disconnect()]);
    await Promise.all([ingest?.stop(), engine?.stop()]);
    await db?.drop();
  });

  it('reports itself live and ready, naming every check', async () => {
    for (const service of [ingest, engine]) {
      expect((await fetch(`${service.url}/health/live`)).status).toBe(200);
      const res = await fetch(`${service.url}/health/ready`);
      expect(res.status).toBe(200);
      const body = (await res.json()) as { details: Record<string, { status: string }> };
      Object.values(body.details).forEach((c) => expect(c.status).toBe('up'));
    }
    const engineHealth = (await (await fetch(`${engine.url}/health`)).json()) as { details: object };
    expect(Object.keys(engineHealth.details).sort()).toEqual(['consumer', 'database', 'kafka', 'outbox']);
    const ingestHealth = (await (await fetch(`${ingest.url}/health`)).json()) as { details: object };
    expect(Object.keys(ingestHealth.details).sort()).toEqual(['consumer', 'database', 'kafka']);
  });

  it('raises an alert with its evidence when a signal crosses the threshold', async () => {
    await publish('PAN', signal('2023-01', 3000), signal('2023-02', 30000));
    const fired = await alerts.find(
      'the firing event',
      (e) => e.evidence.signalId === signal('2023-02', 0).signalId,
    );
    expect(fired).toMatchObject({
      type: 'firing',
      level: 'warning',
      severity: 'Severe',
      trigger: { id: 'darien-crossings-surge', version: 1 },
      seriesKey: 'PAN/irregular_crossings/PAN/-/darien',
      evidence: { value: 30000, threshold: 25000, comparison: 'above', period: { start: '2023-02-01' } },
    });
    expect(alerts.messages.find((m) => m.value.eventId === fired.eventId)?.key).toBe(fired.alertId);
    expect(await alertCount()).toBe(1);
  });

  it('makes no second alert when the same signal is sent again', async () => {
    const duplicates = async () =>
      metricValue(await ingest.metrics(), 'atalaya_signals_duplicate_total', { reporter: 'PAN' });
    const before = await duplicates();
    await publish('PAN', signal('2023-02', 30000));
    await eventually('ingest to count the duplicate', async () =>
      (await duplicates()) > before ? true : undefined,
    );
    expect(await alertCount()).toBe(1);
    expect(alerts.messages.filter((m) => m.value.seriesKey.startsWith('PAN/'))).toHaveLength(1);
  });

  it('puts a malformed signal on the rejected topic with a specific reason', async () => {
    const { value: _value, ...missingValue } = signal('2023-03', 0);
    await publish('PAN', '{"signalId": "broken', JSON.stringify(missingValue));
    await publish('HND', signal('2023-04', 10));
    const notJson = await rejected.find('the NOT_JSON rejection', (r) => r.code === 'NOT_JSON');
    expect(notJson).toMatchObject({ reporter: 'PAN', path: '$', payload: '{"signalId": "broken' });
    expect(notJson.source).toMatchObject({ door: 'kafka', topic: t.topics.signals('PAN') });
    const missing = await rejected.find('the MISSING_FIELD rejection', (r) => r.code === 'MISSING_FIELD');
    expect(missing).toMatchObject({ reporter: 'PAN', path: '$.value', signalId: missingValue.signalId });
    const mismatch = await rejected.find(
      'the REPORTER_MISMATCH rejection',
      (r) => r.code === 'REPORTER_MISMATCH',
    );
    expect(mismatch).toMatchObject({ reporter: 'HND', path: '$.reporter' });
    expect(rejected.messages.find((m) => m.value.code === 'NOT_JSON')?.key).toBe('PAN');

    const text = await ingest.metrics();
    expect(metricValue(text, 'atalaya_signals_rejected_total', { reporter: 'PAN', code: 'NOT_JSON' })).toBe(
      1,
    );
    expect(
      metricValue(text, 'atalaya_signals_rejected_total', { reporter: 'PAN', code: 'MISSING_FIELD' }),
    ).toBe(1);
    expect(metricValue(text, 'atalaya_signals_accepted_total', { reporter: 'PAN' })).toBe(2);
    expect(metricValue(text, 'atalaya_signals_duplicate_total', { reporter: 'PAN' })).toBe(1);
  });

  it('picks the alert up where it stood after the engine is killed and restarted', async () => {
    const [firing] = alerts.messages.filter((m) => m.value.type === 'firing').map((m) => m.value);
    await engine.kill();
    await publish('PAN', signal('2023-05', 60000), signal('2023-06', 1000));
    engine = await startServiceProcess('engine', env());
    const resolved = await alerts.find('the resolution', (e) => e.type === 'resolved');
    const escalated = await alerts.find('the escalation', (e) => e.type === 'escalated');
    expect(escalated).toMatchObject({
      alertId: firing.alertId,
      level: 'emergency',
      previousLevel: 'warning',
    });
    expect(resolved).toMatchObject({ alertId: firing.alertId, level: null, previousLevel: 'emergency' });
  });

  it('shuts both services down cleanly', async () => {
    expect(await ingest.stop()).toBe(0);
    expect(await engine.stop()).toBe(0);
  });
});
