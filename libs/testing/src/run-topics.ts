import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { topicNames, type TopicNames } from '@atalaya/contracts';
import { createKafka, parseTopicPlan, provisionTopics, type KafkaConnection } from '@atalaya/messaging';
import type { Kafka } from 'kafkajs';
import pino from 'pino';
import { requireEnv } from './env';
import { repoRoot } from './repo-root';

export interface TestKafka {
  /** The bootstrap servers, comma-separated. */
  readonly brokers: string;
  readonly kafka: Kafka;
  readonly prefix: string;
  readonly topics: TopicNames;
  /** Every reporter's rejection topic, for a test that reads all rejections. */
  readonly rejections: readonly string[];
}

/**
 * A kafkajs client on the run's broker (or on `brokers`, as `security` says on a secured one) and a fresh
 * set of every topic of deploy/topics.yaml under a prefix of this suite's own, so suites never see each
 * other's messages.
 */
export async function kafkaForSuite(
  suite: string,
  brokers = requireEnv('KAFKA_BROKERS'),
  security?: KafkaConnection['security'],
): Promise<TestKafka> {
  const prefix = `${suite}-${Date.now().toString(36)}.`;
  const kafka = createKafka(
    { brokers: brokers.split(','), security },
    `test-${suite}`,
    pino({ level: 'warn' }),
  );
  const plan = parseTopicPlan(readFileSync(resolve(repoRoot(), 'deploy/topics.yaml'), 'utf8'), prefix);
  const admin = kafka.admin();
  await admin.connect();
  try {
    await provisionTopics(admin, plan.topics);
  } finally {
    await admin.disconnect();
  }
  const topics = topicNames(prefix);
  return { brokers, kafka, prefix, topics, rejections: plan.reporters.map((r) => topics.rejections(r)) };
}

/** The environment a service process of this suite needs: the suite's broker, a database, its topics. */
export function serviceEnv(t: TestKafka, databaseUrl: string): NodeJS.ProcessEnv {
  return {
    KAFKA_BROKERS: t.brokers,
    DATABASE_URL: databaseUrl,
    ATALAYA_TOPIC_PREFIX: t.prefix,
  };
}
