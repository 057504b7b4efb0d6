import { resolve } from 'node:path';
import { seriesKeyOf, type AlertEvent, type SignalInput } from '@atalaya/contracts';
import { createProducer, type MessageProducer } from '@atalaya/messaging';
import {
  databaseForSuite,
  eventually,
  kafkaForSuite,
  serviceEnv,
  startServiceProcess,
  TopicReader,
  type ServiceProcess,
  type SuiteDatabase,
  type TestKafka,
} from '@atalaya/testing';

/**
 * Every condition type raises and resolves an alert through Kafka, ingest, the engine and PostgreSQL, with
 * the catalogue in test/fixtures/conditions.catalogue.yaml; an alert re-warns at a new peak; and a revised
 * observation first updates, then cancels, the alert it had raised.
 */
describe('every condition type, end to end', () => {
  let t: TestKafka;
  let producer: MessageProducer;
  let db: SuiteDatabase;
  let services: ServiceProcess[];
  let alerts: TopicReader<AlertEvent>;
  const run = Date.now().toString(36);

  const signal = (
    reporter: string,
    place: string,
    indicator: string,
    start: string,
    value: number,
    extra: Partial<SignalInput> = {},
  ): SignalInput => {
    const end = extra.period?.end ?? start;
    return {
      signalId: `cond-${run}-${place}-${indicator}-${start}-r${extra.revision ?? 1}`,
      reporter,
      indicator,
      location: { country: reporter, place },
      period: { start, end },
      value,
      ...extra,
    };
  };
  const monthly = (reporter: string, place: string, indicator: string, values: number[]) =>
    values.map((v, m) => signal(reporter, place, indicator, `2024-${String(m + 1).padStart(2, '0')}-01`, v));

  /** Keyed by series, as the CLI sends them, so that one series' signals keep their order. */
  const publish = (...signals: SignalInput[]) =>
    producer.send({
      topic: t.topics.signals(signals[0].reporter),
      acks: -1,
      messages: signals.map((s) => ({ key: seriesKeyOf(s), value: JSON.stringify(s) })),
    });

  const eventsOf = (triggerId: string) =>
    alerts.messages.map((m) => m.value).filter((e) => e.trigger.id === triggerId);

  /** Waits for a firing and a resolution of the same alert of a trigger, and returns both. */
  const raisedAndResolved = async (triggerId: string) => {
    const firing = await alerts.find(
      `${triggerId} firing`,
      (e) => e.trigger.id === triggerId && e.type === 'firing',
    );
    const resolved = await alerts.find(
      `${triggerId} resolved`,
      (e) => e.alertId === firing.alertId && e.type === 'resolved',
    );
    return { firing, resolved };
  };

  beforeAll(async () => {
    t = await kafkaForSuite('conditions');
    producer = createProducer(t.kafka);
    await producer.connect();
    db = await databaseForSuite('conditions');
    const env = {
      ...serviceEnv(t, db.url),
      ATALAYA_CATALOGUE: resolve(__dirname, 'fixtures/conditions.catalogue.yaml'),
    };
    services = await Promise.all([startServiceProcess('ingest', env), startServiceProcess('engine', env)]);
    alerts = await TopicReader.start(t.kafka, t.topics.alerts);
    await publish(...monthly('PAN', 'darien', 'irregular_crossings', [10, 150, 20]));
    await publish(...monthly('HND', 'trojes', 'irregular_entries', [100, 200, 210]));
    await publish(...monthly('MEX', 'tapachula', 'irregular_migrants_presented', [150, 50, 150, 50]));
    await publish(...monthly('USA', 'southwest_border', 'encounters', [100, 100, 100, 100, 500, 100]));
    await publish(...monthly('PAN', 'lajas_blancas', 'arrivals_transit', [100, 100, 100, 300, 10]));
    await publish(...monthly('GTM', 'tecun_uman', 'irregular_entries', [150, 50, 150, 160, 10]));
    await publish(
      signal('MEX', 'albergue_belen_tapachula', 'shelter_capacity', '2024-03-01', 100, {
        period: { start: '2024-03-01', end: '2024-03-07' },
      }),
      ...[50, 95, 60].map((v, d) =>
        signal('MEX', 'albergue_belen_tapachula', 'shelter_occupancy', `2024-03-0${d + 1}`, v),
      ),
    );
  });

  afterAll(async () => {
    await Promise.all([alerts?.stop(), producer?.disconnect()]);
    await Promise.all((services ?? []).map((s) => s.stop()));
    await db?.drop();
  });

  it('threshold: the value reaches the level, then falls below its clear level', async () => {
    const { firing, resolved } = await raisedAndResolved('e2e-threshold');
    expect(firing.evidence).toMatchObject({ value: 150, threshold: 100, period: { start: '2024-02-01' } });
    expect(resolved.evidence).toMatchObject({ value: 20, threshold: 50, comparison: 'below-clear' });
  });

  it('rate of change: +100 % month on month, then +5 %', async () => {
    const { firing, resolved } = await raisedAndResolved('e2e-rate');
    expect(firing.evidence).toMatchObject({ value: 200, measure: 100, baseline: 100 });
    expect(resolved.evidence).toMatchObject({ value: 210, measure: 5, baseline: 200 });
  });

  it('sustained: two of the last three months above the level, then one', async () => {
    const { firing, resolved } = await raisedAndResolved('e2e-sustained');
    expect(firing.evidence).toMatchObject({ period: { start: '2024-03-01' }, measure: 150 });
    expect(resolved.evidence).toMatchObject({ period: { start: '2024-04-01' }, measure: 50 });
  });

  it('seasonal anomaly: far above the same point of the two earlier cycles, then back to it', async () => {
    const { firing, resolved } = await raisedAndResolved('e2e-seasonal');
    expect(firing.evidence).toMatchObject({ value: 500, baseline: 100, measure: 40 });
    expect(resolved.evidence).toMatchObject({ value: 100, measure: 0 });
  });

  it('rolling high: a two-month sum twice its recent high, then under it', async () => {
    const { firing, resolved } = await raisedAndResolved('e2e-rolling-high');
    expect(firing.evidence).toMatchObject({ period: { start: '2024-04-01' }, measure: 2, baseline: 200 });
    expect(resolved.evidence).toMatchObject({ period: { start: '2024-05-01' }, baseline: 400 });
  });

  it('pending: announced, ended when it falls back, announced again, then fires once it has held', async () => {
    const { firing, resolved } = await raisedAndResolved('e2e-pending');
    // Two alerts: the alerts topic is keyed by alert, so only each alert's own events keep their order.
    const events = await eventually('both pending alerts told whole', () =>
      eventsOf('e2e-pending').length >= 5 ? eventsOf('e2e-pending') : undefined,
    );
    const story = events
      .map((e) => [e.type, e.evidence.period.start, e.evidence.comparison])
      .sort((x, y) => x[1].localeCompare(y[1]));
    expect(story).toEqual([
      ['pending', '2024-01-01', 'above'],
      ['resolved', '2024-02-01', 'below'],
      ['pending', '2024-03-01', 'above'],
      ['firing', '2024-04-01', 'above'],
      ['resolved', '2024-05-01', 'below-clear'],
    ]);
    const announced = events.find((e) => e.type === 'pending' && e.evidence.period.start === '2024-03-01');
    expect(firing.alertId).toBe(announced?.alertId);
    expect(resolved.alertId).toBe(firing.alertId);
  });

  it('ratio: occupancy over capacity with the projected days to full, then room again', async () => {
    const { firing, resolved } = await raisedAndResolved('e2e-shelter');
    expect(firing.evidence).toMatchObject({ value: 95, baseline: 100, measure: 0.95, daysToFull: 0.1 });
    expect(resolved.evidence).toMatchObject({ value: 60, measure: 0.6 });
  });

  it('corridor composite: two steps surging together, then the surges age out', async () => {
    await publish(...monthly('PAN', 'paso_canoas', 'irregular_crossings', [2000]));
    await publish(signal('MEX', 'ciudad_juarez', 'irregular_migrants_presented', '2024-01-01', 10));
    await publish(...monthly('CRI', 'penas_blancas', 'irregular_entries', [10, 2000]));
    const firing = await alerts.find(
      'e2e-corridor firing',
      (e) => e.trigger.id === 'e2e-corridor' && e.level === 'watch',
    );
    expect(firing).toMatchObject({ seriesKey: 'corridor/darien_north', evidence: { measure: 2 } });
    expect(firing.evidence.members?.map((m) => [m.place, m.value])).toEqual([
      ['paso_canoas', 2000],
      ['penas_blancas', 2000],
    ]);
    await publish(signal('CRI', 'penas_blancas', 'irregular_entries', '2024-06-01', 10));
    const resolved = await alerts.find(
      'e2e-corridor resolved',
      (e) => e.alertId === firing.alertId && e.type === 'resolved',
    );
    expect(resolved.evidence).toMatchObject({ measure: 0, period: { start: '2024-06-01' } });
  });

  it('new peak: an alert in force re-warns at a quarter above its stored peak, in a later batch', async () => {
    const danli = (start: string, value: number) => signal('HND', 'danli', 'irregular_entries', start, value);
    await publish(danli('2024-01-01', 150));
    const firing = await alerts.find('e2e-new-peak firing', (e) => e.trigger.id === 'e2e-new-peak');
    await publish(danli('2024-02-01', 180), danli('2024-03-01', 190));
    const rewarned = await alerts.find(
      'e2e-new-peak re-warning',
      (e) => e.alertId === firing.alertId && e.type === 'updated',
    );
    expect(rewarned).toMatchObject({
      eventId: `${firing.alertId}/updated/2024-03-01/new-peak`,
      level: 'watch',
      previousLevel: 'watch',
      evidence: { value: 190, threshold: 187.5, reason: 'new-peak', previousPeak: 150 },
    });
    const [state] = await db.dataSource.query<{ peak: number }[]>(
      `SELECT peak FROM trigger_state WHERE trigger_id = 'e2e-new-peak'`,
    );
    expect(state).toEqual({ peak: 190 });
  });

  it('a revised observation updates the alert it raised, and a further revision cancels it', async () => {
    const april = (value: number, revision: number) =>
      signal('PAN', 'darien', 'irregular_crossings', '2024-04-01', value, { revision });
    await publish(april(200, 1));
    const firing = await alerts.find(
      'the April alert',
      (e) =>
        e.trigger.id === 'e2e-threshold' && e.type === 'firing' && e.evidence.period.start === '2024-04-01',
    );
    await publish(april(180, 2));
    const updated = await alerts.find(
      'the update',
      (e) => e.alertId === firing.alertId && e.type === 'updated',
    );
    expect(updated).toMatchObject({
      level: 'watch',
      previousLevel: 'watch',
      evidence: { value: 180, revisedBy: april(180, 2).signalId },
    });
    await publish(april(10, 3));
    const cancelled = await alerts.find(
      'the cancel',
      (e) => e.alertId === firing.alertId && e.type === 'cancelled',
    );
    expect(cancelled).toMatchObject({
      level: null,
      previousLevel: 'watch',
      evidence: { revisedBy: april(10, 3).signalId },
    });
    const [state] = await db.dataSource.query<{ level: string | null; alert_id: string | null }[]>(
      `SELECT level, alert_id FROM trigger_state WHERE trigger_id = 'e2e-threshold'`,
    );
    expect(state).toEqual({ level: null, alert_id: null });
    expect(
      eventsOf('e2e-threshold')
        .filter((e) => e.alertId === firing.alertId)
        .map((e) => e.type),
    ).toEqual(['firing', 'updated', 'cancelled']);
  });
});
