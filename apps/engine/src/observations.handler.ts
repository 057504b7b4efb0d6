import { Controller, Inject } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { observationSchema, type Observation } from '@atalaya/contracts';
import { LOGGER, type KafkaBatch, type OutboxRelay } from '@atalaya/messaging';
import { ServiceMetrics } from '@atalaya/observability';
import type { Logger } from 'pino';
import { EvaluationService } from './evaluation.service';
import { RELAY } from './tokens';

export const OBSERVATIONS = 'observations';

@Controller()
export class ObservationsHandler {
  constructor(
    private readonly evaluation: EvaluationService,
    @Inject(RELAY) private readonly relay: OutboxRelay,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly metrics: ServiceMetrics,
  ) {}

  @EventPattern(OBSERVATIONS)
  async handle(@Payload() batch: KafkaBatch): Promise<void> {
    const observations: Observation[] = [];
    for (const m of batch.messages) {
      const parsed = observationSchema.safeParse(jsonOrUndefined(m.value));
      if (parsed.success) {
        observations.push(parsed.data);
      } else {
        // Only ingest writes this topic, so a bad message is a bug upstream, not a sender's mistake: keep
        // the partition moving and leave enough in the log to find the message again.
        this.metrics.stored.inc({ outcome: 'malformed' });
        this.logger.error(
          { topic: batch.topic, partition: batch.partition, offset: m.offset, issues: parsed.error.issues },
          'malformed observation skipped',
        );
      }
    }
    const raised = await this.evaluation.process(observations);
    if (raised.length > 0) {
      raised.forEach((e) =>
        this.logger.info(
          { alertId: e.alertId, type: e.type, level: e.level, trigger: e.trigger.id, seriesKey: e.seriesKey },
          'alert event',
        ),
      );
      this.relay.kick();
    }
  }
}

function jsonOrUndefined(value: Buffer | null): unknown {
  try {
    return JSON.parse(value?.toString() ?? '');
  } catch {
    return undefined;
  }
}
