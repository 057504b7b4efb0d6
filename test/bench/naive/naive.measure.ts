import type { Admin, Kafka } from 'kafkajs';
import { caughtUp, endOffsets, type EndOffsets } from '@atalaya/testing';
import { startNaiveProcess, type NaiveProcess } from './naive.process';
import { naiveGroupId } from './naive.settings';

const POLL_MS = 100;

export interface NaiveRun {
  /** A client on the run's broker, for the admin requests that watch the baseline's offsets. */
  readonly kafka: Kafka;
  /** The signals topics, already filled. */
  readonly topics: readonly string[];
  readonly databaseUrl: string;
  /** The baseline's environment: KAFKA_BROKERS and ATALAYA_TOPIC_PREFIX at least (`serviceEnv`). */
  readonly env: NodeJS.ProcessEnv;
  /** What the topics hold: the measure refuses to start on any other count. */
  readonly expectedMessages: number;
  /** How long the baseline may take to consume them all; 10 minutes unless told. */
  readonly timeoutMs?: number;
}

export interface NaiveThroughput {
  /** Messages consumed a second, valid, duplicate and invalid alike. */
  readonly signalsPerSec: number;
  readonly messages: number;
  /** From the first message the baseline handled to the moment its group had committed the topics' end. */
  readonly seconds: number;
  /** The baseline process's peak resident set size while it ran, sampled every 200 ms from /proc. */
  readonly rssMb: number;
}

/**
 * Starts the naive baseline on topics filled beforehand and measures how fast it consumes them all; stops it
 * at the end. Its consumer group must be new to the topics (topics of the run's own prefix).
 */
export async function measureNaive(run: NaiveRun): Promise<NaiveThroughput> {
  const groupId = naiveGroupId(run.env.ATALAYA_TOPIC_PREFIX ?? '');
  const admin = run.kafka.admin();
  await admin.connect();
  try {
    const messages = await messagesOn(admin, run.topics);
    if (messages !== run.expectedMessages) {
      throw new Error(
        `the topics hold ${messages} messages, not the ${run.expectedMessages} expected: fill them before measuring`,
      );
    }
    if (await hasCommitted(admin, groupId, run.topics)) {
      throw new Error(
        `consumer group ${groupId} has already consumed from these topics: measure on topics of a new prefix`,
      );
    }
    const ends = await endOffsets(admin, run.topics);
    const naive = startNaiveProcess({ ...run.env, DATABASE_URL: run.databaseUrl });
    try {
      const deadline = Date.now() + (run.timeoutMs ?? 600000);
      const first = await withDeadline(naive.firstMessage, deadline, 'its first message');
      const last = await untilCaughtUp(admin, groupId, ends, naive, deadline);
      const seconds = (last - first) / 1000;
      return { signalsPerSec: messages / seconds, messages, seconds, rssMb: naive.peakRssMb() };
    } finally {
      await naive.stop();
    }
  } finally {
    await admin.disconnect();
  }
}

/** The messages the topics hold, from the start of each partition to its end. */
async function messagesOn(admin: Admin, topics: readonly string[]): Promise<number> {
  let messages = 0;
  for (const topic of topics) {
    for (const p of await admin.fetchTopicOffsets(topic)) messages += Number(p.high) - Number(p.low);
  }
  return messages;
}

async function hasCommitted(admin: Admin, groupId: string, topics: readonly string[]): Promise<boolean> {
  const committed = await admin.fetchOffsets({ groupId, topics: [...topics] });
  return committed.some((t) => t.partitions.some((p) => Number(p.offset) >= 0));
}

async function untilCaughtUp(
  admin: Admin,
  groupId: string,
  ends: EndOffsets,
  naive: NaiveProcess,
  deadline: number,
): Promise<number> {
  for (;;) {
    if (await caughtUp(admin, groupId, ends)) return performance.now();
    naive.assertRunning();
    if (Date.now() > deadline) {
      throw new Error(`the naive baseline had not consumed the topics to their end by the deadline`);
    }
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

async function withDeadline<T>(promise: Promise<T>, deadline: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`the naive baseline did not report ${what} in time`)),
      deadline - Date.now(),
    );
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}
