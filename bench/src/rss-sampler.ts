import { readFileSync } from 'node:fs';
import { round } from './bench-numbers';

/**
 * Peak resident memory of a process, from /proc (Linux): the kernel's own high-water mark plus
 * our samples; and, apart, the peak of its anonymous memory (heaps, caches, stacks), i.e.
 * without file pages it has mapped: the live read model is read through a memory map, whose
 * pages are the OS page cache (shared, dropped under memory pressure) but count in RSS.
 */
export class RssSampler {
  private peakKb = 0;
  private peakAnonKb = 0;
  private lastKb = 0;
  private timer?: NodeJS.Timeout;
  constructor(private readonly pid: number) {}
  start(everyMs = 100): this {
    this.timer = setInterval(() => this.sample(), everyMs);
    this.sample();
    return this;
  }
  sample(): void {
    try {
      const status = readFileSync(`/proc/${this.pid}/status`, 'utf8');
      const field = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0);
      // An exited (zombie) process has no VmRSS line: keep its last size while alive.
      this.lastKb = field('VmRSS') || this.lastKb;
      this.peakKb = Math.max(this.peakKb, field('VmHWM'), this.lastKb);
      this.peakAnonKb = Math.max(this.peakAnonKb, field('RssAnon'));
    } catch {
      // the process has exited: keep the last reading
    }
  }
  /** Peak RSS in MiB. */
  stop(): number {
    clearInterval(this.timer);
    this.sample();
    return round(this.peakKb / 1024, 0);
  }
  /** The RSS of the last reading taken while the process was alive, in MiB: its size at the end of a run. */
  lastMb(): number {
    return round(this.lastKb / 1024, 0);
  }
  /** Peak anonymous memory in MiB (call after stop). */
  anonMb(): number {
    return round(this.peakAnonKb / 1024, 0);
  }
}
