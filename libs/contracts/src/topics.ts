/**
 * Topic names, derived from one optional prefix so that a test run or a demo can own its topics on a
 * shared broker without touching anybody else's.
 */
export interface TopicNames {
  readonly signalsPrefix: string;
  readonly observations: string;
  readonly alerts: string;
  signals(reporter: string): string;
  /** One reporter's rejected signals, readable by that reporter alone: `atalaya.rejections.<ISO3>`. */
  rejections(reporter: string): string;
  /** One recipient's own notification topic: `atalaya.notify.<recipientId>`. */
  notify(recipientId: string): string;
  /** Where one recipient sends its CAP `Ack`s: `atalaya.acks.<recipientId>`. */
  acks(recipientId: string): string;
  /** Where a consumer puts what it could not process from `sourceTopic`: `atalaya.deadletter.<source topic>`. */
  deadLetter(sourceTopic: string): string;
  /** The topic a dead-letter topic's messages came from, for replaying them. */
  sourceOf(deadLetterTopic: string): string | undefined;
  reporterOf(signalsTopic: string): string | undefined;
}

export function topicNames(prefix = ''): TopicNames {
  const signalsPrefix = `${prefix}atalaya.signals.`;
  const deadLetterPrefix = `${prefix}atalaya.deadletter.`;
  const unprefixed = (topic: string) => (topic.startsWith(prefix) ? topic.slice(prefix.length) : topic);
  return {
    signalsPrefix,
    observations: `${prefix}atalaya.observations`,
    alerts: `${prefix}atalaya.alerts`,
    signals: (reporter) => `${signalsPrefix}${reporter}`,
    rejections: (reporter) => `${prefix}atalaya.rejections.${reporter}`,
    notify: (recipientId) => `${prefix}atalaya.notify.${recipientId}`,
    acks: (recipientId) => `${prefix}atalaya.acks.${recipientId}`,
    deadLetter: (sourceTopic) => `${deadLetterPrefix}${unprefixed(sourceTopic)}`,
    sourceOf: (topic) =>
      topic.startsWith(deadLetterPrefix) ? `${prefix}${topic.slice(deadLetterPrefix.length)}` : undefined,
    reporterOf: (topic) => {
      return topic.startsWith(signalsPrefix) ? topic.slice(signalsPrefix.length) : undefined;
    },
  };
}
