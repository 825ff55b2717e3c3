import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/**
 * CPU time of a process from /proc (Linux), in clock ticks: user plus system time of all its
 * threads so far. Read before and after a load phase, the difference is what the process spent
 * on that phase, which is how the bench says what share of the machine the load generator took.
 */

/** Clock ticks per second (USER_HZ), the unit of /proc/<pid>/stat's times; 100 on Linux. */
export const CLOCK_TICKS_PER_SECOND = ((): number => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/**
 * utime + stime from one line of /proc/<pid>/stat. The command name (field 2) is in
 * parentheses and may hold spaces, so fields are counted from the last `)`: utime and stime
 * are fields 14 and 15 of the line, the 12th and 13th after it.
 */
export const statTicks = (statLine: string): number => {
  const fields = statLine.slice(statLine.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  if (!Number.isFinite(ticks)) throw new Error(`not a /proc/<pid>/stat line: ${statLine.slice(0, 80)}`);
  return ticks;
};

/** The CPU seconds `pid` has used so far; undefined once it has gone. */
export const cpuSeconds = (pid: number): number | undefined => {
  try {
    return statTicks(readFileSync(`/proc/${pid}/stat`, 'utf8')) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
};
