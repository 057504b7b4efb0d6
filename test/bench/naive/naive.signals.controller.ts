import { Controller, Inject, type Type } from '@nestjs/common';
import { Ctx, EventPattern, KafkaContext, Payload } from '@nestjs/microservices';
import {
  seriesKeyOf,
  validateParsedSignal,
  validateSignal,
  type Observation,
  type SignalVerdict,
  type ValidationContext,
} from '@atalaya/contracts';
import type { Logger } from 'pino';
import type { Repository } from 'typeorm';
import { NaiveAlertEvent, NaiveObservation } from './naive.entities';
import { NaiveEvaluator } from './naive.evaluator';
import type { NaiveSettings } from './naive.settings';

export const NAIVE_SETTINGS = Symbol('NAIVE_SETTINGS');
export const NAIVE_LOGGER = Symbol('NAIVE_LOGGER');
export const OBSERVATIONS = Symbol('OBSERVATIONS');
export const ALERT_EVENTS = Symbol('ALERT_EVENTS');

/** What Nest's Kafka parser hands a handler: a JSON value when the bytes parse, else the text (or bytes). */
function verdictOf(payload: unknown, ctx: ValidationContext): SignalVerdict {
  if (typeof payload === 'string' || Buffer.isBuffer(payload)) return validateSignal(payload, ctx);
  return payload === null ? validateSignal('', ctx) : validateParsedSignal(payload, ctx);
}

/**
 * The controller of the tutorials: one `@EventPattern` handler for the signals topics (whose names are known
 * only once the environment is read, hence the factory), which validates a message, saves it with the
 * repository's `save()`, evaluates it and saves the alert events it raised, one message at a time.
 */
export function naiveSignalsController(topics: readonly string[]): Type {
  @Controller()
  class NaiveSignalsController {
    private handled = 0;

    constructor(
      @Inject(NAIVE_SETTINGS) private readonly settings: NaiveSettings,
      @Inject(NAIVE_LOGGER) private readonly logger: Logger,
      @Inject(OBSERVATIONS) private readonly observations: Repository<NaiveObservation>,
      @Inject(ALERT_EVENTS) private readonly alertEvents: Repository<NaiveAlertEvent>,
      private readonly evaluator: NaiveEvaluator,
    ) {}

    @EventPattern([...topics])
    async handle(@Payload() payload: unknown, @Ctx() context: KafkaContext): Promise<void> {
      if (this.handled++ === 0) this.logger.info({ at: Date.now() }, 'first message processed');
      const topic = context.getTopic();
      const reporter = this.settings.topicNames.reporterOf(topic) ?? 'unknown';
      const now = new Date();
      const verdict = verdictOf(payload, {
        reporter,
        reference: this.settings.reference,
        today: now.toISOString().slice(0, 10),
      });
      if (!verdict.ok) {
        this.logger.info({ code: verdict.fault.code, signalId: verdict.signalId, topic }, 'signal rejected');
        return;
      }
      const { signal } = verdict;
      const observation: Observation = {
        ...signal,
        seriesKey: seriesKeyOf(signal),
        receivedAt: now.toISOString(),
        source: { topic, partition: context.getPartition(), offset: context.getMessage().offset },
      };
      await this.observations.save({
        signalId: signal.signalId,
        seriesKey: observation.seriesKey,
        periodStart: signal.period.start,
        value: signal.value,
        receivedAt: now,
        source: observation.source,
        signal,
      });
      const events = this.evaluator.evaluate(observation);
      if (events.length === 0) return;
      await this.alertEvents.save(
        events.map((event) => ({
          eventId: event.eventId,
          alertId: event.alertId,
          type: event.type,
          triggerId: event.trigger.id,
          seriesKey: event.seriesKey,
          event,
        })),
      );
    }
  }
  return NaiveSignalsController;
}
