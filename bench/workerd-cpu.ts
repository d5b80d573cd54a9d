/**
 * @module
 * CPU time the user worker's workerd process spends, read from /proc (Linux): the worker isolate
 * plus the local D1, rate limiter and queue simulators that `wrangler dev` runs in the same
 * process. The load generator samples it around a measured run, so a route's CPU per request can
 * be set beside the no-op's, the durable-write floor's and the peers' on the same server.
 *
 * Why not a CPU profile of the isolate: with the inspector's profiler running, the isolate
 * serves a fifth of its usual throughput, so its figures would describe the profiler.
 */
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

/** Kernel clock ticks per second for /proc/<pid>/stat (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = 100;

/** The workerd process that runs the user worker of the `wrangler dev` started in `appDir`. */
export function userWorkerPid(appDir: string): number | null {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readlinkSync(`/proc/${entry}/cwd`) !== appDir) continue;
      const args = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      // wrangler runs two workerd: its proxy on the public port, and the user worker, the one
      // whose inspector it attaches to.
      if (args[0]?.endsWith('/workerd') && args.some((a) => a.startsWith('--inspector-addr'))) {
        return Number(entry);
      }
    } catch {
      // the process ended while it was being read, or is not ours to read
    }
  }
  return null;
}

/** User + system CPU time the process has used so far, in milliseconds. */
export function processCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the parenthesised command name (which may itself contain spaces).
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1000) / TICKS_PER_SECOND;
}
