import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  alertTimelineSchema,
  notificationSchema,
  type AlertEvent,
  type AlertTimeline,
  type Notification,
} from '@atalaya/contracts';
import { parseCap } from '@atalaya/cap';
import { createProducer } from '@atalaya/messaging';
import { ApiKeysRepository } from '@atalaya/persistence';
import {
  databaseForSuite,
  eventually,
  kafkaForSuite,
  runCli,
  serviceEnv,
  startServiceProcess,
  TopicReader,
  type ServiceProcess,
  type SuiteDatabase,
  type TestKafka,
  iomOffice,
  panamaCentre,
  writeRoutingFixture,
} from '@atalaya/testing';
import { darienEvent } from '../libs/cap/src/testing/cap.fixtures';

const darien: AlertEvent = darienEvent({
  alertId: 'alert-darien',
  seriesKey: 'PAN/irregular_crossings/PAN/-/darien',
  eventId: 'alert-darien/firing/2023-03-01/watch',
});
const honduras: AlertEvent = darienEvent({
  alertId: 'alert-honduras',
  seriesKey: 'HND/irregular_entries/HND/-/-',
  eventId: 'alert-honduras/firing/2023-03-01/watch',
  trigger: { id: 'honduras-entries-surge', version: 2, title: 'Honduras entries surge' },
});

/**
 * Panama's centre owes an action due three seconds after activation and escalates after two more; IOM owes
 * one due in five days. Honduras's centre has IOM beside it on the Honduran alert.
 */
function routingFixture() {
  const escalation = [{ after: 'PT2S', recipient: 'technical_secretariat' }];
  return writeRoutingFixture('response', {
    recipients: [
      panamaCentre({ name: 'Centre PAN', escalation }),
      panamaCentre({ id: 'ops_hnd', name: 'Centre HND', state: 'HND', escalation }),
      iomOffice({ languages: ['en'] }),
    ],
    routes: [
      { id: 'pan', match: { state: 'PAN' }, receivers: ['ops_pan'], continue: true },
      { id: 'hnd', match: { state: 'HND' }, receivers: ['ops_hnd'], continue: true },
      { id: 'iom', match: { state: ['PAN', 'HND'] }, receivers: ['iom'], continue: true },
    ],
    responses: `responses:
  darien-crossings-surge:
    watch:
      - id: pan-open-capacity
        organisation: ops_pan
        deadline: PT3S
        description: { es: Abrir capacidad adicional en Lajas Blancas., en: Open additional capacity at Lajas Blancas. }
      - id: iom-pre-position
        organisation: iom
        deadline: P5D
        description: { es: Preposicionar asistencia., en: Pre-position assistance. }
`,
  });
}

describe('the coordinated response: actions reported by their own organisations, overdue ones escalated, silences', () => {
  let t: TestKafka;
  let db: SuiteDatabase;
  let env: NodeJS.ProcessEnv;
  let dispatcher: ServiceProcess;
  let gateway: ServiceProcess;
  let dir: string;
  const keys: Record<string, string> = {};
  const topics: Record<string, TopicReader<Notification>> = {};
  let silenceId = '';

  const api = async (recipient: string, method: string, path: string, body?: unknown) => {
    const res = await fetch(`${gateway.url}${path}`, {
      method,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${keys[recipient]}` },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const cli = (...args: string[]) => runCli(env, ...args);
  const notified = (recipient: string, alertId: string) =>
    topics[recipient].messages
      .map((m) => notificationSchema.parse(m.value))
      .filter((n) => n.alerts.some((a) => a.event.alertId === alertId));

  beforeAll(async () => {
    const routing = routingFixture();
    dir = routing.dir;
    [t, db] = await Promise.all([kafkaForSuite('response'), databaseForSuite('response')]);
    env = {
      ...serviceEnv(t, db.url),
      ...routing.env,
      ATALAYA_DISPATCH_TICK_MS: '200',
    };
    for (const r of ['ops_pan', 'ops_hnd', 'iom', 'technical_secretariat']) {
      topics[r] = await TopicReader.start<Notification>(t.kafka, t.topics.notify(r));
    }
    [dispatcher, gateway] = await Promise.all([
      startServiceProcess('dispatcher', env),
      startServiceProcess('gateway', env),
    ]);
    for (const r of ['ops_pan', 'ops_hnd', 'iom']) {
      keys[r] = (
        await new ApiKeysRepository().issueForRecipient(db.dataSource.manager, r, `${r} desk`)
      ).secret;
    }
    const silenced = await api('ops_hnd', 'POST', '/v1/silences', {
      matchers: { state: 'HND' },
      duration: 'PT1H',
      comment: 'reception system under maintenance',
    });
    expect(silenced.status).toBe(201);
    silenceId = String(silenced.body.id);
    const producer = createProducer(t.kafka);
    await producer.connect();
    await producer.send({
      topic: t.topics.alerts,
      messages: [darien, honduras].map((e) => ({ key: e.alertId, value: JSON.stringify(e) })),
    });
    await producer.disconnect();
    await eventually('IOM told of both alerts', () =>
      notified('iom', 'alert-darien').length > 0 && notified('iom', 'alert-honduras').length > 0
        ? true
        : undefined,
    );
  });

  afterAll(async () => {
    await Promise.all(Object.values(topics).map((r) => r.stop()));
    await Promise.all([dispatcher?.stop(), gateway?.stop()]);
    await db?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('tells each organisation its own actions, with deadlines', () => {
    const [pan] = notified('ops_pan', 'alert-darien');
    const [iom] = notified('iom', 'alert-darien');
    expect(pan.alerts[0].actions.map((a) => a.id)).toEqual(['pan-open-capacity']);
    expect(iom.alerts[0].actions.map((a) => [a.id, a.description])).toEqual([
      ['iom-pre-position', 'Pre-position assistance.'],
    ]);
  });

  it('takes a report on an action from its own organisation only, and refuses what is malformed', async () => {
    const report = (recipient: string, body: Record<string, unknown>) =>
      api(recipient, 'POST', '/v1/actions', { alertId: 'alert-darien', ...body });
    const taken = await report('iom', {
      actionId: 'iom-pre-position',
      status: 'in_progress',
      note: 'trucks loading',
    });
    expect(taken).toMatchObject({
      status: 200,
      body: { actionId: 'iom-pre-position', status: 'in_progress' },
    });
    expect(await report('iom', { actionId: 'pan-open-capacity', status: 'done' })).toMatchObject({
      status: 403,
      body: { code: 'NOT_YOUR_ACTION' },
    });
    expect(await report('ops_pan', { actionId: 'no-such-action', status: 'done' })).toMatchObject({
      status: 404,
      body: { code: 'UNKNOWN_ACTION' },
    });
    expect(await report('ops_pan', { actionId: 'pan-open-capacity', status: 'declined' })).toMatchObject({
      status: 400,
      body: { code: 'INVALID_VALUE', message: 'note: say why the action is declined (note)' },
    });
    const [{ n }] = await db.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM action_reports`,
    );
    expect(n).toBe(1);
  });

  it('escalates the action Panama left undone past its deadline along its policy, and not IOM’s, still in time', async () => {
    const escalated = await eventually(
      'the overdue action escalated to the Secretariat',
      () => notified('technical_secretariat', 'alert-darien').find((n) => n.escalation?.action !== undefined),
      20000,
    );
    expect(escalated.escalation).toMatchObject({
      of: 'ops_pan',
      step: 1,
      action: { id: 'pan-open-capacity' },
    });
    const done = await api('ops_pan', 'POST', '/v1/actions', {
      alertId: 'alert-darien',
      actionId: 'pan-open-capacity',
      status: 'done',
      note: '400 more places at Lajas Blancas',
    });
    expect(done.status).toBe(200);
    const [{ n }] = await db.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM action_escalations WHERE action_id = 'iom-pre-position'`,
    );
    expect(n).toBe(0);
  });

  it("shows the alert's timeline to those told of it: who was told, who did what, what is overdue", async () => {
    const seen = await api('ops_pan', 'GET', '/v1/alerts/alert-darien/timeline');
    expect(seen.status).toBe(200);
    const timeline: AlertTimeline = alertTimelineSchema.parse(seen.body);
    // No engine runs in this suite, so no event of the engine's own is recorded: the story starts when told.
    const kinds = timeline.entries.map((e) => `${e.kind} ${e.who}`);
    expect(kinds).toEqual(
      expect.arrayContaining([
        'notified ops_pan',
        'notified iom',
        'action-assigned ops_pan',
        'action-assigned iom',
        'action-escalated ops_pan',
        'action-reported iom',
        'action-reported ops_pan',
        'escalated ops_pan',
      ]),
    );
    expect(timeline.entries.map((e) => e.at)).toEqual([...timeline.entries.map((e) => e.at)].sort());
    expect(timeline.actions.map((a) => [a.actionId, a.status, a.overdue])).toEqual([
      ['pan-open-capacity', 'done', false],
      ['iom-pre-position', 'in_progress', false],
    ]);
    expect(await api('ops_hnd', 'GET', '/v1/alerts/alert-darien/timeline')).toMatchObject({
      status: 403,
      body: { code: 'NOT_YOUR_ALERT' },
    });
    const printed = await cli('timeline', 'alert-darien');
    expect(printed.code).toBe(0);
    expect(printed.out).toMatch(/action-reported\s+ops_pan\s+pan-open-capacity: done/);
    expect(printed.out).toContain('pan-open-capacity  ops_pan  due');
  });

  it("holds back Honduras's alert from its centre only while its silence runs, then announces the end", async () => {
    const [{ n }] = await db.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM cap_messages WHERE recipient_id = 'ops_hnd'`,
    );
    expect(n).toBe(0);
    expect(notified('ops_hnd', 'alert-honduras')).toEqual([]);
    expect(
      await api('ops_hnd', 'POST', '/v1/silences', { matchers: {}, duration: 'PT1H', comment: 'x' }),
    ).toMatchObject({ status: 400, body: { code: 'INVALID_VALUE' } });
    expect(
      await api('ops_hnd', 'POST', '/v1/silences', {
        matchers: { state: 'PAN' },
        recipients: ['ops_pan'],
        duration: 'PT1H',
        comment: 'x',
      }),
    ).toMatchObject({ status: 403, body: { code: 'NOT_YOUR_SILENCE' } });
    expect(await api('ops_pan', 'DELETE', `/v1/silences/${silenceId}`)).toMatchObject({ status: 404 });
    const listed = await api('ops_hnd', 'GET', '/v1/silences');
    expect(listed.body).toEqual([expect.objectContaining({ id: silenceId, recipients: ['ops_hnd'] })]);

    expect(await api('ops_hnd', 'DELETE', `/v1/silences/${silenceId}`)).toMatchObject({
      status: 200,
      body: { id: silenceId, endedBy: 'ops_hnd' },
    });
    await eventually('the held-back alert sent to Honduras', () =>
      notified('ops_hnd', 'alert-honduras').length > 0 ? true : undefined,
    );
    const [silence] = await db.dataSource.query<{ announced_at: Date | null }[]>(
      `SELECT announced_at FROM silences WHERE id = $1`,
      [silenceId],
    );
    expect(silence.announced_at).not.toBeNull();
    const audit = await db.dataSource.query<{ action: string; actor: string }[]>(
      `SELECT action, actor FROM dispatch_audit WHERE subject = $1 ORDER BY id`,
      [silenceId],
    );
    expect(audit).toEqual([
      { action: 'silence', actor: 'ops_hnd' },
      { action: 'silence-end', actor: 'ops_hnd' },
    ]);
  });

  it('lets an operator silence alerts for everyone, list and end the silence, from the CLI', async () => {
    const added = await cli(
      'silences',
      'add',
      '--match',
      '{"trigger":"honduras-entries-surge"}',
      '--for',
      'PT2H',
      '--by',
      'Secretariat duty officer',
      '--comment',
      'regional drill',
    );
    expect(added).toMatchObject({ code: 0, out: expect.stringContaining('for everyone') as unknown });
    const id = /silenced: (sil_\S+)/.exec(added.out)![1];
    expect((await cli('silences', 'list')).out).toContain(id);
    expect(await cli('silences', 'expire', id, '--by', 'Secretariat duty officer')).toMatchObject({
      code: 0,
    });
    expect(await cli('silences', 'expire', id, '--by', 'someone')).toMatchObject({ code: 1 });
    expect(
      await cli('silences', 'add', '--match', '{}', '--for', 'PT1H', '--by', 'x', '--comment', 'y'),
    ).toMatchObject({
      code: 1,
      out: expect.stringContaining('a silence of everything is refused') as unknown,
    });
  });

  it("takes an operator's change to a recipient at the dispatcher's next tick, audited, and refuses one that breaks routing", async () => {
    const english = join(dir, 'ops_hnd.yaml');
    writeFileSync(
      english,
      `id: ops_hnd
name: Centre HND
kind: state_operations_centre
state: HND
languages: [en]
channels: [{ type: kafka }]
escalation: [{ after: PT2S, recipient: technical_secretariat }]
`,
    );
    const set = await cli(
      'recipients',
      'set',
      english,
      '--by',
      'Secretariat duty officer',
      '--reason',
      'HND desk reads English',
    );
    expect(set).toMatchObject({
      code: 0,
      out: expect.stringContaining('recorded the definition of ops_hnd') as unknown,
    });
    expect(await cli('recipients', 'remove', 'iom', '--by', 'x', '--reason', 'y')).toMatchObject({
      code: 1,
      out: expect.stringContaining('the change to iom is refused, nothing recorded') as unknown,
    });
    expect((await cli('recipients', 'list')).out).toMatch(
      /ops_hnd\s+HND\s+\[en\]\s+kafka\s+Centre HND\s+\(changed\)/,
    );

    const heardBefore = notified('ops_hnd', 'alert-honduras').length;
    // Give the dispatcher a tick to take the change, then move the alert.
    await new Promise((r) => setTimeout(r, 1000));
    const producer = createProducer(t.kafka);
    await producer.connect();
    await producer.send({
      topic: t.topics.alerts,
      messages: [
        {
          key: honduras.alertId,
          value: JSON.stringify({
            ...honduras,
            eventId: 'alert-honduras/escalated/2023-04-01/warning',
            type: 'escalated',
            level: 'warning',
            previousLevel: 'watch',
          }),
        },
      ],
    });
    await producer.disconnect();
    const update = await eventually('the update to Honduras', () =>
      notified('ops_hnd', 'alert-honduras').slice(heardBefore).at(0),
    );
    expect(parseCap(update.alerts[0].cap).info.map((i) => i.language.slice(0, 2))).toEqual(['en']);
    const history = await cli('recipients', 'history', 'ops_hnd');
    expect(history.out).toMatch(
      /recipient-set\s+ops_hnd\s+by Secretariat duty officer: HND desk reads English/,
    );
  });

  it('lets an operator key manage the recipients over HTTP, refusing other keys and changes that break routing', async () => {
    const operator = (
      await new ApiKeysRepository().issueForOperator(db.dataSource.manager, 'Secretariat admin desk')
    ).secret;
    const admin = async (method: string, path: string, body?: unknown, key = operator) => {
      const res = await fetch(`${gateway.url}/v1/admin/recipients${path}`, {
        method,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return { status: res.status, body: await res.json() };
    };
    expect(await admin('GET', '', undefined, keys.iom)).toMatchObject({
      status: 403,
      body: { code: 'ROLE_NOT_ALLOWED' },
    });
    const unhcr = {
      id: 'unhcr',
      name: 'UNHCR Americas',
      kind: 'partner',
      languages: ['es', 'en'],
      channels: [{ type: 'kafka' }],
    };
    expect(
      await admin('PUT', '/unhcr', { definition: unhcr, reason: 'UNHCR joins the corridor watch' }),
    ).toMatchObject({
      status: 200,
      body: { id: 'unhcr', before: null },
    });
    expect(
      await admin('PUT', '/unhcr', { definition: { ...unhcr, languages: ['xx'] }, reason: 'x' }),
    ).toMatchObject({
      status: 400,
      body: { code: 'INVALID_VALUE' },
    });
    expect(await admin('PUT', '/iom', { definition: unhcr, reason: 'x' })).toMatchObject({ status: 400 });
    const refused = await admin('DELETE', '/iom?reason=closing');
    expect(refused).toMatchObject({ status: 409, body: { code: 'RECIPIENT_CHANGE_REFUSED' } });
    expect((refused.body as { message: string }).message).toContain('"iom"');
    expect(await admin('DELETE', '/nobody?reason=typo')).toMatchObject({ status: 404 });
    const listed = (await admin('GET', '')).body as { id: string; changed: boolean }[];
    expect(
      listed
        .filter((r) => r.changed)
        .map((r) => r.id)
        .sort(),
    ).toEqual(['ops_hnd', 'unhcr']);
    expect(await admin('DELETE', '/unhcr?reason=added by mistake')).toMatchObject({ status: 200 });
    const history = (await admin('GET', '/history?recipient=unhcr')).body as {
      action: string;
      actor: string;
    }[];
    expect(history.map((h) => [h.action, h.actor])).toEqual([
      ['recipient-set', 'Secretariat admin desk'],
      ['recipient-remove', 'Secretariat admin desk'],
    ]);
  });

  it('shows operators the dead-lettered notifications over HTTP and re-drives them, audited', async () => {
    const operator = (await new ApiKeysRepository().issueForOperator(db.dataSource.manager, 'Delivery desk'))
      .secret;
    const admin = async (method: string, path: string, body?: unknown, key = operator) => {
      const res = await fetch(`${gateway.url}/v1/admin/notifications${path}`, {
        method,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return { status: res.status, body: await res.json() };
    };
    // An email that ran out of attempts (this suite has no SMTP server, so nothing would send it again).
    await db.dataSource.query(
      `INSERT INTO notifications (id, recipient_id, channel, alert_id, event_id, body, status, attempts, last_error, created_at, next_attempt_at)
       VALUES ('ntf_dead', 'iom', 'email', 'alert-darien', 'e', '{}', 'dead_lettered', 8, '550 mailbox unavailable', now(), now())`,
    );
    expect(await admin('GET', '/dead', undefined, keys.iom)).toMatchObject({ status: 403 });
    expect(await admin('GET', '/dead?recipient=iom')).toMatchObject({
      status: 200,
      body: [
        {
          id: 'ntf_dead',
          channel: 'email',
          recipientId: 'iom',
          attempts: 8,
          lastError: '550 mailbox unavailable',
        },
      ],
    });
    expect(await admin('POST', '/redrive', { ids: ['ntf_dead'] })).toMatchObject({ status: 400 });
    expect(
      await admin('POST', '/redrive', { ids: ['ntf_dead', 'ntf_nothing'], reason: 'IOM fixed its mailbox' }),
    ).toMatchObject({ status: 200, body: { redriven: ['ntf_dead/email'], left: ['ntf_nothing'] } });
    expect(await admin('GET', '/dead')).toMatchObject({ status: 200, body: [] });
    const [audit] = await db.dataSource.query<{ actor: string; detail: { reason: string } }[]>(
      `SELECT actor, detail FROM dispatch_audit WHERE action = 'redrive' AND subject = 'ntf_dead/email'`,
    );
    expect(audit).toEqual({ actor: 'Delivery desk', detail: { reason: 'IOM fixed its mailbox' } });
  });
});
