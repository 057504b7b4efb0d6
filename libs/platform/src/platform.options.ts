import type { TopicNames } from '@atalaya/contracts';
import type { ConsumptionOptions, TopicPlan } from '@atalaya/messaging';

/** What a service consumes and produces, named from the run's topics and the topic plan. */
export interface TopicContext {
  readonly topics: TopicNames;
  readonly plan: TopicPlan;
}

export interface PlatformOptions {
  /** The service's name: its logs, metrics, Kafka client id and consumer group say it. */
  readonly service: string;
  /** The HTTP port of /health and /metrics (and the API, if any) unless `<SERVICE>_PORT` says otherwise. */
  readonly port: number;
  /** Handler pattern (`@EventPattern`) to the topics it reads; a service without it consumes nothing. */
  readonly consumes?: (t: TopicContext) => Record<string, readonly string[]>;
  /** How its consumer fetches and runs batches; by default one partition at a time (`ConsumptionOptions`). */
  readonly consumption?: ConsumptionOptions;
  /** Topics the service writes to; checked at start, with their consumers' dead-letter topics. */
  readonly produces?: (t: TopicContext) => readonly string[];
  /** Publishes the outbox table to Kafka, and readiness watches its backlog. */
  readonly outbox?: boolean;
}

export const PLATFORM_OPTIONS = Symbol('PLATFORM_OPTIONS');
