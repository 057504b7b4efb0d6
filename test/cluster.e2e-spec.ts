import { ConfigResourceTypes } from 'kafkajs';
import { eventually, kafkaForSuite, type OwnKafka } from '@atalaya/testing';
import { noDifferences, type Differences } from './faults/compare';
import type { History } from './faults/fault-run';
import { ownInfrastructure, runTwice, type OwnInfrastructure } from './faults/two-runs';

/**
 * A three-node KRaft cluster from deploy/local/kafka.sh (KAFKA_NODES=3): its topics are replicated three
 * times with min.insync.replicas 2, and when one broker is SIGKILLed mid-stream and stays down, the stack
 * rides it out without a restart and ends with the history of a run on the whole cluster.
 */
const SIGNALS = 6000;
const RATE = 300;
const log = (line: string) => process.stderr.write(`cluster: ${line}\n`);

describe('on a three-broker cluster', () => {
  let infra: OwnInfrastructure | undefined;
  let faulted: History;
  let diff: Differences;
  let replication: { topics: number; replicas: number[]; minInsync: string[][] };

  beforeAll(async () => {
    infra = await ownInfrastructure('cluster', 3);
    replication = await replicationOf(infra.kafka);
    ({ faulted, diff } = await runTwice(infra, {
      signals: SIGNALS,
      seed: 2027,
      rate: RATE,
      log,
      clean: 'whole',
      faulted: {
        name: 'one-down',
        plan: [{ at: Math.round((SIGNALS / RATE) * 400), kind: 'kill-broker-node' }],
      },
    }));
  }, 600_000);

  afterAll(() => infra?.stop());

  it('replicates every topic three times, with min.insync.replicas 2', () => {
    expect(replication.topics).toBeGreaterThan(20);
    expect(replication.replicas).toEqual([3]);
    expect(replication.minInsync).toEqual([['min.insync.replicas', '2']]);
  });

  it('rides out a broker killed mid-stream without restarting a service', () => {
    expect(faulted.struck.map((f) => f.kind)).toEqual(['kill-broker-node']);
    expect([faulted.selfExits, faulted.livenessRestarts]).toEqual([0, 0]);
  });

  it('stores once all that reached it, doubles nothing and delivers every notification under one body', () => {
    expect(faulted.alertEvents.size).toBeGreaterThan(0);
    const { onTopicNeverStored, observationsExtra, observationsChanged, alertIdsWithTwoBodies } = diff;
    const { notificationKeysWithTwoBodies, notificationsUndelivered, copiesNotRejected, deadLetters } = diff;
    expect({
      onTopicNeverStored,
      observationsExtra,
      observationsChanged,
      alertIdsWithTwoBodies,
      notificationKeysWithTwoBodies,
      notificationsUndelivered,
      copiesNotRejected,
      deadLetters,
    }).toEqual({
      onTopicNeverStored: [],
      observationsExtra: [],
      observationsChanged: [],
      alertIdsWithTwoBodies: [],
      notificationKeysWithTwoBodies: [],
      notificationsUndelivered: [],
      copiesNotRejected: [],
      deadLetters: [],
    });
    // What the agency's kafkajs producer lost when the broker died is not Atalaya's to store: counted, and
    // written down in docs/resilience.md, until it is understood.
    log(`signals the agency's producer never got onto the topics: ${diff.sentNeverOnTopic.length}`);
    if (diff.sentNeverOnTopic.length === 0) expect(diff).toEqual(noDifferences(diff));
  });
});

/** The replica counts of a fresh topic set, and min.insync.replicas of its alerts topic. */
async function replicationOf(kafka: OwnKafka) {
  const t = await kafkaForSuite('replicas', kafka.brokers);
  const admin = t.kafka.admin();
  await admin.connect();
  try {
    const topics = await eventually('every broker to list the new topics', async () => {
      const mine = (await admin.listTopics()).filter((n) => n.startsWith(t.prefix));
      return mine.length > 20 ? mine : undefined;
    });
    const { topics: meta } = await eventually('the new topics’ metadata', () =>
      admin.fetchTopicMetadata({ topics }),
    );
    // A broker may not know a topic created a moment ago through another one yet.
    const { resources } = await eventually('the alerts topic’s configuration', () =>
      admin.describeConfigs({
        includeSynonyms: false,
        resources: [
          { type: ConfigResourceTypes.TOPIC, name: t.topics.alerts, configNames: ['min.insync.replicas'] },
        ],
      }),
    );
    return {
      topics: topics.length,
      replicas: [...new Set(meta.flatMap((m) => m.partitions.map((p) => p.replicas.length)))],
      minInsync: resources[0].configEntries.map((e) => [e.configName, e.configValue]),
    };
  } finally {
    await admin.disconnect();
  }
}
