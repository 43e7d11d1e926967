/**
 * CPU time from Linux's /proc, user + system, for the benchmarks that say where a machine's CPUs went: a process
 * (optionally only its main thread, the one a Node server's requests run on), a PostgreSQL cluster (its postmaster,
 * the backends it has reaped and those still running), and the whole machine.
 */
import fs from 'node:fs';

/** USER_HZ: /proc reports CPU time in these ticks on every Linux the project runs on. */
const TICKS_PER_SECOND = 100;

/** The fields after the command name (which may hold spaces and parentheses): 11 utime, 12 stime, 13 cutime, 14 cstime. */
function statFields(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  return text.slice(text.lastIndexOf(') ') + 2).split(' ');
}

const ticks = (fields: string[], ...indexes: number[]) => indexes.reduce((sum, i) => sum + Number(fields[i]), 0);

/** CPU seconds a process has used so far: all its threads, or only the main one. */
export function processCpuSeconds(pid: number, { mainThreadOnly = false } = {}): number {
  return ticks(statFields(mainThreadOnly ? `/proc/${pid}/task/${pid}/stat` : `/proc/${pid}/stat`), 11, 12) / TICKS_PER_SECOND;
}

const pids = () => fs.readdirSync('/proc').filter((name) => /^\d+$/.test(name)).map(Number);

/** A process's argv, or null when it has gone. */
function argv(pid: number): string[] | null {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
  } catch {
    return null;
  }
}

/** The postmaster listening on the port of `databaseUrl` (started as `postgres -D dir -p port`), or null. */
export function postmasterOf(databaseUrl: string): number | null {
  const port = new URL(databaseUrl).port || '5432';
  return pids().find((pid) => {
    const args = argv(pid);
    return Boolean(args?.[0]?.endsWith('/postgres') && args.some((arg, i) => (arg === '-p' && args[i + 1] === port) || arg === `-p${port}`));
  }) ?? null;
}

/** CPU seconds a PostgreSQL cluster has used: the postmaster, the backends it reaped, and those still running. */
export function clusterCpuSeconds(postmaster: number): number {
  let total = ticks(statFields(`/proc/${postmaster}/stat`), 11, 12, 13, 14);
  for (const pid of pids()) {
    try {
      const fields = statFields(`/proc/${pid}/stat`);
      if (Number(fields[1]) === postmaster) total += ticks(fields, 11, 12);
    } catch {
      // The backend exited between the listing and the read; the postmaster's reaped time holds it now.
    }
  }
  return total / TICKS_PER_SECOND;
}

/** CPU seconds every process on the machine has used (`/proc/stat`'s first line: user, nice, system, irq, softirq). */
export function machineCpuSeconds(): number {
  const [, ...counters] = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/);
  const [user, nice, system, , , irq, softirq] = counters.map(Number);
  return (user! + nice! + system! + irq! + softirq!) / TICKS_PER_SECOND;
}
