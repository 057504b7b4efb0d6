import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { stageBuckets, type PipelineStage } from './pipeline.stages';

const misnamedDefaults = [
  'nodejs_active_handles_total',
  'nodejs_active_requests_total',
  'nodejs_active_resources_total',
];

/**
 * The metrics every Atalaya service exposes on /metrics. One registry per process, so two services started
 * in one test process never mix their counts.
 */
export class ServiceMetrics {
  readonly registry = new Registry();

  readonly received = new Counter({
    name: 'atalaya_messages_received_total',
    help: 'Kafka messages a service has taken in, by topic.',
    labelNames: ['topic'],
    registers: [this.registry],
  });

  readonly consumed = new Counter({
    name: 'atalaya_messages_consumed_total',
    help: 'Kafka messages a consumer is done with, by topic and outcome (processed, dead_lettered): the two add up to what it consumed.',
    labelNames: ['topic', 'outcome'],
    registers: [this.registry],
  });

  readonly retries = new Counter({
    name: 'atalaya_consumer_retries_total',
    help: 'Batches or messages handled again, by topic and cause (infrastructure: database or broker unreachable; message: the handler failed on it).',
    labelNames: ['topic', 'cause'],
    registers: [this.registry],
  });

  readonly deadLetters = new Counter({
    name: 'atalaya_dead_letters_total',
    help: 'Messages sent to the dead-letter topic after their attempts, by the topic they came from.',
    labelNames: ['topic'],
    registers: [this.registry],
  });

  readonly accepted = new Counter({
    name: 'atalaya_signals_accepted_total',
    help: 'Signals that passed validation, by reporting state.',
    labelNames: ['reporter'],
    registers: [this.registry],
  });

  readonly duplicates = new Counter({
    name: 'atalaya_signals_duplicate_total',
    help: 'Signals sent again with the same id and content: counted, no effect, by reporting state.',
    labelNames: ['reporter'],
    registers: [this.registry],
  });

  readonly rejected = new Counter({
    name: 'atalaya_signals_rejected_total',
    help: 'Signals rejected, by reporting state and rejection code.',
    labelNames: ['reporter', 'code'],
    registers: [this.registry],
  });

  readonly stored = new Counter({
    name: 'atalaya_observations_total',
    help: 'Observations the engine took in, by outcome (stored, duplicate).',
    labelNames: ['outcome'],
    registers: [this.registry],
  });

  readonly alerts = new Counter({
    name: 'atalaya_alert_events_total',
    help: 'Alert lifecycle events raised, by trigger, event type and level.',
    labelNames: ['trigger', 'type', 'level'],
    registers: [this.registry],
  });

  readonly lateSeries = new Counter({
    name: 'atalaya_late_series_total',
    help: 'Series re-evaluated over their stored history because a batch brought a late period or a revision.',
    registers: [this.registry],
  });

  readonly published = new Counter({
    name: 'atalaya_outbox_published_total',
    help: 'Outbox rows published to Kafka, by topic.',
    labelNames: ['topic'],
    registers: [this.registry],
  });

  readonly silentReporters = new Gauge({
    name: 'atalaya_silent_reporters',
    help: 'Reporters watched by a no-data trigger that have let at least one deadline pass, by trigger.',
    labelNames: ['trigger'],
    registers: [this.registry],
  });

  readonly silenceTicks = new Counter({
    name: 'atalaya_silence_ticks_total',
    help: 'Ticks of the no-data watch, by outcome (evaluated, waiting for the observations backlog, failed).',
    labelNames: ['outcome'],
    registers: [this.registry],
  });

  readonly notifications = new Counter({
    name: 'atalaya_notifications_total',
    help: 'Notifications that became due, by reason (first, update, repeat, escalation).',
    labelNames: ['reason'],
    registers: [this.registry],
  });

  readonly escalations = new Counter({
    name: 'atalaya_escalations_total',
    help: 'Escalation steps taken, by what went unanswered (an alert, or a response action past its deadline) and target (another recipient, or a contact of its own).',
    labelNames: ['of', 'target'],
    registers: [this.registry],
  });

  readonly silencesExpired = new Counter({
    name: 'atalaya_silences_expired_total',
    help: 'Silences whose expiry the dispatcher announced (at their end, or when someone ended one early).',
    registers: [this.registry],
  });

  readonly actionReports = new Counter({
    name: 'atalaya_action_reports_total',
    help: 'Status reports on response actions, by status and channel (api, cli), and refusals (status "refused").',
    labelNames: ['status', 'via'],
    registers: [this.registry],
  });

  readonly seriesBreaks = new Counter({
    name: 'atalaya_series_breaks_total',
    help: 'Series break declarations, by outcome: declared, or the code they were refused with.',
    labelNames: ['reporter', 'outcome'],
    registers: [this.registry],
  });

  readonly acknowledgements = new Counter({
    name: 'atalaya_acknowledgements_total',
    help: 'Alerts a recipient acknowledged, by channel (api, cap) and outcome (acknowledged; already: acknowledged before, nothing changed).',
    labelNames: ['via', 'outcome'],
    registers: [this.registry],
  });

  readonly deliveries = new Counter({
    name: 'atalaya_deliveries_total',
    help: 'Notification delivery attempts, by channel and outcome (delivered, retrying, dead_lettered).',
    labelNames: ['channel', 'outcome'],
    registers: [this.registry],
  });

  readonly deliverySeconds = new Histogram({
    name: 'atalaya_delivery_duration_seconds',
    help: 'Time one delivery attempt took, by channel, from sending to the answer.',
    labelNames: ['channel'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  readonly batchSeconds = new Histogram({
    name: 'atalaya_batch_duration_seconds',
    help: 'Time to process one consumed batch until its effects are durable, by topic.',
    labelNames: ['topic'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  readonly stageSeconds = new Histogram({
    name: 'atalaya_stage_duration_seconds',
    help: 'Time a message took through one stage of the pipeline (intake, observation, evaluation, alert, delivery), from the timestamp it carries to the stage completing.',
    labelNames: ['stage'],
    buckets: stageBuckets,
    registers: [this.registry],
  });

  constructor(service: string) {
    this.registry.setDefaultLabels({ service });
    collectDefaultMetrics({ register: this.registry });
    // Gauges that prom-client names like counters, which promtool's lint refuses; the same figures by type
    // stay (nodejs_active_handles{type} and so on), and their sum is the total.
    misnamedDefaults.forEach((name) => this.registry.removeSingleMetric(name));
  }

  /**
   * One message through `stage`, begun at `since` (milliseconds since the epoch). A sender whose clock is
   * ahead of ours would give a negative time: it counts as 0.
   */
  stageCompleted(stage: PipelineStage, since: number, now = Date.now()): void {
    this.stageSeconds.observe({ stage }, Math.max(0, now - since) / 1000);
  }
}
