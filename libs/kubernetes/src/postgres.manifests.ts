import type { ICluster } from '@kubernetes-models/cloudnative-pg/postgresql.cnpg.io/v1/Cluster';
import { labels, type KubernetesSettings, type Manifest } from './manifest';

/** A CloudNativePG cluster of three instances; the services read DATABASE_URL from its `<name>-app` secret. */
export function postgresManifests(s: KubernetesSettings): Manifest[] {
  return [
    {
      apiVersion: 'postgresql.cnpg.io/v1',
      kind: 'Cluster',
      metadata: { name: s.postgresCluster, labels: labels('database') },
      spec: {
        instances: 3,
        imageName: 'ghcr.io/cloudnative-pg/postgresql:15',
        bootstrap: { initdb: { database: 'atalaya', owner: 'atalaya' } },
        storage: { size: '20Gi' },
        postgresql: { parameters: { max_connections: '200' } },
        resources: { requests: { cpu: '500m', memory: '1Gi' }, limits: { memory: '1Gi' } },
      },
    } satisfies ICluster,
  ];
}
