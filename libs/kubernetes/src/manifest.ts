/** A Kubernetes object as written to YAML: apiVersion, kind, metadata and the rest. */
export interface Manifest {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly labels?: Record<string, string> } & Record<
    string,
    unknown
  >;
  readonly [field: string]: unknown;
}

/** Where the generated objects go and how they are named. */
export interface KubernetesSettings {
  /** The container image every service runs, e.g. `atalaya:0.1.0`. */
  readonly image: string;
  /** The Strimzi `Kafka` cluster's name; its bootstrap service is `<name>-kafka-bootstrap`. */
  readonly kafkaCluster: string;
  /** The CloudNativePG `Cluster`'s name; the app secret is `<name>-app`. */
  readonly postgresCluster: string;
}

export const DEFAULT_SETTINGS: Omit<KubernetesSettings, 'image'> = {
  kafkaCluster: 'atalaya',
  postgresCluster: 'atalaya-db',
};

export const labels = (component: string): Record<string, string> => ({
  'app.kubernetes.io/name': 'atalaya',
  'app.kubernetes.io/component': component,
  'app.kubernetes.io/managed-by': 'atalaya-kubernetes-export',
});

/** The tls listener of the Strimzi cluster, where every client authenticates with SCRAM-SHA-512. */
export const KAFKA_TLS_PORT = 9093;
export const bootstrap = (s: KubernetesSettings) => `${s.kafkaCluster}-kafka-bootstrap:${KAFKA_TLS_PORT}`;
export const clusterCaSecret = (s: KubernetesSettings) => `${s.kafkaCluster}-cluster-ca-cert`;
