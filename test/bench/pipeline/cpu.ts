import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks a second, in which /proc reports CPU time. */
const TICKS = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim());

/** CPU seconds a process has used, user and system (fields 14 and 15 of /proc/<pid>/stat); 0 once it is gone. */
function cpuSecondsOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS;
  } catch {
    return 0;
  }
}

/** Every running process whose command name is `comm`, e.g. PostgreSQL's server and its backends. */
function pidsNamed(comm: string): number[] {
  return readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .map(Number)
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === comm;
      } catch {
        return false;
      }
    });
}

/** The machine's busy and total CPU seconds since boot, all cores (the `cpu` line of /proc/stat). */
function machineSeconds(): { busy: number; total: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0];
  const [user, nice, system, idle, iowait, irq, softirq, steal] = line.split(/\s+/).slice(1).map(Number);
  const busy = user + nice + system + irq + softirq + steal;
  return { busy: busy / TICKS, total: (busy + idle + iowait) / TICKS };
}

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
