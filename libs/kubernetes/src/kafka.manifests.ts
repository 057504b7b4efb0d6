import type { IKafka } from '@kubernetes-models/strimzi-kafka-operator/kafka.strimzi.io/v1/Kafka';
import type { IKafkaNodePool } from '@kubernetes-models/strimzi-kafka-operator/kafka.strimzi.io/v1/KafkaNodePool';
import type { IKafkaTopic } from '@kubernetes-models/strimzi-kafka-operator/kafka.strimzi.io/v1/KafkaTopic';
import type { IKafkaUser } from '@kubernetes-models/strimzi-kafka-operator/kafka.strimzi.io/v1/KafkaUser';
import type { AclRule, Principal, TopicPlan } from '@atalaya/messaging';
import { KAFKA_TLS_PORT, labels, type KubernetesSettings, type Manifest } from './manifest';

const STRIMZI = 'kafka.strimzi.io/v1';

/** A Kafka topic's Kubernetes name: lower case, dots and dashes (Strimzi keeps the real name in spec). */
export function topicResourceName(topic: string): string {
  return topic.toLowerCase().replace(/_/g, '-');
}

/** Three KRaft nodes, controller and broker each, SCRAM-SHA-512 on a TLS listener, ACLs enforced. */
export function kafkaCluster(s: KubernetesSettings): Manifest[] {
  const cluster = { 'strimzi.io/cluster': s.kafkaCluster };
  return [
    {
      apiVersion: STRIMZI,
      kind: 'KafkaNodePool',
      metadata: { name: `${s.kafkaCluster}-nodes`, labels: { ...labels('kafka'), ...cluster } },
      spec: {
        replicas: 3,
        roles: ['controller', 'broker'],
        storage: {
          type: 'jbod',
          volumes: [
            { id: 0, type: 'persistent-claim', size: '50Gi', deleteClaim: false, kraftMetadata: 'shared' },
          ],
        },
        resources: { requests: { cpu: '500m', memory: '2Gi' }, limits: { memory: '2Gi' } },
      },
    } satisfies IKafkaNodePool,
    {
      apiVersion: STRIMZI,
      kind: 'Kafka',
      metadata: { name: s.kafkaCluster, labels: labels('kafka') },
      spec: {
        // No version: the operator's own default. Atalaya's tests run Kafka 3.9.1; kafkajs on 4.x is untested.
        kafka: {
          listeners: [
            {
              name: 'tls',
              port: KAFKA_TLS_PORT,
              type: 'internal',
              tls: true,
              authentication: { type: 'scram-sha-512' },
            },
          ],
          authorization: { type: 'simple' },
          config: {
            'default.replication.factor': 3,
            'min.insync.replicas': 2,
            'offsets.topic.replication.factor': 3,
            'transaction.state.log.replication.factor': 3,
            'transaction.state.log.min.isr': 2,
            'auto.create.topics.enable': false,
          },
        },
        entityOperator: { topicOperator: {}, userOperator: {} },
      },
    } satisfies IKafka,
  ];
}

/** One `KafkaTopic` per topic of deploy/topics.yaml: its partitions, three replicas, its retention. */
export function kafkaTopics(plan: TopicPlan, s: KubernetesSettings): Manifest[] {
  return plan.topics.map(
    (t) =>
      ({
        apiVersion: STRIMZI,
        kind: 'KafkaTopic',
        metadata: {
          name: topicResourceName(t.topic),
          labels: { ...labels('kafka'), 'strimzi.io/cluster': s.kafkaCluster },
        },
        spec: {
          topicName: t.topic,
          partitions: t.numPartitions,
          replicas: 3,
          config: {
            ...Object.fromEntries(t.configEntries.map((c) => [c.name, c.value])),
            'min.insync.replicas': '2',
          },
        },
      }) satisfies IKafkaTopic,
  );
}

type StrimziAcl = NonNullable<NonNullable<IKafkaUser['spec']>['authorization']>['acls'][number];

const strimziAcl = (rule: AclRule): StrimziAcl => ({
  resource:
    rule.resource === 'cluster'
      ? { type: 'cluster' }
      : {
          type: rule.resource,
          name: rule.name,
          patternType: rule.pattern === 'prefixed' ? 'prefix' : 'literal',
        },
  operations: [...rule.operations],
  host: '*',
});

/** One `KafkaUser` per principal of the access plan, SCRAM-SHA-512, with exactly its ACLs. */
export function kafkaUsers(principals: readonly Principal[], s: KubernetesSettings): Manifest[] {
  return principals.map(
    (p) =>
      ({
        apiVersion: STRIMZI,
        kind: 'KafkaUser',
        metadata: {
          name: p.name,
          labels: { ...labels(p.kind), 'strimzi.io/cluster': s.kafkaCluster },
        },
        spec: {
          authentication: { type: 'scram-sha-512' },
          authorization: { type: 'simple', acls: p.acls.map(strimziAcl) },
        },
      }) satisfies IKafkaUser,
  );
}
