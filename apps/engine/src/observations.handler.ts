import { EventPattern, Payload } from '@nestjs/microservices';
import { BatchConsumer } from '@atalaya/platform';
import { observationSchema, type Observation } from '@atalaya/contracts';
import { PoisonMessageError, type KafkaBatch } from '@atalaya/messaging';
import { EvaluationService } from './evaluation.service';

export const OBSERVATIONS = 'observations';

@BatchConsumer()
export class ObservationsHandler {
  constructor(private readonly evaluation: EvaluationService) {}

  @EventPattern(OBSERVATIONS)
  async handle(@Payload() batch: KafkaBatch): Promise<void> {
    const observations: Observation[] = [];
    for (const m of batch.messages) {
      const parsed = observationSchema.safeParse(jsonOrUndefined(m.value));
      // Only ingest writes this topic, so a message that does not parse is a bug upstream that no retry
      // mends: the transport sets it aside on the dead-letter topic and the rest of the batch goes on.
      if (!parsed.success) {
        throw new PoisonMessageError(
          `observation at offset ${m.offset} does not match its contract: ${parsed.error.issues
            .map((i) => `${i.path.join('.') || '(message)'}: ${i.message}`)
            .join('; ')}`,
        );
      }
      observations.push(parsed.data);
    }
    await this.evaluation.process(observations);
  }
}

function jsonOrUndefined(value: Buffer | null): unknown {
  try {
    return JSON.parse(value?.toString() ?? '');
  } catch {
    return undefined;
  }
}
