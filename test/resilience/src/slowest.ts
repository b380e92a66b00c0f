// The slowest single call of a function since the last report: a function made unresponsive (a loop
// that does not end, work in proportion to input an attacker sizes) shows here before anywhere else.
// Each call is timed on the clock and in CPU time of this thread. The clock counts the time slices
// other processes took (tens of ms on a busy 2-core machine); the thread's CPU time is counted in
// scheduler ticks (4 ms here), so a call of microseconds can show a whole tick. The lesser of the two
// is the call's own work within a tick, garbage collection on this thread included.
import type { SlowestCall } from './protocol.ts';

export class Slowest {
  private slowestMs = 0;
  private slowestRunningMs = 0;
  private calls = 0;

  /** `fn`, timed on every call. */
  wrap<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R {
    return (...args) => {
      const cpu = process.threadCpuUsage();
      const start = performance.now();
      try {
        return fn(...args);
      } finally {
        const ms = performance.now() - start;
        const used = process.threadCpuUsage(cpu);
        const running = Math.min(ms, (used.user + used.system) / 1000);
        this.calls++;
        if (ms > this.slowestMs) this.slowestMs = ms;
        if (running > this.slowestRunningMs) this.slowestRunningMs = running;
      }
    };
  }

  /** The figures since the last call, then starts afresh. */
  take(): SlowestCall {
    const taken = { slowestMs: this.slowestMs, slowestRunningMs: this.slowestRunningMs, calls: this.calls };
    this.slowestMs = 0;
    this.slowestRunningMs = 0;
    this.calls = 0;
    return taken;
  }
}
