import { rmSync } from 'node:fs';
import { notificationSchema, type AlertEvent, type Notification } from '@atalaya/contracts';
import { createProducer } from '@atalaya/messaging';
import {
  databaseForSuite,
  eventually,
  iomOffice,
  kafkaForSuite,
  panamaCentre,
  serviceEnv,
  startServiceProcess,
  TopicReader,
  writeRoutingFixture,
  type ServiceProcess,
  type SuiteDatabase,
  type TestKafka,
} from '@atalaya/testing';
import { darienEvent } from '../libs/cap/src/testing/cap.fixtures';

const alert = (alertId: string, seriesKey: string, trigger: string): AlertEvent =>
  darienEvent({
    alertId,
    seriesKey,
    eventId: `${alertId}/firing/2023-03-01/watch`,
    trigger: { id: trigger, version: 1, title: trigger },
  });

const darien = alert('alert-darien', 'PAN/irregular_crossings/PAN/-/darien', 'darien-crossings-surge');
const lajas = alert('alert-lajas', 'PAN/arrivals_transit/PAN/-/lajas_blancas', 'transit-arrivals-surge');
const corridor = alert('alert-corridor', 'corridor/darien_north', 'darien-north-corridor');

/**
 * Panama's centre groups its alerts by state and waits two seconds, so alerts arriving together reach it in
 * one notification. IOM follows the Darién corridor (its group waits three seconds) and wants the corridor view only: while the corridor
 * alert is in force, the alerts of its member series are held back from IOM.
 */
describe('routing between the broker and the recipients: grouping within the wait, inhibition', () => {
  let t: TestKafka;
  let db: SuiteDatabase;
  let dispatcher: ServiceProcess;
  let dir: string;
  const topics: Record<string, TopicReader<Notification>> = {};
  const received = (recipient: string) =>
    topics[recipient].messages.map((m) => notificationSchema.parse(m.value));

  beforeAll(async () => {
    const routing = writeRoutingFixture('routing', {
      recipients: [panamaCentre(), iomOffice()],
      routes: [
        {
          id: 'pan',
          match: { state: 'PAN' },
          receivers: ['ops_pan'],
          groupBy: ['state'],
          groupWait: 'PT2S',
          continue: true,
        },
        {
          id: 'iom-corridor',
          match: { corridor: 'darien_north' },
          receivers: ['iom'],
          groupBy: ['corridor'],
          groupWait: 'PT3S',
        },
      ],
      inhibitRules: [
        {
          source: { kind: 'corridor' },
          target: { kind: 'series' },
          equal: ['corridor'],
          recipients: ['iom'],
        },
      ],
    });
    dir = routing.dir;
    [t, db] = await Promise.all([kafkaForSuite('routing'), databaseForSuite('routing')]);
    for (const r of ['ops_pan', 'iom'])
      topics[r] = await TopicReader.start<Notification>(t.kafka, t.topics.notify(r));
    dispatcher = await startServiceProcess('dispatcher', { ...serviceEnv(t, db.url), ...routing.env });
    const producer = createProducer(t.kafka);
    await producer.connect();
    await producer.send({
      topic: t.topics.alerts,
      messages: [{ key: darien.alertId, value: JSON.stringify(darien) }],
    });
    await new Promise((r) => setTimeout(r, 500));
    await producer.send({
      topic: t.topics.alerts,
      messages: [lajas, corridor].map((e) => ({ key: e.alertId, value: JSON.stringify(e) })),
    });
    await producer.disconnect();
    await eventually('both recipients notified', () =>
      received('ops_pan').length > 0 && received('iom').length > 0 ? true : undefined,
    );
    // Past another group wait: anything routing still meant to send has gone by now.
    await new Promise((r) => setTimeout(r, 3000));
  });

  afterAll(async () => {
    await Promise.all(Object.values(topics).map((r) => r.stop()));
    await dispatcher?.stop();
    await db?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("merges the alerts that arrive within the group's wait into one notification", () => {
    const pan = received('ops_pan');
    const panama = pan.filter((n) => n.alerts.some((a) => a.event.alertId === 'alert-darien'));
    expect(panama.map((n) => [n.reason, n.alerts.map((a) => a.event.alertId).sort()])).toEqual([
      ['first', ['alert-darien', 'alert-lajas']],
    ]);
    // The corridor alert spans more states than Panama: a group of its own, told once.
    expect(pan.filter((n) => n.alerts.some((a) => a.event.alertId === 'alert-corridor'))).toHaveLength(1);
  });

  it("holds back the corridor's member alerts from the recipient that wants the corridor view only", () => {
    const iom = received('iom');
    expect(iom.flatMap((n) => n.alerts.map((a) => a.event.alertId))).toEqual(['alert-corridor']);
  });
});
