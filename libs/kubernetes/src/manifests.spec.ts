import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { accessPlan, parseTopicPlan } from '@atalaya/messaging';
import { Cluster } from '@kubernetes-models/cloudnative-pg/postgresql.cnpg.io/v1/Cluster';
import { ScaledObject } from '@kubernetes-models/keda/keda.sh/v1alpha1/ScaledObject';
import { TriggerAuthentication } from '@kubernetes-models/keda/keda.sh/v1alpha1/TriggerAuthentication';
import { Kafka } from '@kubernetes-models/strimzi-kafka-operator/kafka.strimzi.io/v1/Kafka';
import { KafkaNodePool } from '@kubernetes-models/strimzi-kafka-operator/kafka.strimzi.io/v1/KafkaNodePool';
import { KafkaTopic } from '@kubernetes-models/strimzi-kafka-operator/kafka.strimzi.io/v1/KafkaTopic';
import { KafkaUser } from '@kubernetes-models/strimzi-kafka-operator/kafka.strimzi.io/v1/KafkaUser';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { Job } from 'kubernetes-models/batch/v1/Job';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Service } from 'kubernetes-models/v1/Service';
import { parseAllDocuments } from 'yaml';
import { kubernetesSources } from '../../../apps/cli/src/commands/kubernetes.command';
import { consumedPartitions, kubernetesManifests, renderManifests, type Manifest } from './index';

const root = join(__dirname, '../../..');
const dir = join(root, 'deploy/kubernetes');

/** The published schema of each kind the manifests use: Kubernetes' own and the operators' CRDs. */
// Typed loosely: under this tsconfig's module resolution the packages' base class has no types.
const MODELS: Record<string, new (data: never) => object> = {
  'apps/v1/Deployment': Deployment,
  'batch/v1/Job': Job,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'v1/ConfigMap': ConfigMap,
  'v1/Service': Service,
  'kafka.strimzi.io/v1/Kafka': Kafka,
  'kafka.strimzi.io/v1/KafkaNodePool': KafkaNodePool,
  'kafka.strimzi.io/v1/KafkaTopic': KafkaTopic,
  'kafka.strimzi.io/v1/KafkaUser': KafkaUser,
  'keda.sh/v1alpha1/ScaledObject': ScaledObject,
  'keda.sh/v1alpha1/TriggerAuthentication': TriggerAuthentication,
  'postgresql.cnpg.io/v1/Cluster': Cluster,
};

function validate(doc: Manifest): void {
  const Model = MODELS[`${doc.apiVersion}/${doc.kind}`];
  if (!Model) throw new Error(`${doc.apiVersion} ${doc.kind}: no published schema known to this test`);
  (new Model(doc as never) as { validate(): void }).validate();
}

const files = readdirSync(dir).filter((f) => f.endsWith('.yaml'));
const committed = Object.fromEntries(
  files.map((f) => [
    f,
    parseAllDocuments(readFileSync(join(dir, f), 'utf8')).map((d) => d.toJS() as Manifest),
  ]),
);
const all = Object.values(committed).flat();

describe('deploy/kubernetes', () => {
  it.each(files)('%s: every document is valid against its published schema', (file) => {
    expect(committed[file].length).toBeGreaterThan(0);
    for (const doc of committed[file]) {
      expect(() => validate(doc)).not.toThrow();
    }
  });

  it('fails a document that breaks its schema, and one of a kind it has no schema for', () => {
    const deployment = all.find((d) => d.kind === 'Deployment') as Manifest & { spec: object };
    expect(() => validate({ ...deployment, spec: { ...deployment.spec, replicas: 'two' } })).toThrow();
    const topic = all.find((d) => d.kind === 'KafkaTopic') as Manifest & { spec: object };
    expect(() => validate({ ...topic, spec: { ...topic.spec, partitions: -1 } })).toThrow();
    const user = all.find((d) => d.kind === 'KafkaUser') as Manifest;
    expect(() => validate({ ...user, spec: { authentication: { type: 'kerberos' } } })).toThrow();
    expect(() => validate({ apiVersion: 'example.org/v1', kind: 'Widget', metadata: { name: 'x' } })).toThrow(
      /no published schema/,
    );
  });

  it('is what `atalaya kubernetes export` generates now (run it after changing topics.yaml or the catalogue)', () => {
    const generated = renderManifests(
      kubernetesManifests(kubernetesSources(root), { image: 'atalaya:0.1.0' }),
    );
    expect(Object.keys(generated).sort()).toEqual([...files].sort());
    for (const f of files)
      expect({ file: f, text: readFileSync(join(dir, f), 'utf8') }).toEqual({ file: f, text: generated[f] });
  });

  it('has a KafkaTopic per topic of the plan and a KafkaUser per principal of the access plan', () => {
    const plan = parseTopicPlan(readFileSync(join(root, 'deploy/topics.yaml'), 'utf8'));
    const topics = all
      .filter((d) => d.kind === 'KafkaTopic')
      .map((d) => (d.spec as { topicName: string }).topicName);
    expect(topics.sort()).toEqual(plan.topics.map((t) => t.topic).sort());
    const users = all.filter((d) => d.kind === 'KafkaUser').map((d) => d.metadata.name);
    expect(users.sort()).toEqual(
      accessPlan(plan)
        .map((p) => p.name)
        .sort(),
    );
  });

  it('scales each consumer up to the partitions it reads', () => {
    const plan = parseTopicPlan(readFileSync(join(root, 'deploy/topics.yaml'), 'utf8'));
    const max = Object.fromEntries(
      all
        .filter((d) => d.kind === 'ScaledObject')
        .map((d) => [d.metadata.name, (d.spec as { maxReplicaCount: number }).maxReplicaCount]),
    );
    expect(max).toEqual({
      'atalaya-ingest': plan.reporters.length * 2,
      'atalaya-engine': 6,
      'atalaya-dispatcher': 3,
    });
    expect(consumedPartitions('gateway', plan)).toBe(0);
  });

  it('gives each service its own principal and the agency ACLs of the plan, in Strimzi’s words', () => {
    const ingest = all.find(
      (d) => d.kind === 'Deployment' && d.metadata.name === 'atalaya-ingest',
    ) as Manifest & {
      spec: { template: { spec: { containers: { env: { name: string; value?: string }[] }[] } } };
    };
    const env = Object.fromEntries(ingest.spec.template.spec.containers[0].env.map((e) => [e.name, e.value]));
    expect(env).toMatchObject({ KAFKA_SECURITY: 'sasl_ssl', KAFKA_SASL_USERNAME: 'service-ingest' });
    const pan = all.find((d) => d.kind === 'KafkaUser' && d.metadata.name === 'agency-pan') as Manifest;
    expect((pan.spec as { authorization: { acls: unknown[] } }).authorization.acls).toEqual([
      {
        resource: { type: 'topic', name: 'atalaya.signals.PAN', patternType: 'literal' },
        operations: ['Write'],
        host: '*',
      },
      {
        resource: { type: 'topic', name: 'atalaya.rejections.PAN', patternType: 'literal' },
        operations: ['Read'],
        host: '*',
      },
      {
        resource: { type: 'group', name: 'agency-pan', patternType: 'prefix' },
        operations: ['Read'],
        host: '*',
      },
    ]);
  });
});
