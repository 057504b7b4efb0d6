import { EventPattern, Payload } from '@nestjs/microservices';
import { BatchConsumer } from '@atalaya/platform';
import { alertEventSchema } from '@atalaya/contracts';
import { parseOwnMessage, type KafkaBatch } from '@atalaya/messaging';
import { DispatchService } from './dispatch.service';

export const ALERTS = 'alerts';

@BatchConsumer()
export class AlertsHandler {
  constructor(private readonly dispatch: DispatchService) {}

  @EventPattern(ALERTS)
  async handle(@Payload() batch: KafkaBatch): Promise<void> {
    await this.dispatch.process(
      batch.messages.map((m) => parseOwnMessage(alertEventSchema, m, 'alert event')),
    );
  }
}
