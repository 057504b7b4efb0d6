import { readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { parseCap } from '@atalaya/cap';
import { notificationSchema, type AlertEvent, type Notification } from '@atalaya/contracts';
import { createProducer } from '@atalaya/messaging';
import { ApiKeysRepository } from '@atalaya/persistence';
import {
  databaseForSuite,
  eventually,
  kafkaForSuite,
  readMessages,
  repoRoot,
  runCli,
  serviceEnv,
  startServiceProcess,
  type ServiceProcess,
  type SuiteDatabase,
  type TestKafka,
  iomOffice,
  panamaCentre,
  writeRoutingFixture,
} from '@atalaya/testing';
import { SMTPServer } from 'smtp-server';
import { Webhook } from 'standardwebhooks';
import { header, leaves, readMime } from '../apps/dispatcher/src/channels/email/testing/mime.reader';
import { darienEvent } from '../libs/cap/src/testing/cap.fixtures';
import { CAP_XSD_FROM_REPO_ROOT, schemaErrors } from '../libs/cap/src/testing/cap.schema-validator';

const SECRET = `whsec_${Buffer.from('p'.repeat(32)).toString('base64')}`;
const xsd = {
  fileName: 'CAP-v1.2.xsd',
  contents: readFileSync(resolve(repoRoot(), CAP_XSD_FROM_REPO_ROOT), 'utf8'),
};

/** An alert event as the engine publishes it, for this suite's alerts. */
const alertEvent = (over: Partial<AlertEvent> & Pick<AlertEvent, 'alertId' | 'seriesKey'>): AlertEvent =>
  darienEvent({ eventId: `${over.alertId}/firing/2023-03-01/watch`, ...over });

const darien = alertEvent({ alertId: 'alert-darien', seriesKey: 'PAN/irregular_crossings/PAN/-/darien' });
const honduras = alertEvent({
  alertId: 'alert-honduras',
  seriesKey: 'HND/irregular_entries/HND/-/-',
  eventId: 'alert-honduras/firing/2023-03-01/watch',
  trigger: { id: 'honduras-entries-surge', version: 2, title: 'Honduras entries surge' },
});
const corridor = alertEvent({
  alertId: 'alert-corridor',
  seriesKey: 'corridor/darien_north',
  eventId: 'alert-corridor/firing/2023-03-01/watch',
  trigger: { id: 'darien-north-corridor', version: 1, title: 'Darién north corridor' },
});
const shadow = alertEvent({
  alertId: 'alert-shadow',
  seriesKey: 'PAN/arrivals_transit/PAN/-/lajas_blancas',
  eventId: 'alert-shadow/firing/2023-03-01/watch',
  trigger: { id: 'transit-arrivals-surge', version: 1, title: 'Transit arrivals surge' },
  shadow: true,
});

/** The recipients and routes of this suite: Panama's centre on a webhook, IOM and the Secretariat on Kafka. */
function routingFixture(receiverUrl: string) {
  const escalation = [{ after: 'PT3S', recipient: 'technical_secretariat' }];
  return writeRoutingFixture('dispatch', {
    recipients: [
      panamaCentre({
        channels: [
          { type: 'kafka' },
          { type: 'webhook', url: `${receiverUrl}/pan`, secrets: ['DISPATCH_TEST_SECRET_PAN'] },
          { type: 'email', to: ['operaciones@pan.test'] },
        ],
        escalation,
      }),
      iomOffice({ escalation }),
    ],
    routes: [
      { id: 'state-pan', match: { state: 'PAN' }, receivers: ['ops_pan'], continue: true },
      { id: 'iom-corridor', match: { kind: 'corridor' }, receivers: ['iom'] },
    ],
    responses: `responses:
  darien-crossings-surge:
    watch:
      - id: pan-snm-reception-readiness
        organisation: ops_pan
        deadline: PT72H
        description:
          es: Revisar la capacidad de las estaciones de recepción migratoria.
          en: Review the capacity of the migrant reception stations.
`,
  });
}

interface Delivery {
  readonly id: string;
  readonly body: string;
  readonly verified: boolean;
}

describe('the dispatcher delivers routed alerts by webhook and Kafka, signed, with CAP, surviving a crash', () => {
  let t: TestKafka;
  let db: SuiteDatabase;
  let env: NodeJS.ProcessEnv;
  let dispatcher: ServiceProcess;
  let gateway: ServiceProcess;
  let iomKey: string;
  const acks: { alertId: string; status: number; body: { code?: string; already?: boolean } }[] = [];
  let server: Server;
  let dir: string;
  const deliveries: Delivery[] = [];
  const mails: Buffer[] = [];
  const smtp = new SMTPServer({
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData: (stream, _session, callback) => {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        mails.push(Buffer.concat(chunks));
        callback(null);
      });
    },
  });
  const failuresLeft = new Map<string, number>();

  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString();
        const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
        let verified = true;
        try {
          new Webhook(SECRET).verify(body, headers);
        } catch {
          verified = false;
        }
        const id = headers['webhook-id'];
        deliveries.push({ id, body, verified });
        if (!failuresLeft.has(id)) failuresLeft.set(id, deliveries.length === 1 ? 2 : 0);
        const left = failuresLeft.get(id)!;
        failuresLeft.set(id, left - 1);
        res.writeHead(left > 0 ? 500 : 204).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const routing = routingFixture(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    dir = routing.dir;
    await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', r));
    [t, db] = await Promise.all([kafkaForSuite('dispatch'), databaseForSuite('dispatch')]);
    env = {
      ...serviceEnv(t, db.url),
      ...routing.env,
      DISPATCH_TEST_SECRET_PAN: SECRET,
      ATALAYA_RETRY_INITIAL_MS: '300',
      ATALAYA_RETRY_MAX_MS: '1000',
      ATALAYA_DISPATCH_TICK_MS: '200',
      // A delivery in hand when the dispatcher is killed is leased for a few timeouts: seconds here.
      ATALAYA_DELIVERY_TIMEOUT_MS: '1000',
      ATALAYA_SMTP_URL: `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`,
      ATALAYA_EMAIL_FROM: 'Atalaya <alerts@atalaya.test>',
    };
    [dispatcher, gateway] = await Promise.all([
      startServiceProcess('dispatcher', env),
      startServiceProcess('gateway', env),
    ]);
    iomKey = (await new ApiKeysRepository().issueForRecipient(db.dataSource.manager, 'iom', 'IOM duty desk'))
      .secret;
    const producer = createProducer(t.kafka);
    await producer.connect();
    await producer.send({
      topic: t.topics.alerts,
      messages: [darien, honduras, corridor, shadow].map((e) => ({
        key: e.alertId,
        value: JSON.stringify(e),
      })),
    });
    await producer.disconnect();
    // Killed while the first webhook is still being retried; the delivery log and the routing state are
    // in PostgreSQL, so the restarted dispatcher picks up where it stood.
    await eventually('the first failed webhook attempt', () => (deliveries.length >= 1 ? true : undefined));
    await eventually('IOM notified of the corridor alert', async () => {
      const [{ n }] = await db.dataSource.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM cap_messages WHERE recipient_id = 'iom' AND alert_id = 'alert-corridor'`,
      );
      return n > 0 ? true : undefined;
    });
    await dispatcher.kill();
    // While the dispatcher is down, IOM answers through the gateway: its own alert, someone else's, again.
    for (const alertId of ['alert-corridor', 'alert-darien', 'alert-corridor']) {
      const res = await fetch(`${gateway.url}/v1/acks`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${iomKey}` },
        body: JSON.stringify({ alertId, note: 'assistance pre-positioned at Lajas Blancas' }),
      });
      acks.push({
        alertId,
        status: res.status,
        body: (await res.json()) as { code?: string; already?: boolean },
      });
    }
    dispatcher = await startServiceProcess('dispatcher', env);
  });

  afterAll(async () => {
    await Promise.all([dispatcher?.stop(), gateway?.stop()]);
    await new Promise((r) => server?.close(r));
    await new Promise<void>((r) => smtp.close(() => r()));
    await db?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  const onTopic = async (recipient: string, count: number): Promise<Notification[]> => {
    const messages = await readMessages(t.kafka, t.topics.notify(recipient), (seen) => seen.length >= count);
    await new Promise((r) => setTimeout(r, 500));
    // At least once: the relay may publish a row again after a crash; a recipient keeps one per id.
    const byId = new Map<string, { notification: Notification; body: string }>();
    for (const m of messages) {
      const body = m.value?.toString() ?? '';
      const notification = notificationSchema.parse(JSON.parse(body));
      const seen = byId.get(notification.notificationId);
      if (seen && seen.body !== body) throw new Error(`two bodies under ${notification.notificationId}`);
      byId.set(notification.notificationId, { notification, body });
    }
    return [...byId.values()].map((v) => v.notification);
  };

  it('routes each alert only to the recipients whose routes match it, and never a shadow event', async () => {
    const pan = await onTopic('ops_pan', 2);
    const iom = await onTopic('iom', 1);
    const secretariat = await onTopic('technical_secretariat', 1);
    const alerts = (ns: Notification[]) =>
      ns
        .filter((n) => n.reason !== 'escalation')
        .flatMap((n) => n.alerts.map((a) => a.event.alertId))
        .sort();
    expect(alerts(pan)).toEqual(['alert-corridor', 'alert-darien']);
    expect(alerts(iom)).toEqual(['alert-corridor']);
    expect(alerts(secretariat)).toEqual(['alert-honduras']);
  });

  it('delivers the webhook signed, retried after 500s and a crash, always under one id with one body', async () => {
    const delivered = await eventually(
      'both webhooks delivered',
      async () => {
        const [{ n }] = await db.dataSource.query<{ n: number }[]>(
          `SELECT count(*)::int AS n FROM notifications WHERE channel = 'webhook' AND status = 'delivered'`,
        );
        return n === 2 ? n : undefined;
      },
      60000,
    );
    expect(delivered).toBe(2);
    expect(deliveries.every((d) => d.verified)).toBe(true);
    const ids = [...new Set(deliveries.map((d) => d.id))];
    expect(ids).toHaveLength(2);
    for (const id of ids) {
      expect(new Set(deliveries.filter((d) => d.id === id).map((d) => d.body)).size).toBe(1);
    }
    expect(deliveries.filter((d) => d.id === deliveries[0].id).length).toBeGreaterThanOrEqual(3);
    const attempts = await db.dataSource.query<{ outcome: string; http_status: number }[]>(
      `SELECT outcome, http_status FROM delivery_attempts WHERE notification_id = $1 ORDER BY attempt`,
      [deliveries[0].id],
    );
    expect(attempts.at(-1)).toEqual({ outcome: 'delivered', http_status: 204 });
    expect(attempts.filter((a) => a.http_status === 500).length).toBeGreaterThanOrEqual(1);
  });

  it('carries the actions assigned to the recipient, and CAP documents that validate and parse back', async () => {
    const notifications = deliveries.map((d) => notificationSchema.parse(JSON.parse(d.body)));
    const firstDarien = notifications.find((n) => n.alerts.some((a) => a.event.alertId === 'alert-darien'))!;
    const alert = firstDarien.alerts[0];
    expect(alert.actions).toEqual([
      expect.objectContaining({
        id: 'pan-snm-reception-readiness',
        organisation: 'ops_pan',
        description: 'Revisar la capacidad de las estaciones de recepción migratoria.',
      }),
    ]);
    const caps = notifications.flatMap((n) => n.alerts.map((a) => a.cap));
    expect(await schemaErrors(xsd, caps)).toEqual([]);
    for (const n of notifications) {
      for (const a of n.alerts) {
        const cap = parseCap(a.cap);
        expect(cap.msgType).toBe('Alert');
        expect(cap.info.map((i) => i.language)).toHaveLength(2);
      }
    }
  });

  it('takes a recipient’s acknowledgement of its own alert only, and once', () => {
    expect(acks.map((a) => [a.alertId, a.status, a.body.code ?? a.body.already])).toEqual([
      ['alert-corridor', 200, false],
      ['alert-darien', 403, 'NOT_YOUR_ALERT'],
      ['alert-corridor', 200, true],
    ]);
  });

  it('escalates what a recipient leaves unanswered, and not what another acknowledged', async () => {
    const secretariat = await eventually(
      'the escalations of Panama’s unanswered alerts',
      async () => {
        const ns = await onTopic('technical_secretariat', 1);
        const escalated = ns.filter((n) => n.reason === 'escalation');
        return escalated.length >= 2 ? escalated : undefined;
      },
      40000,
    );
    await new Promise((r) => setTimeout(r, 4000));
    const all = (await onTopic('technical_secretariat', 1)).filter((n) => n.reason === 'escalation');
    expect(all.map((n) => [n.escalation?.of, n.alerts[0].event.alertId]).sort()).toEqual([
      ['ops_pan', 'alert-corridor'],
      ['ops_pan', 'alert-darien'],
    ]);
    expect(secretariat[0].escalation).toMatchObject({ step: 1, after: 'PT3S' });
    const [{ n }] = await db.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM escalations WHERE recipient_id = 'iom'`,
    );
    expect(n).toBe(0);
  });

  it('records an acknowledgement an operator takes by phone, through the CLI, for that recipient only', async () => {
    const cli = (...args: string[]) => runCli(env, ...args).then(({ code, out }) => ({ code, out }));
    const taken = await cli(
      'ack',
      'alert-darien',
      '--recipient',
      'ops_pan',
      '--by',
      'duty officer, by phone',
    );
    expect(taken).toEqual({
      code: 0,
      out: expect.stringContaining('ops_pan acknowledged alert-darien at') as unknown,
    });
    const refused = await cli('ack', 'alert-darien', '--recipient', 'iom', '--by', 'someone');
    expect(refused).toEqual({
      code: 1,
      out: 'ack: iom was never notified of alert alert-darien; nothing recorded\n',
    });
    const [audit] = await db.dataSource.query<{ actor: string; detail: { via: string } }[]>(
      `SELECT actor, detail FROM dispatch_audit WHERE action = 'acknowledge' AND subject = 'alert-darien'`,
    );
    expect(audit).toEqual({ actor: 'ops_pan (duty officer, by phone)', detail: { via: 'cli', note: null } });
  });

  it('emails the same notifications to Panama in Spanish, once per Message-ID, with each CAP document attached', async () => {
    const webhookIds = [...new Set(deliveries.map((d) => d.id))].sort();
    const inbox = await eventually(
      'both emails',
      () => {
        const byId = new Map(mails.map(readMime).map((m) => [header(m, 'x-atalaya-notification') ?? '', m]));
        return byId.size >= 2 ? byId : undefined;
      },
      60000,
    );
    expect([...inbox.keys()].sort()).toEqual(webhookIds);
    for (const [id, mail] of inbox) {
      expect(header(mail, 'to')).toBe('operaciones@pan.test');
      expect(header(mail, 'content-language')).toMatch(/^es/);
      const notification = notificationSchema.parse(JSON.parse(deliveries.find((d) => d.id === id)!.body));
      const attached = leaves(mail)
        .filter((p) => p.contentType.startsWith('application/xml'))
        .map((p) => p.body.toString());
      expect(attached).toEqual(notification.alerts.map((a) => a.cap));
    }
  });
});
