import { EventPattern, Payload } from '@nestjs/microservices';
import { BatchConsumer } from '@atalaya/platform';
import { alertEventSchema } from '@atalaya/contracts';
import { parseOwnMessage, type KafkaBatch } from '@atalaya/messaging';
import { ServiceMetrics } from '@atalaya/observability';
import { DispatchService } from './dispatch.service';

export const ALERTS = 'alerts';

@BatchConsumer()
export class AlertsHandler {
  constructor(
    private readonly dispatch: DispatchService,
    private readonly metrics: ServiceMetrics,
  ) {}

  /** The alert stage ends once the events are routed; a group's wait before notifying is not part of it. */
  @EventPattern(ALERTS)
  async handle(@Payload() batch: KafkaBatch): Promise<void> {
    await this.dispatch.process(
      batch.messages.map((m) => parseOwnMessage(alertEventSchema, m, 'alert event')),
    );
    const now = Date.now();
    batch.messages.forEach((m) => this.metrics.stageCompleted('alert', Number(m.timestamp), now));
  }
}
