import { Controller, Inject } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import type { TopicNames } from '@atalaya/contracts';
import type { KafkaBatch } from '@atalaya/messaging';
import { ServiceMetrics } from '@atalaya/observability';
import type { Producer } from 'kafkajs';
import type { Logger } from 'pino';
import { takeIn } from './intake';
import { LOGGER, PRODUCER, TOPICS } from './tokens';

export const SIGNALS = 'signals';

@Controller()
export class SignalsHandler {
  constructor(
    @Inject(TOPICS) private readonly topics: TopicNames,
    @Inject(PRODUCER) private readonly producer: Producer,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly metrics: ServiceMetrics,
  ) {}

  /** Validates a batch and produces every outcome before the transport commits the batch's offsets. */
  @EventPattern(SIGNALS)
  async handle(@Payload() batch: KafkaBatch): Promise<void> {
    const now = new Date();
    const observations: { key: string; value: string }[] = [];
    const rejections: { key: string; value: string }[] = [];
    for (const m of batch.messages) {
      const source = { topic: batch.topic, partition: batch.partition, offset: m.offset };
      const outcome = takeIn(this.topics, source, m.value, now);
      if (outcome.kind === 'accepted') {
        const { observation } = outcome;
        observations.push({ key: observation.seriesKey, value: JSON.stringify(observation) });
        this.metrics.accepted.inc({ reporter: observation.reporter });
      } else {
        const { rejection } = outcome;
        rejections.push({ key: rejection.reporter, value: JSON.stringify(rejection) });
        this.metrics.rejected.inc({ reporter: rejection.reporter, code: rejection.code });
        this.logger.info(
          { code: rejection.code, path: rejection.path, signalId: rejection.signalId, source },
          'signal rejected',
        );
      }
    }
    await this.producer.sendBatch({
      acks: -1,
      topicMessages: [
        { topic: this.topics.observations, messages: observations },
        { topic: this.topics.rejected, messages: rejections },
      ].filter((t) => t.messages.length > 0),
    });
  }
}
