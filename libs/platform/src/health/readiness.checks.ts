import type { ConsumerSnapshot } from '@atalaya/messaging';

/** A check's verdict: up, or down with what an operator should know. */
export type Verdict =
  | { readonly up: true; readonly detail?: Record<string, unknown> }
  | {
      readonly up: false;
      readonly message: string;
      readonly detail?: Record<string, unknown>;
    };

/** How many members the consumer's group has, and how many partitions its topics have in all. */
export interface GroupSize {
  readonly members: number;
  readonly partitions: number;
}

/**
 * Whether a consumer is doing its job: running (not crashed, not rebalancing), not stuck retrying an outage,
 * and with partitions assigned, unless its group has more members than partitions and it is idle by design.
 */
export function consumerVerdict(
  s: ConsumerSnapshot,
  group: () => Promise<GroupSize>,
): Promise<Verdict> | Verdict {
  const assigned = Object.values(s.assigned).reduce((n, ps) => n + ps.length, 0);
  const detail = { group: s.groupId, phase: s.phase, assigned };
  if (s.phase === 'crashed') {
    return {
      up: false,
      message: `consumer crashed for good (${s.crash ?? 'unknown error'}); restart the service`,
      detail,
    };
  }
  if (s.phase !== 'joined') return { up: false, message: `consumer is ${s.phase}, not consuming`, detail };
  if (s.retrying) {
    return {
      up: false,
      message: `retrying since ${s.retrying.since}: ${s.retrying.error}`,
      detail,
    };
  }
  if (assigned > 0) return { up: true, detail };
  return group().then(({ members, partitions }): Verdict =>
    members > partitions
      ? { up: true, detail: { ...detail, idle: `${members} members for ${partitions} partitions` } }
      : {
          up: false,
          message: `no partitions assigned though the group has ${members} members for ${partitions}`,
          detail,
        },
  );
}

/** Whether what the service committed to publish is leaving: the outbox's oldest waiting row is young enough. */
export function outboxVerdict(ageSeconds: number, maxAgeSeconds: number): Verdict {
  const detail = { oldestUnpublishedSeconds: Math.round(ageSeconds * 10) / 10, maxAgeSeconds };
  return ageSeconds <= maxAgeSeconds
    ? { up: true, detail }
    : {
        up: false,
        message: `outbox rows wait ${Math.round(ageSeconds)} s to be published (limit ${maxAgeSeconds} s): is the broker reachable?`,
        detail,
      };
}
