import { topicNames, type TopicNames } from '@atalaya/contracts';
import { loadRuntimeConfig } from '@atalaya/config';
import type { Reference } from '@atalaya/reference';
import { loadReference } from '@atalaya/reference/files';

/** What the naive baseline reads from the environment: the variables every Atalaya service reads. */
export interface NaiveSettings {
  readonly brokers: string[];
  readonly databaseUrl: string;
  readonly groupId: string;
  readonly topicNames: TopicNames;
  /** `atalaya.signals.<ISO3>` (under the run's prefix) for each reporter of the reference data. */
  readonly topics: readonly string[];
  readonly reference: Reference;
  readonly cataloguePath: string;
  readonly logLevel: string;
}

/** The baseline's consumer group, named in full: Nest's `-server` postfix is switched off (`postfixId: ''`). */
export function naiveGroupId(topicPrefix: string): string {
  return `${topicPrefix}atalaya-naive`;
}

export function loadNaiveSettings(env: NodeJS.ProcessEnv = process.env): NaiveSettings {
  const config = loadRuntimeConfig(env);
  const reference = loadReference(config.ATALAYA_REFERENCE_DIR);
  const topics = topicNames(config.ATALAYA_TOPIC_PREFIX);
  return {
    brokers: config.KAFKA_BROKERS,
    databaseUrl: config.DATABASE_URL,
    groupId: naiveGroupId(config.ATALAYA_TOPIC_PREFIX),
    topicNames: topics,
    topics: reference.reporters.map((r) => topics.signals(r.iso3)),
    reference,
    cataloguePath: config.ATALAYA_CATALOGUE,
    logLevel: config.LOG_LEVEL,
  };
}
