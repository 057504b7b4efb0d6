import { rmSync } from 'node:fs';
import {
  reporterSchema,
  seriesKeyOf,
  streamActionEventSchema,
  streamAlertEventSchema,
  streamIndicatorEventSchema,
  type SignalInput,
} from '@atalaya/contracts';
import { createProducer } from '@atalaya/messaging';
import { ApiKeysRepository } from '@atalaya/persistence';
import {
  databaseForSuite,
  eventually,
  kafkaForSuite,
  openSse,
  serviceEnv,
  startStack,
  twoStatesRouting,
  twoStatesSignals,
  writeRoutingFixture,
  type ServiceProcess,
  type SseConnection,
  type SuiteDatabase,
  type TestKafka,
} from '@atalaya/testing';

const { honduras, mexico } = twoStatesSignals('stream');

const alertsOf = (c: SseConnection) =>
  c.events.filter((e) => e.event === 'alert').map((e) => streamAlertEventSchema.parse(JSON.parse(e.data)));
const triggersOf = (c: SseConnection) => alertsOf(c).map((a) => a.event.trigger.id);
const indicatorsOf = (c: SseConnection) =>
  c.events
    .filter((e) => e.event === 'indicator')
    .map((e) => streamIndicatorEventSchema.parse(JSON.parse(e.data)));

/**
 * The live stream on alerts the real engine raised from signals sent through Kafka: Honduras' alert routed
 * to its operations centre, Mexico's to IOM, decided as each event arrives. Every client receives what its
 * key's scope holds, live; a client that reconnects with Last-Event-ID receives what it missed.
 */
describe('live stream: server-sent events per role, resumable', () => {
  let t: TestKafka;
  let db: SuiteDatabase;
  let services: ServiceProcess[] = [];
  let gateway: ServiceProcess;
  let dir: string;
  const key: Record<string, string> = {};
  const open: SseConnection[] = [];

  const connect = async (who: string, headers: Record<string, string> = {}, query = '') => {
    const c = await openSse(`${gateway.url}/v1/stream${query}`, {
      ...headers,
      authorization: `Bearer ${key[who]}`,
    });
    expect(c.status).toBe(200);
    expect(c.response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    open.push(c);
    return c;
  };
  const send = async (signal: SignalInput) => {
    const producer = createProducer(t.kafka);
    await producer.connect();
    await producer.send({
      topic: t.topics.signals(signal.reporter),
      acks: -1,
      messages: [{ key: seriesKeyOf(signal), value: JSON.stringify(signal) }],
    });
    await producer.disconnect();
  };
  const recordedSeqs = async (afterSeq: string) =>
    (
      await db.dataSource.query<{ seq: string }[]>(
        `SELECT seq::text AS seq FROM alert_events
         WHERE seq > $1 AND (event->>'shadow')::boolean IS NOT TRUE ORDER BY seq`,
        [afterSeq],
      )
    ).map((r) => r.seq);

  beforeAll(async () => {
    const routing = writeRoutingFixture('stream', twoStatesRouting());
    dir = routing.dir;
    [t, db] = await Promise.all([kafkaForSuite('stream'), databaseForSuite('stream')]);
    const env = { ...serviceEnv(t, db.url), ...routing.env };
    services = await startStack(env);
    gateway = services[0];
    const keys = new ApiKeysRepository();
    const em = db.dataSource.manager;
    const issued = await Promise.all([
      keys.issue(em, reporterSchema.parse('HND'), 'INM Honduras'),
      keys.issue(em, reporterSchema.parse('MEX'), 'INM México'),
      keys.issueForRecipient(em, 'ops_hnd', 'Honduras duty desk'),
      keys.issueForRecipient(em, 'iom', 'IOM duty desk'),
      keys.issueKey(em, { role: 'analyst', recipientId: 'technical_secretariat' }, 'Secretariat analysts'),
    ]);
    ['agencyHnd', 'agencyMex', 'opsHnd', 'iom', 'analyst'].forEach((who, i) => (key[who] = issued[i].secret));
  });

  afterAll(async () => {
    await Promise.all(open.map((c) => c.close()));
    await Promise.all(services.map((p) => p?.stop()));
    await db?.drop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  let opsHnd: SseConnection;
  let iom: SseConnection;
  let agencyHnd: SseConnection;
  let agencyMex: SseConnection;
  let analyst: SseConnection;

  it("sends each recipient only the alert routed to it, and each agency its own state's, live", async () => {
    [opsHnd, iom, agencyHnd, agencyMex, analyst] = await Promise.all(
      ['opsHnd', 'iom', 'agencyHnd', 'agencyMex', 'analyst'].map((who) => connect(who)),
    );
    await send(honduras);
    await eventually('Honduras’ alert on the analyst’s stream', () =>
      triggersOf(analyst).length > 0 ? true : undefined,
    );
    expect(triggersOf(analyst)).toEqual(['honduras-entries-surge']);
    await eventually('Honduras’ alert on its centre’s and its agency’s streams', () =>
      triggersOf(opsHnd).length > 0 && triggersOf(agencyHnd).length > 0 ? true : undefined,
    );
    expect(triggersOf(opsHnd)).toEqual(['honduras-entries-surge']);
    expect(triggersOf(agencyHnd)).toEqual(['honduras-entries-surge']);
    expect(alertsOf(opsHnd)[0].event.evidence.value).toBe(30000);
    expect(opsHnd.events.find((e) => e.event === 'alert')?.id).toBe(alertsOf(opsHnd)[0].seq);
    expect(triggersOf(iom)).toEqual([]);
    expect(triggersOf(agencyMex)).toEqual([]);
    await eventually('Honduras’ figure on its agency’s stream', () =>
      indicatorsOf(agencyHnd).length > 0 ? true : undefined,
    );
    expect(indicatorsOf(agencyHnd).map((i) => [i.signalId, i.figure.value])).toEqual([
      [honduras.signalId, 30000],
    ]);
  });

  it('replays exactly what a client missed when it reconnects with Last-Event-ID, then goes on live', async () => {
    const [seen] = alertsOf(analyst);
    await analyst.close();
    await send(mexico);
    await eventually('Mexico’s alert on IOM’s stream', () => (triggersOf(iom).length > 0 ? true : undefined));
    expect(triggersOf(iom)).toEqual(['mexico-presentations-surge']);
    expect(triggersOf(opsHnd)).toEqual(['honduras-entries-surge']);
    expect(triggersOf(agencyMex)).toEqual(['mexico-presentations-surge']);
    expect(triggersOf(agencyHnd)).toEqual(['honduras-entries-surge']);
    expect(indicatorsOf(agencyHnd).every((i) => i.figure.reporter === 'HND')).toBe(true);

    const missed = await recordedSeqs(seen.seq);
    expect(missed.length).toBeGreaterThan(0);
    const resumed = await connect('analyst', { 'last-event-id': seen.seq });
    await eventually('the replay', () => (alertsOf(resumed).length >= missed.length ? true : undefined));
    expect(alertsOf(resumed).map((a) => a.seq)).toEqual(missed);
    expect(triggersOf(resumed)).toEqual(['mexico-presentations-surge']);

    const fromStart = await connect('agencyMex', {}, '?lastEventId=0');
    await eventually('the agency’s replay', () => (alertsOf(fromStart).length > 0 ? true : undefined));
    expect(triggersOf(fromStart)).toEqual(['mexico-presentations-surge']);
  });

  it('records what the stream showed of restricted figures in the access audit', async () => {
    const [alert] = alertsOf(iom);
    const reads = await eventually('IOM’s reads on the stream', async () => {
      const found = await db.dataSource.query<{ reporter: string; resource: string }[]>(
        `SELECT reporter, resource FROM access_audit WHERE channel = 'stream' AND viewer_id = 'iom'`,
      );
      return found.length >= 3 ? found : undefined;
    });
    expect(reads).toEqual(
      expect.arrayContaining([
        { reporter: 'MEX', resource: alert.event.eventId },
        { reporter: 'MEX', resource: seriesKeyOf(mexico) },
        { reporter: 'HND', resource: seriesKeyOf(honduras) },
      ]),
    );
    expect(indicatorsOf(iom).map((i) => i.figure.reporter)).toEqual(['HND', 'MEX']);
  });

  it('streams an acknowledgement to the callers whose scope holds the alert', async () => {
    const [alert] = alertsOf(opsHnd);
    await eventually('Honduras’ centre notified', async () => {
      const [{ n }] = await db.dataSource.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM cap_messages WHERE recipient_id = 'ops_hnd' AND alert_id = $1`,
        [alert.event.alertId],
      );
      return n > 0 ? n : undefined;
    });
    const ack = await fetch(`${gateway.url}/v1/acks`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key.opsHnd}`, 'content-type': 'application/json' },
      body: JSON.stringify({ alertId: alert.event.alertId }),
    });
    expect(ack.status).toBeLessThan(300);
    const actionsOf = (c: SseConnection) =>
      c.events
        .filter((e) => e.event === 'action')
        .map((e) => streamActionEventSchema.parse(JSON.parse(e.data)));
    await eventually('the acknowledgement on the centre’s stream', () =>
      actionsOf(opsHnd).length > 0 && actionsOf(agencyHnd).length > 0 ? true : undefined,
    );
    expect(actionsOf(opsHnd)).toEqual([
      expect.objectContaining({
        alertId: alert.event.alertId,
        update: 'acknowledged',
        organisation: 'ops_hnd',
      }),
    ]);
    expect(actionsOf(agencyHnd)).toHaveLength(1);
    expect(actionsOf(iom)).toEqual([]);
    expect(actionsOf(agencyMex)).toEqual([]);
  });

  it('refuses a request without a key, and a Last-Event-ID that is no alert event’s id', async () => {
    const none = await fetch(`${gateway.url}/v1/stream`);
    expect([none.status, ((await none.json()) as { code: string }).code]).toEqual([401, 'UNAUTHENTICATED']);
    const bad = await fetch(`${gateway.url}/v1/stream`, {
      headers: { authorization: `Bearer ${key.iom}`, 'last-event-id': 'yesterday' },
    });
    expect([bad.status, ((await bad.json()) as { code: string }).code]).toEqual([
      400,
      'INVALID_LAST_EVENT_ID',
    ]);
  });

  it('ends every open stream when the gateway is stopped, and exits cleanly', async () => {
    expect(await gateway.stop()).toBe(0);
    await Promise.all([opsHnd.ended, iom.ended, agencyHnd.ended, agencyMex.ended]);
  });
});
