import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import type { IJob } from 'kubernetes-models/batch/v1/Job';
import type { IPodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import type { IConfigMap } from 'kubernetes-models/v1/ConfigMap';
import type { IService } from 'kubernetes-models/v1/Service';
import { servicePrincipal, type TopicPlan } from '@atalaya/messaging';
import { bootstrap, clusterCaSecret, labels, type KubernetesSettings, type Manifest } from './manifest';

export type ServiceName = 'ingest' | 'engine' | 'dispatcher' | 'gateway';

/** The HTTP port of each service (/health/live, /health/ready, /metrics), as run-service defaults them. */
export const HTTP_PORTS: Record<ServiceName, number> = {
  gateway: 3000,
  ingest: 3101,
  engine: 3102,
  dispatcher: 3103,
};

/**
 * Memory per container from the pipeline bench (docs/performance.md): the largest service's RSS was 186 to
 * 215 MB with a 128 MB V8 old space (decision 0023). The request is that measure, the limit leaves the
 * heap room to grow before the kernel would kill the pod.
 */
export const RESOURCES = {
  requests: { cpu: '250m', memory: '256Mi' },
  limits: { memory: '384Mi' },
};

const CATALOGUE_DIR = '/etc/atalaya/catalogue';
const TOPICS_DIR = '/etc/atalaya/topics';
const CA_DIR = '/etc/atalaya/kafka-ca';
export const CATALOGUE_CONFIG_MAP = 'atalaya-catalogue';
export const TOPICS_CONFIG_MAP = 'atalaya-topics';
export const WEBHOOK_SECRETS = 'atalaya-webhook-secrets';

/** The environment every service runs with: its own principal on the TLS listener, the database, the files. */
function environment(service: ServiceName, s: KubernetesSettings, webhookSecrets: readonly string[]) {
  const fromSecret = (name: string, secret: string, key: string) => ({
    name,
    valueFrom: { secretKeyRef: { name: secret, key } },
  });
  return [
    { name: 'KAFKA_BROKERS', value: bootstrap(s) },
    { name: 'KAFKA_SECURITY', value: 'sasl_ssl' },
    { name: 'KAFKA_SASL_USERNAME', value: servicePrincipal(service) },
    fromSecret('KAFKA_SASL_PASSWORD', servicePrincipal(service), 'password'),
    { name: 'KAFKA_SSL_CA_FILE', value: `${CA_DIR}/ca.crt` },
    fromSecret('DATABASE_URL', `${s.postgresCluster}-app`, 'uri'),
    { name: 'ATALAYA_LISTEN_ADDRESS', value: '0.0.0.0' },
    { name: `${service.toUpperCase()}_PORT`, value: String(HTTP_PORTS[service]) },
    { name: 'ATALAYA_TOPICS_FILE', value: `${TOPICS_DIR}/topics.yaml` },
    { name: 'ATALAYA_REFERENCE_DIR', value: CATALOGUE_DIR },
    { name: 'ATALAYA_CATALOGUE', value: `${CATALOGUE_DIR}/triggers.yaml` },
    { name: 'ATALAYA_RECIPIENTS', value: `${CATALOGUE_DIR}/recipients.yaml` },
    { name: 'ATALAYA_RESPONSES', value: `${CATALOGUE_DIR}/responses.yaml` },
    { name: 'ATALAYA_SHARING', value: `${CATALOGUE_DIR}/sharing.yaml` },
    ...(service === 'dispatcher'
      ? webhookSecrets.map((name) => fromSecret(name, WEBHOOK_SECRETS, name))
      : []),
  ];
}

function deployment(
  service: ServiceName,
  s: KubernetesSettings,
  webhookSecrets: readonly string[],
): Manifest {
  const name = `atalaya-${service}`;
  const probe = (path: string, periodSeconds: number, failureThreshold: number) => ({
    httpGet: { path, port: 'http' },
    periodSeconds,
    failureThreshold,
    timeoutSeconds: 3,
  });
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, labels: labels(service) },
    spec: {
      // KEDA owns the consumers' replicas (scaling.yaml): a replica count here would reset them on every apply.
      ...(service === 'gateway' ? { replicas: 2 } : {}),
      selector: { matchLabels: labels(service) },
      template: {
        metadata: {
          labels: labels(service),
          annotations: {
            'prometheus.io/scrape': 'true',
            'prometheus.io/port': String(HTTP_PORTS[service]),
            'prometheus.io/path': '/metrics',
          },
        },
        spec: {
          // SIGTERM drains the batch in hand and commits it (docs/platform.md); give it the time to.
          terminationGracePeriodSeconds: 45,
          securityContext: {
            runAsNonRoot: true,
            runAsUser: 1000,
            seccompProfile: { type: 'RuntimeDefault' },
          },
          containers: [
            {
              name: service,
              image: s.image,
              args: ['node', '--max-old-space-size=128', `dist/apps/${service}/src/main.js`],
              ports: [{ name: 'http', containerPort: HTTP_PORTS[service] }],
              env: environment(service, s, webhookSecrets),
              resources: RESOURCES,
              startupProbe: probe('/health/live', 2, 60),
              livenessProbe: probe('/health/live', 10, 3),
              readinessProbe: probe('/health/ready', 5, 3),
              securityContext: { allowPrivilegeEscalation: false },
              volumeMounts: [
                { name: 'catalogue', mountPath: CATALOGUE_DIR, readOnly: true },
                { name: 'topics', mountPath: TOPICS_DIR, readOnly: true },
                { name: 'kafka-ca', mountPath: CA_DIR, readOnly: true },
              ],
            },
          ],
          volumes: [
            { name: 'catalogue', configMap: { name: CATALOGUE_CONFIG_MAP } },
            { name: 'topics', configMap: { name: TOPICS_CONFIG_MAP } },
            {
              name: 'kafka-ca',
              secret: { secretName: clusterCaSecret(s), items: [{ key: 'ca.crt', path: 'ca.crt' }] },
            },
          ],
        },
      },
    },
  } satisfies IDeployment;
}

function disruptionBudget(service: ServiceName): Manifest {
  return {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: { name: `atalaya-${service}`, labels: labels(service) },
    spec: { maxUnavailable: 1, selector: { matchLabels: labels(service) } },
  } satisfies IPodDisruptionBudget;
}

/** The schema's migrations, run once per release before the services roll (`atalaya migrate`). */
function migrationJob(s: KubernetesSettings): Manifest {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'atalaya-migrate', labels: labels('migrate') },
    spec: {
      backoffLimit: 6,
      template: {
        metadata: { labels: labels('migrate') },
        spec: {
          restartPolicy: 'OnFailure',
          containers: [
            {
              name: 'migrate',
              image: s.image,
              args: ['node', 'dist/apps/cli/src/main.js', 'migrate'],
              env: [
                {
                  name: 'DATABASE_URL',
                  valueFrom: { secretKeyRef: { name: `${s.postgresCluster}-app`, key: 'uri' } },
                },
              ],
              resources: RESOURCES,
            },
          ],
        },
      },
    },
  } satisfies IJob;
}

/** Every service's Deployment and PodDisruptionBudget, the gateway's Service and the migration Job. */
export function serviceManifests(s: KubernetesSettings, webhookSecrets: readonly string[]): Manifest[] {
  const services: ServiceName[] = ['ingest', 'engine', 'dispatcher', 'gateway'];
  return [
    migrationJob(s),
    ...services.flatMap((service) => [deployment(service, s, webhookSecrets), disruptionBudget(service)]),
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'atalaya-gateway', labels: labels('gateway') },
      spec: {
        selector: labels('gateway'),
        ports: [{ name: 'http', port: 80, targetPort: 'http' }],
      },
    } satisfies IService,
  ];
}

/** The catalogue and topics.yaml as ConfigMaps, mounted where the services' settings point. */
export function fileManifests(catalogue: Record<string, string>, topicsYaml: string): Manifest[] {
  return [
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: CATALOGUE_CONFIG_MAP, labels: labels('catalogue') },
      data: catalogue,
    } satisfies IConfigMap,
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: TOPICS_CONFIG_MAP, labels: labels('catalogue') },
      data: { 'topics.yaml': topicsYaml },
    } satisfies IConfigMap,
  ];
}

/** The partitions a consumer service reads, which bound its useful replicas. */
export function consumedPartitions(service: ServiceName, plan: TopicPlan, prefix = ''): number {
  const partitions = (match: (topic: string) => boolean) =>
    Math.max(0, ...plan.topics.filter((t) => match(t.topic)).map((t) => t.numPartitions));
  const sum = (match: (topic: string) => boolean) =>
    plan.topics.filter((t) => match(t.topic)).reduce((n, t) => n + t.numPartitions, 0);
  switch (service) {
    case 'ingest':
      return sum((t) => t.startsWith(`${prefix}atalaya.signals.`));
    case 'engine':
      return partitions((t) => t === `${prefix}atalaya.observations`);
    case 'dispatcher':
      return partitions((t) => t === `${prefix}atalaya.alerts`);
    case 'gateway':
      return 0;
  }
}
