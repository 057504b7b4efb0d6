/**
 * The stages a signal goes through on its way to a recipient, each named after what completes it. Each is
 * measured where it completes, from a timestamp the message already carries (docs/observability.md):
 * - `intake`: ingest has published the signal's observation or rejection; from the signal's Kafka timestamp.
 * - `observation`: the engine has stored and evaluated the observation; from its `receivedAt`.
 * - `evaluation`: an alert event the engine recorded is on the alerts topic; from its outbox row's creation.
 * - `alert`: the dispatcher has routed the alert event; from the event's Kafka timestamp.
 * - `delivery`: a notification reached its recipient's webhook or mail server; from its creation.
 */
export const pipelineStages = ['intake', 'observation', 'evaluation', 'alert', 'delivery'] as const;
export type PipelineStage = (typeof pipelineStages)[number];

/** Seconds: a healthy stage takes milliseconds to seconds, a backlog or a retried delivery minutes. */
export const stageBuckets = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800];
