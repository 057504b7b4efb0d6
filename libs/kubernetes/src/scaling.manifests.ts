import type { IScaledObject } from '@kubernetes-models/keda/keda.sh/v1alpha1/ScaledObject';
import type { ITriggerAuthentication } from '@kubernetes-models/keda/keda.sh/v1alpha1/TriggerAuthentication';
import { servicePrincipal, type TopicPlan } from '@atalaya/messaging';
import { bootstrap, clusterCaSecret, labels, type KubernetesSettings, type Manifest } from './manifest';
import { consumedPartitions, type ServiceName } from './service.manifests';

/** Messages behind per replica before KEDA adds one: about ten seconds of one instance's intake (the bench). */
export const LAG_THRESHOLD = 5000;

/**
 * A KEDA `ScaledObject` per consumer service, on its consumer group's lag (KEDA's kafka scaler), from two
 * replicas up to as many as the partitions it reads (one more would sit idle), with the service's own
 * principal (its user secret and the cluster CA) to read the lag.
 */
export function scalingManifests(plan: TopicPlan, s: KubernetesSettings): Manifest[] {
  const consumers: ServiceName[] = ['ingest', 'engine', 'dispatcher'];
  return consumers.flatMap((service): Manifest[] => [
    {
      apiVersion: 'keda.sh/v1alpha1',
      kind: 'TriggerAuthentication',
      metadata: { name: `atalaya-${service}-kafka`, labels: labels(service) },
      spec: {
        secretTargetRef: [
          { parameter: 'password', name: servicePrincipal(service), key: 'password' },
          { parameter: 'ca', name: clusterCaSecret(s), key: 'ca.crt' },
        ],
        env: [{ parameter: 'username', name: 'KAFKA_SASL_USERNAME', containerName: service }],
      },
    } satisfies ITriggerAuthentication,
    {
      apiVersion: 'keda.sh/v1alpha1',
      kind: 'ScaledObject',
      metadata: { name: `atalaya-${service}`, labels: labels(service) },
      spec: {
        scaleTargetRef: { name: `atalaya-${service}` },
        minReplicaCount: 2,
        maxReplicaCount: consumedPartitions(service, plan),
        cooldownPeriod: 300,
        triggers: [
          {
            type: 'kafka',
            metadata: {
              bootstrapServers: bootstrap(s),
              consumerGroup: `atalaya-${service}`,
              lagThreshold: String(LAG_THRESHOLD),
              sasl: 'scram_sha512',
              tls: 'enable',
            },
            authenticationRef: { name: `atalaya-${service}-kafka` },
          },
        ],
      },
    } satisfies IScaledObject,
  ]);
}
