import { seededRandom } from './load.generator';

/**
 * What the fault-injection suite does to a running stack. `kill-broker-node` takes node 1 of a cluster down
 * for good, `kill-instances` the second instance of every service; `faultPlan` plans neither, the cluster
 * and scale-out suites strike them once.
 */
export const FAULT_KINDS = [
  'kill-ingest',
  'kill-engine',
  'kill-dispatcher',
  'restart-broker',
  'kill-broker-node',
  'restart-postgres',
  'cut-connections',
  'kill-instances',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface Fault {
  /** Milliseconds into the stream. */
  readonly at: number;
  readonly kind: FaultKind;
}

export interface FaultCounts {
  /** SIGKILLs of each of ingest, engine and dispatcher. */
  readonly killsPerService: number;
  /** Crashes and restarts of a single broker. */
  readonly brokerRestarts: number;
  readonly postgresRestarts: number;
  /** `pg_terminate_backend` of every service connection. */
  readonly connectionCuts: number;
}

/**
 * When each fault strikes in a stream of `durationMs`: the faults in a seeded order, each at a seeded point
 * of a slot of its own, the slots splitting the stream's middle 90 % evenly; so two faults are never closer
 * than half a slot, and the same seed gives the same plan.
 */
export function faultPlan(seed: number, durationMs: number, counts: FaultCounts): Fault[] {
  const random = seededRandom(seed);
  const kinds: FaultKind[] = [
    ...Array.from(
      { length: counts.killsPerService },
      () => ['kill-ingest', 'kill-engine', 'kill-dispatcher'] as const,
    ).flat(),
    ...Array.from({ length: counts.brokerRestarts }, () => 'restart-broker' as const),
    ...Array.from({ length: counts.postgresRestarts }, () => 'restart-postgres' as const),
    ...Array.from({ length: counts.connectionCuts }, () => 'cut-connections' as const),
  ];
  for (let i = kinds.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [kinds[i], kinds[j]] = [kinds[j], kinds[i]];
  }
  const start = durationMs * 0.05;
  const slot = (durationMs * 0.9) / Math.max(1, kinds.length);
  return kinds.map((kind, i) => ({
    at: Math.round(start + slot * (i + 0.25 + random() * 0.5)),
    kind,
  }));
}
