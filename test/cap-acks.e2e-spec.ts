import { rmSync } from 'node:fs';
import { parseCap } from '@atalaya/cap';
import { DEAD_LETTER_HEADERS, notificationSchema, type Notification } from '@atalaya/contracts';
import { createProducer } from '@atalaya/messaging';
import {
  databaseForSuite,
  eventually,
  kafkaForSuite,
  metricValue,
  readMessages,
  serviceEnv,
  startServiceProcess,
  type ServiceProcess,
  type SuiteDatabase,
  type TestKafka,
  iomOffice,
  panamaCentre,
  writeRoutingFixture,
} from '@atalaya/testing';
import { capAckXml, darienEvent } from '../libs/cap/src/testing/cap.fixtures';

const ALERT = 'alert-darien';
const IOM_DUTY = 'duty@iom.int';

/** Panama's centre and IOM both hear of Panama's alerts, and both escalate to the Secretariat after 8 s. */
function routingFixture() {
  const escalation = [{ after: 'PT8S', recipient: 'technical_secretariat' }];
  return writeRoutingFixture('cap-acks', {
    recipients: [
      panamaCentre({ languages: ['es'], escalation }),
      iomOffice({ languages: ['en'], escalation }),
    ],
    routes: [
      { id: 'state-pan', match: { state: 'PAN' }, receivers: ['ops_pan'], continue: true },
      { id: 'iom-pan', match: { state: 'PAN' }, receivers: ['iom'] },
    ],
  });
}

/** The CAP message of the first notification on a recipient's topic, as an Ack references it. */
async function firstCap(t: TestKafka, recipientId: string): Promise<string> {
  const [message] = await readMessages(t.kafka, t.topics.notify(recipientId), (seen) => seen.length >= 1);
  const notification: Notification = notificationSchema.parse(JSON.parse(message.value?.toString() ?? ''));
  const cap = parseCap(notification.alerts[0].cap);
  return `${cap.sender},${cap.identifier},${cap.sent}`;
}

describe('a recipient acknowledges with a CAP Ack on its own topic, and only its own alerts', () => {
  let t: TestKafka;
  let db: SuiteDatabase;
  let dispatcher: ServiceProcess;
  let dir: string;
  let iomMessage: string;
  let panMessage: string;

  beforeAll(async () => {
    const routing = routingFixture();
    dir = routing.dir;
    [t, db] = await Promise.all([kafkaForSuite('capacks'), databaseForSuite('capacks')]);
    dispatcher = await startServiceProcess('dispatcher', {
      ...serviceEnv(t, db.url),
      ...routing.env,
      ATALAYA_DISPATCH_TICK_MS: '200',
    });
    const producer = createProducer(t.kafka);
    await producer.connect();
    const event = darienEvent({ alertId: ALERT, eventId: `${ALERT}/firing/2023-03-01/watch` });
    await producer.send({
      topic: t.topics.alerts,
      messages: [{ key: ALERT, value: JSON.stringify(event) }],
    });
    [iomMessage, panMessage] = await Promise.all([firstCap(t, 'iom'), firstCap(t, 'ops_pan')]);
    const ack = (identifier: string, references: string[]) => ({
      value: capAckXml({
        identifier,
        sender: IOM_DUTY,
        sent: '2023-03-01T08:30:00-05:00',
        references,
        note: 'Assistance pre-positioned at Lajas Blancas',
      }),
    });
    // One batch: garbage, an Ack of Panama's message sent on IOM's topic, IOM's own Ack, and that Ack again.
    await producer.send({
      topic: t.topics.acks('iom'),
      messages: [
        { value: '{"ack": "alert-darien"}' },
        ack('IOM-ack-foreign', [panMessage]),
        ack('IOM-ack-1', [iomMessage]),
        ack('IOM-ack-1', [iomMessage]),
      ],
    });
    await producer.disconnect();
  });

  afterAll(async () => {
    await dispatcher?.stop();
    await db?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('records IOM’s Ack of its own message once, with its sender, note and the Ack in the audit', async () => {
    const rows = await eventually('IOM’s acknowledgement', async () => {
      const found = await db.dataSource.query<
        { recipient_id: string; alert_id: string; via: string; acknowledged_by: string; note: string }[]
      >(`SELECT recipient_id, alert_id, via, acknowledged_by, note FROM acknowledgements`);
      return found.length > 0 ? found : undefined;
    });
    expect(rows).toEqual([
      {
        recipient_id: 'iom',
        alert_id: ALERT,
        via: 'cap',
        acknowledged_by: IOM_DUTY,
        note: 'Assistance pre-positioned at Lajas Blancas',
      },
    ]);
    const audit = await db.dataSource.query<{ actor: string; detail: unknown }[]>(
      `SELECT actor, detail FROM dispatch_audit WHERE action = 'acknowledge'`,
    );
    expect(audit).toEqual([
      {
        actor: `iom (${IOM_DUTY})`,
        detail: {
          via: 'cap',
          note: 'Assistance pre-positioned at Lajas Blancas',
          capAck: `${IOM_DUTY},IOM-ack-1,2023-03-01T08:30:00-05:00`,
        },
      },
    ]);
  });

  it('sets the garbage and the foreign reference aside on the dead-letter topic, each with its reason', async () => {
    const dead = await readMessages(t.kafka, t.topics.deadLetter(t.topics.acks('iom')), (s) => s.length >= 2);
    await new Promise((r) => setTimeout(r, 500));
    const again = await readMessages(
      t.kafka,
      t.topics.deadLetter(t.topics.acks('iom')),
      (s) => s.length >= 2,
    );
    expect(again).toHaveLength(2);
    expect(dead.map((m) => m.headers?.[DEAD_LETTER_HEADERS.error]?.toString())).toEqual([
      expect.stringMatching(
        /^PoisonMessageError: not a CAP Ack, nothing recorded: CAP document refused \(not-xml\): /,
      ) as unknown,
      `PoisonMessageError: CAP Ack IOM-ack-foreign of ${IOM_DUTY} refused, nothing recorded: ` +
        `/alert/references entry "${panMessage}" names no message Atalaya sent to iom: ` +
        'acknowledge a message on the acks topic of the recipient it was sent to',
    ]);
    expect(dead[0].value?.toString()).toBe('{"ack": "alert-darien"}');
  });

  it('stops IOM’s escalation, while Panama’s, which nobody acknowledged for it, goes on', async () => {
    const escalated = await eventually(
      'Panama’s unanswered alert escalated',
      async () => {
        const rows = await db.dataSource.query<{ recipient_id: string; target: string }[]>(
          `SELECT recipient_id, target FROM escalations`,
        );
        return rows.length > 0 ? rows : undefined;
      },
      40000,
    );
    // Well past IOM's own 8 s: had its Ack not counted, its step would have been taken by now as well.
    await new Promise((r) => setTimeout(r, 3000));
    const rows = await db.dataSource.query<{ recipient_id: string; target: string }[]>(
      `SELECT recipient_id, target FROM escalations`,
    );
    expect(rows).toEqual([{ recipient_id: 'ops_pan', target: 'technical_secretariat' }]);
    expect(escalated).toEqual(rows);
    const [{ n }] = await db.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM acknowledgements WHERE recipient_id = 'ops_pan'`,
    );
    expect(n).toBe(0);
  });

  it('counts every Ack: acknowledged + already + dead-lettered = sent', async () => {
    const text = await dispatcher.metrics();
    const topic = t.topics.acks('iom');
    expect({
      acknowledged: metricValue(text, 'atalaya_acknowledgements_total', {
        via: 'cap',
        outcome: 'acknowledged',
      }),
      already: metricValue(text, 'atalaya_acknowledgements_total', { via: 'cap', outcome: 'already' }),
      deadLettered: metricValue(text, 'atalaya_dead_letters_total', { topic }),
      consumed: metricValue(text, 'atalaya_messages_consumed_total', { topic }),
    }).toEqual({ acknowledged: 1, already: 1, deadLettered: 2, consumed: 4 });
  });
});
