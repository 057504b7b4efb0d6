import { cpuSecondsOf, machineSeconds, pidsNamed } from '../proc';

export interface CpuSnapshot {
  readonly machine: { busy: number; total: number };
  readonly byProcess: Record<string, number>;
}

/**
 * CPU seconds so far of each side of the run: the named processes (the services, the broker, the bench
 * itself) and every PostgreSQL process, so that a phase's use is the difference of two snapshots. PostgreSQL
 * is the machine's shared server: its processes are counted whole, which is only the bench's while nothing
 * else uses it.
 */
export function cpuSnapshot(pids: Readonly<Record<string, number>>): CpuSnapshot {
  const byProcess: Record<string, number> = {};
  for (const [name, pid] of Object.entries(pids)) byProcess[name] = cpuSecondsOf(pid);
  byProcess.postgresql = pidsNamed('postgres').reduce((sum, pid) => sum + cpuSecondsOf(pid), 0);
  return { machine: machineSeconds(), byProcess };
}

export interface CpuUse {
  /** Share of the machine's cores busy, whoever used them. */
  readonly machineBusy: number;
  /** CPU milliseconds each side used per signal of the phase. */
  readonly msPerSignal: Record<string, number>;
}

/** What a phase of `signals` signals used between two snapshots. */
export function cpuUse(before: CpuSnapshot, after: CpuSnapshot, signals: number): CpuUse {
  const msPerSignal: Record<string, number> = {};
  for (const [name, seconds] of Object.entries(after.byProcess)) {
    msPerSignal[name] = round(((seconds - (before.byProcess[name] ?? 0)) * 1000) / signals);
  }
  msPerSignal.all = round(Object.values(msPerSignal).reduce((a, b) => a + b, 0));
  const busy = after.machine.busy - before.machine.busy;
  const total = after.machine.total - before.machine.total;
  return { machineBusy: round(total > 0 ? busy / total : 0), msPerSignal };
}

const round = (x: number) => Math.round(x * 1000) / 1000;
