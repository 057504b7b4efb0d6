import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AlertEvent, SignalInput } from '@atalaya/contracts';
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

/** Deadlines every 2 s; a report missed is 1, three missed is a warning. */
const catalogue = `triggers:
  - id: reporter-silent
    version: 1
    title: A reporting state has gone silent
    scope: { indicators: [irregular_crossings], reporters: [PAN, CRI] }
    condition: { type: no_data, expectedEvery: PT2S }
    levels:
      - { name: watch, above: 1, severity: Minor }
      - { name: warning, above: 3, severity: Moderate }
`;
const EVERY_MS = 2000;

/**
 * The no-data condition end to end on the real broker and database: Panama reports once and goes silent,
 * Costa Rica keeps reporting. The engine's wall-clock tick raises Panama's alert, escalates it across a
 * crash of the engine under the same id, and resolves it when Panama is heard again.
 */
describe('a silent reporter raises no-data, through Kafka and PostgreSQL', () => {
  let t: TestKafka;
  let producer: MessageProducer;
  let db: SuiteDatabase;
  let ingest: ServiceProcess;
  let engine: ServiceProcess;
  let alerts: TopicReader<AlertEvent>;
  let keepAlive: NodeJS.Timeout | undefined;
  const dir = mkdtempSync(join(tmpdir(), 'atalaya-no-data-'));
  const run = Date.now().toString(36);
  let day = 0;

  const signal = (reporter: 'PAN' | 'CRI'): SignalInput => {
    day += 1;
    const date = new Date(Date.UTC(2024, 0, day)).toISOString().slice(0, 10);
    return {
      signalId: `no-data-${run}-${reporter}-${day}`,
      reporter,
      indicator: 'irregular_crossings',
      location: reporter === 'PAN' ? { country: 'PAN', place: 'darien' } : { country: 'CRI' },
      period: { start: date, end: date },
      value: 1200,
    };
  };

  const publish = async (s: SignalInput) =>
    producer.send({
      topic: t.topics.signals(s.reporter),
      acks: -1,
      messages: [{ value: JSON.stringify(s) }],
    });

  const env = () => ({
    ...serviceEnv(t, db.url),
    ATALAYA_CATALOGUE: join(dir, 'triggers.yaml'),
    ATALAYA_SILENCE_TICK_MS: '300',
  });

  const receivedAt = async (signalId: string): Promise<string> =>
    eventually(`the engine to store ${signalId}`, async () => {
      const rows = await db.dataSource.query<{ received_at: Date }[]>(
        `SELECT received_at FROM observations WHERE signal_id = $1`,
        [signalId],
      );
      return rows[0]?.received_at.toISOString();
    });

  const recordedAt = async (eventId: string): Promise<number> => {
    const [row] = await db.dataSource.query<{ recorded_at: Date }[]>(
      `SELECT recorded_at FROM alert_events WHERE event_id = $1`,
      [eventId],
    );
    return row.recorded_at.getTime();
  };

  const silenceOf = (reporter: string) =>
    alerts.messages.map((m) => m.value).filter((e) => e.seriesKey === `silence/${reporter}`);

  beforeAll(async () => {
    writeFileSync(join(dir, 'triggers.yaml'), catalogue);
    t = await kafkaForSuite('nodata');
    producer = createProducer(t.kafka);
    await producer.connect();
    db = await databaseForSuite('nodata');
    [ingest, engine] = await Promise.all([
      startServiceProcess('ingest', env()),
      startServiceProcess('engine', env()),
    ]);
    alerts = await TopicReader.start(t.kafka, t.topics.alerts);
    // Costa Rica reports well within its 2 s, all along, including while the engine is down.
    await publish(signal('CRI'));
    keepAlive = setInterval(() => void publish(signal('CRI')), 600);
  });

  afterAll(async () => {
    clearInterval(keepAlive);
    await Promise.all([alerts?.stop(), producer?.disconnect()]);
    await Promise.all([ingest?.stop(), engine?.stop()]);
    await db?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  let firing: AlertEvent;
  let panLast: SignalInput;
  let silentSince: string;

  it('fires once a reporter lets one full expectedEvery pass without a report', async () => {
    panLast = signal('PAN');
    await publish(panLast);
    silentSince = await receivedAt(panLast.signalId);
    firing = await alerts.find('the firing of the silence', (e) => e.seriesKey === 'silence/PAN');
    expect(firing).toMatchObject({
      type: 'firing',
      level: 'watch',
      severity: 'Minor',
      trigger: { id: 'reporter-silent', version: 1 },
      evidence: { value: 1, measure: 1, threshold: 1, signalId: panLast.signalId, silentSince },
    });
    expect(await recordedAt(firing.eventId)).toBeGreaterThanOrEqual(Date.parse(silentSince) + EVERY_MS);
  });

  it('escalates under the same alert id after the engine is killed mid-silence', async () => {
    await engine.kill();
    engine = await startServiceProcess('engine', env());
    const escalated = await alerts.find(
      'the escalation',
      (e) => e.seriesKey === 'silence/PAN' && e.type === 'escalated',
    );
    expect(escalated).toMatchObject({
      alertId: firing.alertId,
      level: 'warning',
      previousLevel: 'watch',
      evidence: { value: 3, signalId: panLast.signalId, silentSince },
    });
    expect(await recordedAt(escalated.eventId)).toBeGreaterThanOrEqual(
      Date.parse(silentSince) + 3 * EVERY_MS,
    );
    const [row] = await db.dataSource.query<{ n: number; ids: number }[]>(
      `SELECT count(*)::int AS n, count(DISTINCT alert_id)::int AS ids FROM alert_events WHERE series_key = 'silence/PAN'`,
    );
    expect(row).toEqual({ n: 2, ids: 1 });
  });

  it('resolves when the reporter is heard again', async () => {
    const back = signal('PAN');
    await publish(back);
    const resolved = await alerts.find(
      'the resolution',
      (e) => e.seriesKey === 'silence/PAN' && e.type === 'resolved',
    );
    expect(resolved).toMatchObject({
      alertId: firing.alertId,
      level: null,
      previousLevel: 'warning',
      evidence: { value: 0, signalId: back.signalId, silentSince, comparison: 'below-clear' },
    });
    const [state] = await db.dataSource.query<{ heard_at: Date; heard_signal_id: string }[]>(
      `SELECT heard_at, heard_signal_id FROM trigger_state WHERE series_key = 'silence/PAN'`,
    );
    expect(state).toEqual({
      heard_at: new Date(await receivedAt(back.signalId)),
      heard_signal_id: back.signalId,
    });
    const types = silenceOf('PAN')
      .filter((e) => e.alertId === firing.alertId)
      .map((e) => e.type);
    expect([...new Set(types)]).toEqual(['firing', 'escalated', 'resolved']);
  });

  it('never alerts on a reporter that keeps reporting, across the restart', async () => {
    const text = await engine.metrics();
    expect(metricValue(text, 'atalaya_silence_ticks_total', { outcome: 'evaluated' })).toBeGreaterThan(0);
    expect(silenceOf('CRI')).toEqual([]);
    expect(alerts.messages.filter((m) => !m.value.seriesKey.startsWith('silence/PAN'))).toEqual([]);
    const [watched] = await db.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM trigger_state WHERE series_key = 'silence/CRI' AND heard_at IS NOT NULL`,
    );
    expect(watched.n).toBe(1);
  });

  it('stops ticking and shuts down cleanly', async () => {
    clearInterval(keepAlive);
    expect(await engine.stop()).toBe(0);
    expect(engine.output()).toContain('engine stopped');
  });
});
