/**
 * CPU time of the processes in a run: to show whether the server or the load generator was the
 * limit, and to wait until both servers have gone quiet before the next run.
 */
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { log } from './log.mjs';

/**
 * Waits until neither server uses CPU any more (below 5 % of a core over half a second, twice in a
 * row): after a POST run the API still hashes the passwords of abandoned requests and sends their
 * activation e-mails, which must not be billed to the next run. Gives up after 90 s and says so.
 */
export async function waitForQuiet(pids) {
  if (processCpuMs(pids.api) === null) {
    await sleep(2_000);
    return;
  }
  const started = Date.now();
  let quietSamples = 0;
  while (quietSamples < 2) {
    const before = Object.values(pids).map(processCpuMs);
    await sleep(500);
    const busiest = Math.max(...Object.values(pids).map((pid, index) => ((processCpuMs(pid) ?? 0) - (before[index] ?? 0)) / 5));
    quietSamples = busiest < 5 ? quietSamples + 1 : 0;
    if (Date.now() - started > 90_000) {
      log('warning: the servers did not go quiet within 90 s; measuring anyway');
      return;
    }
  }
}

/** USER_HZ: 100 on every Linux build Node runs on. */
const clockTicksPerSecond = 100;

/** User + system CPU time of a process (all its threads), from /proc; null where there is no /proc. */
export function processCpuMs(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of the whole line, 12 and 13 after "pid (comm) ".
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / clockTicksPerSecond;
  } catch {
    return null;
  }
}

export function selfCpuMs() {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}
