import { Inject } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { CapParseError, formatReferences, judgeAck, parseCapAck, type CapAck } from '@atalaya/cap';
import type { TopicNames } from '@atalaya/contracts';
import { DATA_SOURCE, LOGGER, PoisonMessageError, TOPICS, type KafkaBatch } from '@atalaya/messaging';
import { ServiceMetrics } from '@atalaya/observability';
import { AcknowledgementsRepository, type AcknowledgeOutcome } from '@atalaya/persistence';
import { BatchConsumer } from '@atalaya/platform';
import type { KafkaMessage } from 'kafkajs';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { DispatchSettings } from './dispatch.service';
import { DISPATCH_SETTINGS } from './tokens';

export const CAP_ACKS = 'cap-acks';

interface Recorded {
  readonly ack: CapAck;
  readonly alerts: readonly { alertId: string; outcome: AcknowledgeOutcome['kind'] }[];
}

/**
 * A recipient's CAP `Ack`s, on its own topic `atalaya.acks.<recipientId>`: the topic says whose they are,
 * so an Ack acknowledges only what was sent to that recipient. A batch is judged whole before anything is
 * recorded; an Ack that is refused fails it with a PoisonMessageError, and the transport then sets that
 * one aside on the dead-letter topic, with the reason, while the others are recorded alone.
 */
@BatchConsumer()
export class CapAcksHandler {
  constructor(
    @Inject(TOPICS) private readonly topics: TopicNames,
    @Inject(DISPATCH_SETTINGS) private readonly settings: DispatchSettings,
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly acks: AcknowledgementsRepository,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly metrics: ServiceMetrics,
  ) {}

  @EventPattern(CAP_ACKS)
  async handle(@Payload() batch: KafkaBatch): Promise<void> {
    const recipientId = batch.topic.slice(this.topics.acks('').length);
    const acks = batch.messages.map(readAck);
    const recorded = await this.dataSource.transaction(async (em) => {
      const identifiers = acks.flatMap((a) => a.references.map((r) => r.identifier));
      const sentToRecipient = await this.acks.capMessagesSent(em, recipientId, identifiers);
      const ctx = { recipientId, sender: this.settings.sender, sentToRecipient };
      const accepted = acks.map((ack) => {
        const judgement = judgeAck(ack, ctx);
        if (judgement.kind === 'refused') {
          throw new PoisonMessageError(
            `CAP Ack ${ack.identifier} of ${ack.sender} refused, nothing recorded: ${judgement.problems.join('; ')}`,
          );
        }
        return { ack, alertIds: judgement.alertIds };
      });
      const out: Recorded[] = [];
      for (const { ack, alertIds } of accepted) {
        const alerts: Recorded['alerts'][number][] = [];
        for (const alertId of alertIds) {
          const outcome = await this.acks.acknowledge(em, {
            recipientId,
            alertId,
            via: 'cap',
            by: ack.sender,
            note: ack.note,
            capAck: formatReferences([ack]),
          });
          alerts.push({ alertId, outcome: outcome.kind });
        }
        out.push({ ack, alerts });
      }
      return out;
    });
    for (const { ack, alerts } of recorded) {
      alerts.forEach((a) => this.metrics.acknowledgements.inc({ via: 'cap', outcome: a.outcome }));
      this.logger.info(
        { recipientId, capAck: ack.identifier, sender: ack.sender, alerts },
        'CAP Ack recorded',
      );
    }
  }
}

/** The message as a CAP `Ack`; anything else can never be one, so it goes to the dead-letter topic. */
function readAck(message: KafkaMessage): CapAck {
  try {
    return parseCapAck(message.value?.toString() ?? '');
  } catch (e) {
    if (e instanceof CapParseError) {
      throw new PoisonMessageError(`not a CAP Ack, nothing recorded: ${e.message}`);
    }
    throw e;
  }
}
