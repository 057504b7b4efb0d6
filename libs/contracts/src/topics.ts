/**
 * Topic names, derived from one optional prefix so that a test run or a demo can own its topics on a
 * shared broker without touching anybody else's.
 */
export interface TopicNames {
  readonly signalsPrefix: string;
  readonly rejected: string;
  readonly observations: string;
  readonly alerts: string;
  signals(reporter: string): string;
  reporterOf(signalsTopic: string): string | undefined;
}

export function topicNames(prefix = ''): TopicNames {
  const signalsPrefix = `${prefix}atalaya.signals.`;
  const rejected = `${signalsPrefix}rejected`;
  return {
    signalsPrefix,
    rejected,
    observations: `${prefix}atalaya.observations`,
    alerts: `${prefix}atalaya.alerts`,
    signals: (reporter) => `${signalsPrefix}${reporter}`,
    reporterOf: (topic) => {
      if (!topic.startsWith(signalsPrefix) || topic === rejected) return undefined;
      return topic.slice(signalsPrefix.length);
    },
  };
}
