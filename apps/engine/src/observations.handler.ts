import { EventPattern, Payload } from '@nestjs/microservices';
import { BatchConsumer } from '@atalaya/platform';
import { observationSchema } from '@atalaya/contracts';
import { parseOwnMessage, type KafkaBatch } from '@atalaya/messaging';
import { EvaluationService } from './evaluation.service';

export const OBSERVATIONS = 'observations';

@BatchConsumer()
export class ObservationsHandler {
  constructor(private readonly evaluation: EvaluationService) {}

  /** Only ingest writes this topic: an observation that breaks its contract is dead-lettered (parseOwnMessage). */
  @EventPattern(OBSERVATIONS)
  async handle(@Payload() batch: KafkaBatch): Promise<void> {
    await this.evaluation.process(
      batch.messages.map((m) => parseOwnMessage(observationSchema, m, 'observation')),
    );
  }
}
