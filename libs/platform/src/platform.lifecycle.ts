import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import {
  ADMIN,
  CONSUMER,
  DATA_SOURCE,
  LOGGER,
  PRODUCER,
  RELAY,
  TOPIC_PLAN,
  TOPICS,
  type KafkaBatchTransport,
  type OutboxRelay,
  type TopicPlan,
  type MessageProducer,
} from '@atalaya/messaging';
import type { TopicNames } from '@atalaya/contracts';
import type { Admin } from 'kafkajs';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { PLATFORM_OPTIONS, type PlatformOptions } from './platform.options';
import { assertTopicsExist } from './topics.check';

/**
 * Starts and stops what the platform owns, in an order Nest's hooks alone would not keep: Nest closes the
 * consumer (the batch in hand finishes and commits) before `onApplicationShutdown`; then the relay publishes
 * what that batch left in the outbox, and only then do the producer, the admin client and the database close.
 */
@Injectable()
export class PlatformLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    @Inject(PLATFORM_OPTIONS) private readonly options: PlatformOptions,
    @Inject(TOPICS) private readonly topics: TopicNames,
    @Inject(TOPIC_PLAN) private readonly plan: TopicPlan,
    @Inject(ADMIN) private readonly admin: Admin,
    @Inject(PRODUCER) private readonly producer: MessageProducer,
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(CONSUMER) private readonly consumer: KafkaBatchTransport | null,
    @Inject(RELAY) private readonly relay: OutboxRelay | null,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const context = { topics: this.topics, plan: this.plan };
    const consumed = this.consumer?.subscribed() ?? [];
    await assertTopicsExist(this.admin, [
      ...consumed,
      ...consumed.map((t) => this.topics.deadLetter(t)),
      ...(this.options.produces?.(context) ?? []),
    ]);
    this.relay?.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.relay?.stop();
    await Promise.all([this.producer.disconnect(), this.admin.disconnect()]);
    await this.dataSource.destroy();
    this.logger.debug('platform closed: relay, producer, admin client, database');
  }
}
