import { rmSync } from 'node:fs';
import { request } from 'node:http';
import {
  alertDetailSchema,
  alertPageSchema,
  reportingStatusSchema,
  reporterSchema,
  sessionViewSchema,
  seriesKeyOf,
  type AlertPage,
  type SharedAlertEvent,
  type SignalInput,
} from '@atalaya/contracts';
import { createProducer } from '@atalaya/messaging';
import { ApiKeysRepository } from '@atalaya/persistence';
import {
  databaseForSuite,
  eventually,
  lastMonth,
  kafkaForSuite,
  serviceEnv,
  startStack,
  twoStatesRouting,
  twoStatesSignals,
  writeRoutingFixture,
  type ServiceProcess,
  type SuiteDatabase,
  type TestKafka,
} from '@atalaya/testing';

const { honduras, mexico } = twoStatesSignals('ops');
const signals: SignalInput[] = [honduras, mexico];

/**
 * The operations API per role, on alerts the real engine raised from signals sent through Kafka and the
 * real dispatcher routed: Honduras' alert to its operations centre, Mexico's to IOM. Each key sees and
 * reads only what its role and scopes let it.
 */
describe('operations API: alerts and reporting status, per role', () => {
  let t: TestKafka;
  let db: SuiteDatabase;
  let services: ServiceProcess[] = [];
  let gateway: ServiceProcess;
  let dir: string;
  const key: Record<string, string> = {};

  const get = (who: string | undefined, path: string, headers: Record<string, string> = {}) =>
    fetch(`${gateway.url}${path}`, {
      headers: { ...headers, ...(who === undefined ? {} : { authorization: `Bearer ${key[who]}` }) },
    });
  const page = async (who: string, query = ''): Promise<AlertPage> => {
    const res = await get(who, `/v1/alerts${query}`);
    expect(res.status).toBe(200);
    return alertPageSchema.parse(await res.json());
  };
  const triggersOf = (p: AlertPage) => p.items.map((a) => a.latest.trigger.id).sort();

  beforeAll(async () => {
    const routing = writeRoutingFixture('operations', twoStatesRouting());
    dir = routing.dir;
    [t, db] = await Promise.all([kafkaForSuite('operations'), databaseForSuite('operations_api')]);
    const env = { ...serviceEnv(t, db.url), ...routing.env };
    services = await startStack(env);
    gateway = services[0];
    const keys = new ApiKeysRepository();
    const em = db.dataSource.manager;
    const issued = await Promise.all([
      keys.issue(em, reporterSchema.parse('HND'), 'INM Honduras'),
      keys.issue(em, reporterSchema.parse('PAN'), 'SNM Panamá'),
      keys.issueForRecipient(em, 'ops_hnd', 'Honduras duty desk'),
      keys.issueForRecipient(em, 'iom', 'IOM duty desk'),
      keys.issueKey(em, { role: 'analyst', recipientId: 'technical_secretariat' }, 'Secretariat analysts'),
      keys.issueForOperator(em, 'Atalaya operators'),
      keys.issueKey(em, { role: 'recipient', recipientId: 'ops_hnd' }, 'figures only', ['figures:read']),
    ]);
    ['agencyHnd', 'agencyPan', 'opsHnd', 'iom', 'analyst', 'admin', 'narrow'].forEach(
      (who, i) => (key[who] = issued[i].secret),
    );
    const producer = createProducer(t.kafka);
    await producer.connect();
    for (const s of signals)
      await producer.send({
        topic: t.topics.signals(s.reporter),
        acks: -1,
        messages: [{ key: seriesKeyOf(s), value: JSON.stringify(s) }],
      });
    await producer.disconnect();
    await eventually('both recipients notified', async () => {
      const [{ n }] = await db.dataSource.query<{ n: number }[]>(
        `SELECT count(DISTINCT recipient_id)::int AS n FROM cap_messages WHERE recipient_id IN ('ops_hnd', 'iom')`,
      );
      return n === 2 ? n : undefined;
    });
  });

  afterAll(async () => {
    await Promise.all(services.map((p) => p?.stop()));
    await db?.drop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('shows an analyst and an operator every alert, and pages them with a cursor', async () => {
    expect(triggersOf(await page('analyst'))).toEqual([
      'honduras-entries-surge',
      'mexico-presentations-surge',
    ]);
    expect(triggersOf(await page('admin'))).toHaveLength(2);
    const first = await page('analyst', '?limit=1');
    expect(first.items).toHaveLength(1);
    expect(first.next).not.toBeNull();
    const second = await page('analyst', `?limit=1&cursor=${first.next}`);
    expect(second.items.map((a) => a.alertId)).not.toEqual(first.items.map((a) => a.alertId));
    expect(second.next).toBeNull();
    expect(triggersOf(await page('analyst', '?level=emergency&status=active'))).toEqual([
      'honduras-entries-surge',
    ]);
    expect(await page('analyst', '?status=past')).toEqual({ items: [], next: null });
  });

  it('shows a recipient only the alerts it was notified of, with their events and timeline', async () => {
    const own = await page('opsHnd');
    expect(triggersOf(own)).toEqual(['honduras-entries-surge']);
    expect(triggersOf(await page('iom'))).toEqual(['mexico-presentations-surge']);
    const res = await get('opsHnd', `/v1/alerts/${encodeURIComponent(own.items[0].alertId)}`);
    const detail = alertDetailSchema.parse(await res.json());
    expect(detail.alert.latest.evidence.value).toBe(30000);
    expect(detail.events.map((e) => e.type)).toEqual(['firing']);
    expect(detail.timeline?.entries.some((e) => e.kind === 'notified')).toBe(true);
    const foreign = await get('iom', `/v1/alerts/${encodeURIComponent(own.items[0].alertId)}`);
    expect([foreign.status, ((await foreign.json()) as { code: string }).code]).toEqual([
      404,
      'UNKNOWN_ALERT',
    ]);
  });

  it("shows an agency its own state's alerts, without the response timeline", async () => {
    const own = await page('agencyHnd');
    expect(triggersOf(own)).toEqual(['honduras-entries-surge']);
    expect(await page('agencyPan')).toEqual({ items: [], next: null });
    const detail = alertDetailSchema.parse(
      await (await get('agencyHnd', `/v1/alerts/${encodeURIComponent(own.items[0].alertId)}`)).json(),
    );
    expect(detail.timeline).toBeNull();
  });

  it('refuses a key without the scope or the role, and a request without a key', async () => {
    const bodyOf = async (res: Response) => [res.status, ((await res.json()) as { code: string }).code];
    expect(await bodyOf(await get('narrow', '/v1/alerts'))).toEqual([403, 'SCOPE_NOT_GRANTED']);
    expect(
      await bodyOf(await get('agencyHnd', '/v1/figures?indicator=irregular_entries&purpose=early_warning')),
    ).toEqual([403, 'ROLE_NOT_ALLOWED']);
    expect(await bodyOf(await get('iom', '/v1/admin/recipients'))).toEqual([403, 'ROLE_NOT_ALLOWED']);
    expect(await bodyOf(await get(undefined, '/v1/alerts'))).toEqual([401, 'UNAUTHENTICATED']);
    expect(await bodyOf(await get('analyst', '/v1/alerts?cursor=bogus'))).toEqual([400, 'INVALID_CURSOR']);
    expect(await bodyOf(await get('analyst', '/v1/alerts?status=open'))).toEqual([400, 'INVALID_VALUE']);
  });

  it('answers a read again with 304 when its ETag still holds', async () => {
    // Through node:http: fetch adds "Cache-Control: no-cache" to a conditional request, which asks the
    // server to answer in full.
    const status = (etag?: string) =>
      new Promise<{ status: number; etag?: string }>((done, fail) => {
        request(
          `${gateway.url}/v1/alerts`,
          {
            headers: {
              authorization: `Bearer ${key.analyst}`,
              ...(etag === undefined ? {} : { 'if-none-match': etag }),
            },
          },
          (res) => {
            res.resume();
            res.on('end', () => done({ status: res.statusCode!, etag: res.headers.etag }));
          },
        )
          .on('error', fail)
          .end();
      });
    const first = await status();
    expect(first).toMatchObject({ status: 200, etag: expect.stringMatching(/^W\//) as unknown });
    expect((await status(first.etag)).status).toBe(304);
    expect((await status('W/"something-else"')).status).toBe(200);
  });

  it('tells who is reporting against its cadence; an agency sees its own state', async () => {
    const status = reportingStatusSchema.parse(await (await get('analyst', '/v1/reporting/status')).json());
    const of = (r: string) => status.reporters.find((s) => s.reporter === r);
    expect(of('HND')).toMatchObject({
      status: 'reporting',
      missedReports: 0,
      indicators: [{ indicator: 'irregular_entries', latestPeriodEnd: lastMonth().end }],
    });
    expect(of('JAM')).toMatchObject({ status: 'never', lastReportAt: null });
    const own = reportingStatusSchema.parse(await (await get('agencyHnd', '/v1/reporting/status')).json());
    expect(own.reporters.map((r) => r.reporter)).toEqual(['HND']);
  });

  it('lists the catalogue: each trigger in force, with its versions', async () => {
    const res = await get('agencyHnd', '/v1/triggers');
    expect(res.status).toBe(200);
    const catalogue = (await res.json()) as {
      trigger: { id: string; version: number; levels: unknown[] };
      versions: { version: number; inForce: boolean }[];
    }[];
    const honduras = catalogue.find((e) => e.trigger.id === 'honduras-entries-surge');
    expect(honduras?.trigger.levels).toHaveLength(3);
    expect(honduras?.versions.filter((v) => v.inForce).map((v) => v.version)).toEqual([
      honduras?.trigger.version,
    ]);
  });

  it("runs a trigger's backtest over the stored history, its evidence under the sharing policies", async () => {
    const res = await get('analyst', '/v1/triggers/honduras-entries-surge/backtest');
    expect(res.status).toBe(200);
    const run = (await res.json()) as {
      trigger: { id: string };
      observations: number;
      events: SharedAlertEvent[];
    };
    expect(run.observations).toBe(1);
    expect(run.events.map((e) => [e.type, e.level, e.evidence.value])).toEqual([
      ['firing', 'emergency', 30000],
    ]);
    const walked = (await (
      await get('analyst', '/v1/triggers/honduras-entries-surge/backtest?walkForward=yearly')
    ).json()) as { years: unknown[]; events: unknown[] };
    // One month of history: no year after the first to walk into.
    expect(walked).toMatchObject({ years: [], events: [] });
    expect(
      (await get('analyst', '/v1/triggers/honduras-entries-surge/backtest?walkForward=monthly')).status,
    ).toBe(400);
    const unknown = await get('analyst', '/v1/triggers/no-such-trigger/backtest');
    expect(unknown.status).toBe(404);
    const [read] = await db.dataSource.query<{ viewer_id: string; reporter: string }[]>(
      `SELECT viewer_id, reporter FROM access_audit WHERE resource LIKE 'backtest:honduras-entries-surge@%'`,
    );
    expect(read).toEqual({ viewer_id: 'technical_secretariat', reporter: 'HND' });
  });

  it('opens a browser session with a key: an HTTP-only cookie, and writes that must carry its CSRF token', async () => {
    const login = await fetch(`${gateway.url}/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ key: key.opsHnd }),
    });
    expect(login.status).toBe(200);
    const session = sessionViewSchema.parse(await login.json());
    expect(session).toMatchObject({ role: 'recipient', recipientId: 'ops_hnd' });
    const setCookie = login.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/^atalaya_session=[^;]+;.*HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Strict/i);
    const cookie = setCookie.split(';')[0];
    const withCookie = (path: string, init: RequestInit = {}) =>
      fetch(`${gateway.url}${path}`, { ...init, headers: { ...init.headers, cookie } });
    const own = alertPageSchema.parse(await (await withCookie('/v1/alerts')).json());
    expect(triggersOf(own)).toEqual(['honduras-entries-surge']);
    const ack = (headers: Record<string, string>) =>
      withCookie('/v1/acks', {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ alertId: own.items[0].alertId, note: 'seen on the dashboard' }),
      });
    const forged = await ack({});
    expect([forged.status, ((await forged.json()) as { code: string }).code]).toEqual([
      403,
      'CSRF_TOKEN_MISSING',
    ]);
    expect((await ack({ 'x-csrf-token': session.csrfToken })).ok).toBe(true);
    const logout = await withCookie('/v1/session', {
      method: 'DELETE',
      headers: { 'x-csrf-token': session.csrfToken },
    });
    expect(logout.status).toBe(204);
    expect((await withCookie('/v1/alerts')).status).toBe(401);
  });

  it('sends security headers, and limits logins per address', async () => {
    const res = await get('analyst', '/v1/reporting/status');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    const attempts = await Promise.all(
      Array.from({ length: 12 }, () =>
        fetch(`${gateway.url}/v1/session`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ key: 'atl_guess' }),
        }).then(async (r) => [r.status, ((await r.json()) as { code: string }).code]),
      ),
    );
    expect(attempts).toContainEqual([429, 'RATE_LIMITED']);
    expect(attempts.filter(([status]) => status === 401).length).toBeLessThanOrEqual(10);
  });
});
