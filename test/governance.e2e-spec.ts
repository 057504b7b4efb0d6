import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  notificationSchema,
  seriesKeyOf,
  type AlertEvent,
  type Notification,
  type SignalInput,
} from '@atalaya/contracts';
import { createProducer, type MessageProducer } from '@atalaya/messaging';
import { ApiKeysRepository } from '@atalaya/persistence';
import {
  databaseForSuite,
  eventually,
  iomOffice,
  kafkaForSuite,
  panamaCentre,
  runCli,
  serviceEnv,
  startServiceProcess,
  TopicReader,
  writeRoutingFixture,
  type ServiceProcess,
  type SuiteDatabase,
  type TestKafka,
} from '@atalaya/testing';

const TRIGGER = 'e2e-governed';
const today = new Date().toISOString().slice(0, 10);

/** Version 2 as the suite proposes it: lower levels, put to Panama and Honduras, in force from today. */
const proposal = (levels: string) => `triggers:
  - id: ${TRIGGER}
    version: 2
    status: proposed
    title: Darién crossings, recalibrated
    agreedBy: [PAN, HND]
    effective: { from: ${today} }
    scope: { indicators: [irregular_crossings], reporters: [PAN], places: [darien] }
    condition: { type: threshold }
    levels:
${levels}
`;
const recalibrated = `      - { name: watch, above: 120, clearBelow: 100, severity: Moderate }
      - { name: warning, above: 140, clearBelow: 130, severity: Severe }`;

/**
 * A trigger's new version through its whole negotiation, with Kafka and PostgreSQL: submitted (a bad one
 * refused at its line), run in shadow on live data and never dispatched, refused to a state it is not put
 * to and to a centre speaking for another state, endorsed by both states, in force from its date, the open
 * alert passing to it with an `updated` event (never a resolution and a firing), and its history.
 */
describe('a trigger version proposed, endorsed state by state, and in force', () => {
  let t: TestKafka;
  let db: SuiteDatabase;
  let env: NodeJS.ProcessEnv;
  let producer: MessageProducer;
  let services: ServiceProcess[];
  let gateway: ServiceProcess;
  let alerts: TopicReader<AlertEvent>;
  let panama: TopicReader<Notification>;
  let dir: string;
  const keys: Record<string, string> = {};
  const run = Date.now().toString(36);

  const month = (m: number, value: number): SignalInput => {
    const start = `2024-${String(m).padStart(2, '0')}-01`;
    return {
      signalId: `gov-${run}-${start}`,
      reporter: 'PAN',
      indicator: 'irregular_crossings',
      location: { country: 'PAN', place: 'darien' },
      period: { start, end: start },
      value,
    };
  };
  const publish = (...signals: SignalInput[]) =>
    producer.send({
      topic: t.topics.signals('PAN'),
      acks: -1,
      messages: signals.map((s) => ({ key: seriesKeyOf(s), value: JSON.stringify(s) })),
    });
  const api = async (recipient: string, method: string, path: string, body?: unknown) => {
    const res = await fetch(`${gateway.url}${path}`, {
      method,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${keys[recipient]}` },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const endorse = (recipient: string, state: string) =>
    api(recipient, 'POST', `/v1/triggers/${TRIGGER}/versions/2/endorsements`, {
      state,
      stance: 'endorse',
      note: `${state} agrees to the recalibrated levels`,
    });
  const cli = (...args: string[]) => runCli(env, ...args);
  const writeProposal = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  const eventsOf = (alertId: string) =>
    alerts.messages.map((m) => m.value).filter((e) => e.alertId === alertId);

  let inForce: AlertEvent;
  let shadow: AlertEvent;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'atalaya-governance-'));
    const routing = writeRoutingFixture('governance', {
      recipients: [
        panamaCentre(),
        panamaCentre({ id: 'ops_hnd', name: 'Centre HND', state: 'HND' }),
        panamaCentre({ id: 'ops_col', name: 'Centre COL', state: 'COL' }),
        iomOffice(),
      ],
      routes: [{ id: 'pan', match: { state: 'PAN' }, receivers: ['ops_pan'], continue: true }],
    });
    [t, db] = await Promise.all([kafkaForSuite('governance'), databaseForSuite('governance')]);
    env = {
      ...serviceEnv(t, db.url),
      ...routing.env,
      ATALAYA_CATALOGUE: resolve(__dirname, 'fixtures/governance.catalogue.yaml'),
      ATALAYA_GOVERNANCE_TICK_MS: '300',
      ATALAYA_DISPATCH_TICK_MS: '200',
    };
    producer = createProducer(t.kafka);
    await producer.connect();
    alerts = await TopicReader.start(t.kafka, t.topics.alerts);
    panama = await TopicReader.start<Notification>(t.kafka, t.topics.notify('ops_pan'));
    services = await Promise.all(
      (['ingest', 'engine', 'dispatcher', 'gateway'] as const).map((s) => startServiceProcess(s, env)),
    );
    gateway = services[3];
    for (const r of ['ops_pan', 'ops_hnd', 'ops_col', 'iom']) {
      keys[r] = (
        await new ApiKeysRepository().issueForRecipient(db.dataSource.manager, r, `${r} desk`)
      ).secret;
    }
    await publish(month(1, 50), month(2, 150));
    inForce = await alerts.find(
      'version 1 fires at watch',
      (e) => e.trigger.id === TRIGGER && e.type === 'firing',
    );
  });

  afterAll(async () => {
    await Promise.all([alerts?.stop(), panama?.stop(), producer?.disconnect()]);
    await Promise.all((services ?? []).map((s) => s.stop()));
    await db?.drop();
  });

  it('refuses a proposal whose levels break their order at its file and line, and records nothing', async () => {
    const bad = writeProposal(
      'bad.yaml',
      proposal(recalibrated.replace('above: 140, clearBelow: 130', 'above: 110, clearBelow: 100')),
    );
    const refused = await cli('triggers', 'submit', bad, '--by', 'technical secretariat');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(
      new RegExp(`${bad}:11:\\d+: triggers\\.0\\.levels: levels must be listed from the lowest`),
    );
    const stored = await db.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM trigger_versions`,
    );
    expect(stored[0].n).toBe(0);
  });

  it('submits version 2, which then runs in shadow beside version 1 on live data, never dispatched', async () => {
    const submitted = await cli(
      'triggers',
      'submit',
      writeProposal('v2.yaml', proposal(recalibrated)),
      '--by',
      'technical secretariat',
    );
    expect(submitted).toMatchObject({ code: 0 });
    expect(submitted.stdout).toContain(`submitted  ${TRIGGER}@2  from ${today}  to PAN, HND`);
    // The engine takes the proposal at its next reload; the March figure then raises its own alert in shadow.
    await eventually(
      'the engine runs version 2 in shadow',
      () => services[1].output().includes(`"shadow":["${TRIGGER}@2"]`) || undefined,
    );
    await publish(month(3, 150));
    await alerts.find('the shadow run raises its alert', (e) => e.shadow && e.trigger.id === TRIGGER);
    shadow = alerts.messages.map((m) => m.value).find((e) => e.shadow && e.trigger.id === TRIGGER)!;
    expect(shadow).toMatchObject({ type: 'firing', level: 'warning', trigger: { id: TRIGGER, version: 2 } });
    expect(shadow.alertId).not.toBe(inForce.alertId);
    expect(eventsOf(inForce.alertId).map((e) => [e.type, e.trigger.version])).toEqual([['firing', 1]]);
  });

  it('answers 403 to a state the version is not put to, to a centre speaking for another state, and to a partner', async () => {
    const colombia = await endorse('ops_col', 'COL');
    expect(colombia).toMatchObject({ status: 403, body: { code: 'STATE_NOT_IN_AGREED_BY' } });
    const forPanama = await endorse('ops_hnd', 'PAN');
    expect(forPanama).toMatchObject({ status: 403, body: { code: 'NOT_YOUR_STATE' } });
    const partner = await endorse('iom', 'PAN');
    expect(partner).toMatchObject({ status: 403, body: { code: 'NOT_AN_OPERATIONS_CENTRE' } });
  });

  it('is adopted once Panama and Honduras both endorse it, and the open alert passes to it with an update', async () => {
    const first = await endorse('ops_pan', 'PAN');
    expect(first).toMatchObject({
      status: 201,
      body: { adopted: false, adoption: { outstanding: ['HND'] } },
    });
    const second = await endorse('ops_hnd', 'HND');
    expect(second).toMatchObject({ status: 201, body: { adopted: true, adoption: { outstanding: [] } } });
    const again = await endorse('ops_pan', 'PAN');
    expect(again).toMatchObject({ status: 409, body: { code: 'VERSION_NOT_PROPOSED' } });

    const updated = await alerts.find(
      'the open alert passes to version 2',
      (e) => e.alertId === inForce.alertId && e.type === 'updated',
    );
    expect(updated).toMatchObject({
      level: 'warning',
      previousLevel: 'watch',
      shadow: false,
      trigger: { id: TRIGGER, version: 2 },
      evidence: {
        reason: 'version-change',
        previousVersion: 1,
        threshold: 140,
        period: { start: '2024-03-01' },
      },
    });
    // Panama is told of the update before the next figure moves the alert: a notification carries each
    // alert's latest event, so a move within the group interval would tell only where it stands then.
    await eventually('Panama told of the update', () =>
      panama.messages
        .map((m) => notificationSchema.parse(m.value))
        .some((n) => n.alerts.some((a) => a.event.alertId === inForce.alertId && a.event.type === 'updated'))
        ? true
        : undefined,
    );
    await publish(month(4, 125));
    const lowered = await alerts.find(
      'version 2 in force lowers it',
      (e) => e.alertId === inForce.alertId && e.type === 'de-escalated',
    );
    expect(lowered).toMatchObject({ level: 'watch', trigger: { version: 2 } });
    expect(eventsOf(inForce.alertId).map((e) => e.type)).toEqual(['firing', 'updated', 'de-escalated']);
    const inForceFirings = alerts.messages.filter((m) => !m.value.shadow && m.value.type === 'firing');
    expect(inForceFirings.map((m) => m.value.alertId)).toEqual([inForce.alertId]);
  });

  it('dispatched the update and the version in force’s events to Panama, and nothing of the shadow run', async () => {
    const told = await eventually('Panama told of the update and the de-escalation', () => {
      const events = panama.messages
        .map((m) => notificationSchema.parse(m.value))
        .flatMap((n) => n.alerts.map((a) => a.event));
      return events.some((e) => e.type === 'de-escalated') ? events : undefined;
    });
    expect(told.filter((e) => e.alertId === inForce.alertId).map((e) => e.type)).toEqual([
      'firing',
      'updated',
      'de-escalated',
    ]);
    expect(told.filter((e) => e.alertId === shadow.alertId)).toEqual([]);
  });

  it('shows every version with its endorsements, in the CLI and over the API', async () => {
    const history = await cli('triggers', 'history', TRIGGER);
    expect(history.code).toBe(0);
    expect(history.stdout).toContain(`${TRIGGER}@1  adopted   superseded  from 2024-01-01`);
    expect(history.stdout).toContain(
      `${TRIGGER}@2  adopted   in force    from ${today}  Darién crossings, recalibrated`,
    );
    expect(history.stdout).toMatch(
      /endorsed {2}PAN {2}by ops_pan at .*: PAN agrees to the recalibrated levels/,
    );
    expect(history.stdout).toMatch(/endorsed {2}HND {2}by ops_hnd at /);
    const overHttp = await api('ops_hnd', 'GET', `/v1/triggers/${TRIGGER}/history`);
    expect(overHttp.status).toBe(200);
    const versions = overHttp.body as unknown as {
      version: number;
      inForce: boolean;
      endorsements: { state: string }[];
    }[];
    expect(versions.map((v) => [v.version, v.inForce, v.endorsements.map((e) => e.state)])).toEqual([
      [1, false, []],
      [2, true, ['PAN', 'HND']],
    ]);
  });
});
