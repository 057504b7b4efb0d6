import { z } from 'zod';
import { identifier, iso3 } from '@atalaya/contracts';
import { parse } from 'yaml';

const DAY_MS = 24 * 60 * 60 * 1000;

const planSchema = z.strictObject({
  reporters: z.array(iso3).min(1),
  /** The recipients of deploy/catalogue/recipients.yaml: each has its own notification topic. */
  recipients: z.array(identifier).default([]),
  topics: z
    .array(
      z.strictObject({
        name: z.string().regex(/^[a-z0-9.{}_-]+$/),
        partitions: z.number().int().min(1).max(64),
        retentionDays: z.union([z.number().positive(), z.literal('forever')]),
        description: z.string(),
      }),
    )
    .min(1),
});

export interface TopicSpec {
  readonly topic: string;
  readonly numPartitions: number;
  readonly configEntries: { name: string; value: string }[];
}

export interface TopicPlan {
  readonly reporters: readonly string[];
  readonly recipients: readonly string[];
  readonly topics: readonly TopicSpec[];
}

/**
 * Expands the topic file (`deploy/topics.yaml`) into concrete topics: `{reporter}` becomes one topic per
 * endorsing state, `{recipient}` one per recipient, and every name gets the run's prefix.
 */
export function parseTopicPlan(text: string, prefix = ''): TopicPlan {
  const plan = planSchema.parse(parse(text));
  const topics = plan.topics.flatMap((t) => {
    const names = t.name.includes('{reporter}')
      ? plan.reporters.map((r) => t.name.replace('{reporter}', r))
      : t.name.includes('{recipient}')
        ? plan.recipients.map((r) => t.name.replace('{recipient}', r))
        : [t.name];
    const retentionMs = t.retentionDays === 'forever' ? -1 : Math.round(t.retentionDays * DAY_MS);
    return names.map((name) => ({
      topic: `${prefix}${name}`,
      numPartitions: t.partitions,
      configEntries: [{ name: 'retention.ms', value: String(retentionMs) }],
    }));
  });
  return { reporters: plan.reporters, recipients: plan.recipients, topics };
}
