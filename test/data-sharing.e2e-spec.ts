import { readFileSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseCap } from '@atalaya/cap';
import { notificationSchema, type AlertEvent, type Notification } from '@atalaya/contracts';
import { createProducer } from '@atalaya/messaging';
import {
  databaseForSuite,
  iomOffice,
  kafkaForSuite,
  readMessages,
  repoRoot,
  runCli,
  serviceEnv,
  startServiceProcess,
  writeRoutingFixture,
  type ServiceProcess,
  type SuiteDatabase,
  type TestKafka,
} from '@atalaya/testing';
import { darienEvent } from '../libs/cap/src/testing/cap.fixtures';
import { CAP_XSD_FROM_REPO_ROOT, schemaErrors } from '../libs/cap/src/testing/cap.schema-validator';

const xsd = {
  fileName: 'CAP-v1.2.xsd',
  contents: readFileSync(resolve(repoRoot(), CAP_XSD_FROM_REPO_ROOT), 'utf8'),
};

/** A Darién alert on Panama's place-level series, as the engine publishes it. */
const darien: AlertEvent = darienEvent({
  alertId: 'alert-shared-darien',
  eventId: 'alert-shared-darien/firing/2023-03-01/watch',
  seriesKey: 'PAN/irregular_crossings/PAN/-/darien',
});

/**
 * Two recipients with different rights under Panama's sharing policy (deploy/catalogue/sharing.yaml) receive
 * the same alert through the real dispatcher: Honduras' operations centre, one of Panama's neighbours on the
 * corridor, sees the Darién's place-level figure; IOM, a partner entitled to admin-1 aggregates, gets the
 * alert and the trigger's reasoning without it, in the JSON and in the CAP document alike. Panama lists who
 * read its figures.
 */
describe('data sharing: one alert as two recipients with different rights receive it', () => {
  let t: TestKafka;
  let db: SuiteDatabase;
  let dispatcher: ServiceProcess;
  let dir: string;
  const received = new Map<string, Notification>();

  beforeAll(async () => {
    const routing = writeRoutingFixture('sharing', {
      recipients: [
        {
          id: 'ops_hnd',
          name: 'Instituto Nacional de Migración de Honduras',
          kind: 'state_operations_centre',
          state: 'HND',
          languages: ['es', 'en'],
          channels: [{ type: 'kafka' }],
        },
        iomOffice(),
      ],
      routes: [{ id: 'darien', match: { state: 'PAN' }, receivers: ['ops_hnd', 'iom'] }],
    });
    dir = routing.dir;
    [t, db] = await Promise.all([kafkaForSuite('sharing'), databaseForSuite('data_sharing')]);
    dispatcher = await startServiceProcess('dispatcher', {
      ...serviceEnv(t, db.url),
      ...routing.env,
      ATALAYA_DISPATCH_TICK_MS: '200',
    });
    const producer = createProducer(t.kafka);
    await producer.connect();
    await producer.send({
      topic: t.topics.alerts,
      messages: [{ key: darien.alertId, value: JSON.stringify(darien) }],
    });
    await producer.disconnect();
    for (const recipient of ['ops_hnd', 'iom']) {
      const [message] = await readMessages(t.kafka, t.topics.notify(recipient), (seen) => seen.length >= 1);
      received.set(recipient, notificationSchema.parse(JSON.parse(String(message.value))));
    }
  });

  afterAll(async () => {
    await dispatcher?.stop();
    await db?.drop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const alertOf = (recipient: string) => received.get(recipient)!.alerts[0];

  it('shows the neighbour the place-level figure, in the JSON and the CAP parameters', () => {
    const hnd = alertOf('ops_hnd');
    expect(hnd.event.evidence.value).toBe(darien.evidence.value);
    expect(hnd.withheld).toBeUndefined();
    const cap = parseCap(hnd.cap);
    expect(cap.info[0].parameter).toContainEqual({
      valueName: 'atalaya:value',
      value: String(darien.evidence.value),
    });
  });

  it('gives the partner the alert and its reasoning without the place-level figure, saying why', () => {
    const iom = alertOf('iom');
    expect(iom.event.alertId).toBe(darien.alertId);
    expect(iom.event.evidence).toEqual((({ value: _value, ...rest }) => rest)(darien.evidence));
    expect(iom.withheld).toEqual([expect.objectContaining({ field: 'value', reason: 'finer-than-allowed' })]);
    const [en] = parseCap(iom.cap).info.filter((i) => i.language.startsWith('en'));
    expect(en.parameter.some((p) => p.valueName === 'atalaya:value')).toBe(false);
    expect(en.description).toContain('withheld from your organisation');
    expect(iom.cap).not.toContain(String(darien.evidence.value));
  });

  it('sends CAP documents that validate against the CAP 1.2 schema, for both', async () => {
    expect(
      await schemaErrors(
        xsd,
        ['ops_hnd', 'iom'].map((r) => alertOf(r).cap),
      ),
    ).toEqual([]);
  });

  it("lists, in Panama's access audit, the read that showed its figure, and not the one that did not", async () => {
    const listed = await runCli({ DATABASE_URL: db.url }, 'audit', 'access', '--reporter', 'PAN', '--json');
    expect(listed.code).toBe(0);
    const reads = listed.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(reads).toEqual([
      expect.objectContaining({
        viewer: { kind: 'recipient', id: 'ops_hnd' },
        channel: 'notification',
        resource: received.get('ops_hnd')!.notificationId,
        indicator: 'irregular_crossings',
        purpose: 'early_warning',
        granularity: 'place',
      }),
    ]);
  });
});
