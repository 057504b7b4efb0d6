import { execFile } from 'node:child_process';
import { parseCap } from '@atalaya/cap';
import { notificationSchema, type Rejection, type SignalInput } from '@atalaya/contracts';
import {
  agencyPrincipal,
  createKafka,
  createProducer,
  recipientPrincipal,
  servicePrincipal,
  type KafkaConnection,
} from '@atalaya/messaging';
import {
  eventually,
  panamaCentre,
  readMessages,
  runCli,
  signalMessages,
  startSecuredPipeline,
  writeRoutingFixture,
  type OwnKafka,
  type SecuredPipeline,
  type SuiteDatabase,
  type TestKafka,
} from '@atalaya/testing';
import { Kafka, logLevel } from 'kafkajs';
import pino from 'pino';
import { capAckXml } from '../libs/cap/src/testing/cap.fixtures';

/** A client that gives up at once: a refusal must show as an error, not as minutes of retries. */
function client(connection: KafkaConnection): Kafka {
  return createKafka(connection, 'security-e2e', pino({ level: 'silent' }));
}

/** The message of the error `attempt` fails with; fails the test if it succeeds. */
async function refusal(attempt: () => Promise<unknown>): Promise<string> {
  try {
    await attempt();
  } catch (e) {
    return `${(e as Error).name}: ${(e as Error).message}`;
  }
  throw new Error('the broker allowed what it should have refused');
}

/** kcat with a configuration file, its stdout and stderr together, whatever its exit code. */
function kcat(config: string, args: readonly string[], input?: string): Promise<string> {
  return new Promise((done) => {
    const child = execFile('kcat', ['-F', config, ...args], { timeout: 15_000 }, (_e, stdout, stderr) =>
      done(`${stdout}${stderr}`),
    );
    if (input !== undefined) child.stdin?.end(input);
  });
}

/**
 * The broker secured as docs/security.md says (SASL/SCRAM-SHA-512, ACLs from the access plan, TLS with the
 * run's own CA for agencies and partners), with every service running as its own principal: the whole
 * path from an agency's signal to a recipient's acknowledgement works, and every principal is refused what
 * the plan does not give it, through kafkajs and through kcat over SASL_SSL.
 */
describe('the secured broker: each principal may do what the access plan gives it, and nothing else', () => {
  let broker: OwnKafka;
  let t: TestKafka;
  let db: SuiteDatabase;
  let pipeline: SecuredPipeline | undefined;
  let acls: string;
  const run = Date.now().toString(36);

  const signal = (month: string, value: number): SignalInput => ({
    signalId: `security-${run}-${month}`,
    reporter: 'PAN',
    indicator: 'irregular_crossings',
    location: { country: 'PAN', place: 'darien' },
    period: { start: `${month}-01`, end: `${month}-28` },
    value,
  });
  const agency = (reporter: string) => client(broker.connection(agencyPrincipal(reporter), { tls: true }));
  const recipient = (id: string) => client(broker.connection(recipientPrincipal(id), { tls: true }));

  beforeAll(async () => {
    pipeline = await startSecuredPipeline(
      'security',
      writeRoutingFixture('security', {
        recipients: [panamaCentre()],
        routes: [{ id: 'state-pan', match: { state: 'PAN' }, receivers: ['ops_pan'] }],
      }),
    );
    ({ broker, t, db, acls } = pipeline);
  });

  afterAll(async () => {
    await pipeline?.stop();
  });

  it('applies the access plan once: a second run changes nothing', async () => {
    expect(acls).toMatch(/^kafka acls: \d+ in the plan, \d+ created, 0 removed/);
    const again = await runCli(
      { ...broker.principalEnv('admin'), ATALAYA_TOPIC_PREFIX: t.prefix },
      'kafka',
      'acls',
    );
    expect(again.stdout).toMatch(/, 0 created, 0 removed/);
  });

  it('carries an agency’s signal over TLS to an alert its operations centre reads and acknowledges', async () => {
    const producer = createProducer(agency('PAN'));
    await producer.connect();
    await producer.send({
      topic: t.topics.signals('PAN'),
      acks: -1,
      messages: signalMessages([signal('2023-01', 3000), signal('2023-02', 30000)]),
    });
    await producer.disconnect();

    const centre = recipient('ops_pan');
    const [message] = await readMessages(
      centre,
      t.topics.notify('ops_pan'),
      (seen) => seen.length >= 1,
      recipientPrincipal('ops_pan'),
    );
    const notification = notificationSchema.parse(JSON.parse(message.value?.toString() ?? ''));
    const cap = parseCap(notification.alerts[0].cap);
    expect(cap.sender).toBeTruthy();

    const acks = createProducer(centre);
    await acks.connect();
    await acks.send({
      topic: t.topics.acks('ops_pan'),
      messages: [
        {
          value: capAckXml({
            identifier: `SNM-ack-${run}`,
            sender: 'duty@migracion.gob.pa',
            sent: '2023-03-01T08:30:00-05:00',
            references: [`${cap.sender},${cap.identifier},${cap.sent}`],
          }),
        },
      ],
    });
    await acks.disconnect();
    const acked = await eventually('Panama’s acknowledgement recorded', async () => {
      const rows = await db.dataSource.query<{ recipient_id: string }[]>(
        `SELECT recipient_id FROM acknowledgements`,
      );
      return rows.length > 0 ? rows : undefined;
    });
    expect(acked).toEqual([{ recipient_id: 'ops_pan' }]);
  });

  it('gives an agency its own rejections, and them alone', async () => {
    const producer = createProducer(agency('PAN'));
    await producer.connect();
    await producer.send({ topic: t.topics.signals('PAN'), acks: -1, messages: [{ value: 'not json' }] });
    await producer.disconnect();
    const [own] = await readMessages(
      agency('PAN'),
      t.topics.rejections('PAN'),
      (seen) => seen.length >= 1,
      agencyPrincipal('PAN'),
    );
    expect((JSON.parse(own.value?.toString() ?? '') as Rejection).code).toBe('NOT_JSON');

    const mexico = agency('MEX').consumer({ groupId: `${agencyPrincipal('MEX')}-${run}` });
    await mexico.connect();
    try {
      expect(
        await refusal(() => mexico.subscribe({ topics: [t.topics.rejections('PAN')], fromBeginning: true })),
      ).toMatch(/Not authorized to access topics/);
    } finally {
      await mexico.disconnect();
    }
  });

  it('refuses an agency’s producer on another state’s topic, and takes it on its own', async () => {
    const producer = agency('MEX').producer({ retry: { retries: 0 }, allowAutoTopicCreation: false });
    await producer.connect();
    try {
      expect(
        await refusal(() => producer.send({ topic: t.topics.signals('PAN'), messages: [{ value: '{}' }] })),
      ).toMatch(/Not authorized to access topics/);
      await expect(
        producer.send({ topic: t.topics.signals('MEX'), messages: [{ value: '{}' }] }),
      ).resolves.toHaveLength(1);
    } finally {
      await producer.disconnect();
    }
  });

  it('refuses a recipient another’s notifications and acknowledgements for another', async () => {
    const mexico = recipient('ops_mex');
    const consumer = mexico.consumer({ groupId: `${recipientPrincipal('ops_mex')}-${run}` });
    await consumer.connect();
    const producer = mexico.producer({ retry: { retries: 0 } });
    await producer.connect();
    try {
      expect(
        await refusal(() =>
          consumer.subscribe({ topics: [t.topics.notify('ops_pan')], fromBeginning: true }),
        ),
      ).toMatch(/Not authorized to access topics/);
      expect(
        await refusal(() =>
          producer.send({ topic: t.topics.acks('ops_pan'), messages: [{ value: '<a/>' }] }),
        ),
      ).toMatch(/Not authorized to access topics/);
    } finally {
      await Promise.all([consumer.disconnect(), producer.disconnect()]);
    }
  });

  it('gives each service only what it needs', async () => {
    const as = async (service: string, topic: string) => {
      const producer = client(broker.connection(servicePrincipal(service))).producer({
        retry: { retries: 0 },
      });
      await producer.connect();
      try {
        return await refusal(() => producer.send({ topic, messages: [{ value: '{}' }] }));
      } finally {
        await producer.disconnect();
      }
    };
    expect(await as('engine', t.topics.signals('PAN'))).toMatch(/Not authorized/);
    expect(await as('ingest', t.topics.alerts)).toMatch(/Not authorized/);
    expect(await as('dispatcher', t.topics.observations)).toMatch(/Not authorized/);
    expect(await as('gateway', t.topics.notify('ops_pan'))).toMatch(/Not authorized/);
  });

  it('refuses a wrong password and a client without credentials', async () => {
    const wrong = client(
      broker.connection(agencyPrincipal('PAN'), { tls: true, password: 'guessed' }),
    ).admin();
    expect(await refusal(() => wrong.connect())).toMatch(/SASL SCRAM SHA512 authentication failed/);
    const anonymous = new Kafka({
      clientId: 'anonymous',
      brokers: broker.brokers.split(','),
      logLevel: logLevel.NOTHING,
      retry: { retries: 0 },
    }).admin();
    expect(await refusal(() => anonymous.connect().then(() => anonymous.listTopics()))).toMatch(
      /Closed connection/,
    );
  });

  it('does the same with kcat over SASL_SSL, with the configuration files kafka.sh wrote', async () => {
    const mexico = broker.kcatConfig(agencyPrincipal('MEX'));
    expect(await kcat(mexico, ['-P', '-t', t.topics.signals('MEX')], '{"from":"kcat"}\n')).not.toMatch(
      /failed/i,
    );
    expect(await kcat(mexico, ['-P', '-t', t.topics.signals('PAN')], '{"from":"kcat"}\n')).toMatch(
      /Topic authorization failed/,
    );
    const centre = broker.kcatConfig(recipientPrincipal('ops_mex'));
    expect(await kcat(centre, ['-C', '-t', t.topics.notify('ops_pan'), '-e'])).toMatch(
      /Topic authorization failed/,
    );
    expect(await kcat(centre, ['-C', '-t', t.topics.notify('ops_mex'), '-e'])).toMatch(
      /Reached end of topic/,
    );
    expect(await kcat(centre, ['-G', 'someone-else', t.topics.notify('ops_mex'), '-e'])).toMatch(
      /Group authorization failed/,
    );
  });
});
