import type { Clock } from '#core/gateways.ts';

interface Timer {
  readonly at: number;
  readonly seq: number;
  readonly resolve: () => void;
}

/**
 * A discrete-event clock for simulations of concurrent loops: `sleep` parks the caller until
 * the simulated time reaches its end; `run` settles every pending promise chain, then jumps to
 * the earliest parked sleep, again and again. Time moves only when every loop is waiting, so
 * concurrent work overlaps in simulated time exactly as scheduled. Nothing may wait on real I/O.
 */
export class SimClock implements Clock {
  private readonly timers: Timer[] = [];
  private seq = 0;
  steps = 0;

  constructor(private time: number) {}

  now(): number {
    return this.time;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise((resolve) => {
      this.timers.push({ at: this.time + Math.max(0, ms), seq: this.seq++, resolve });
    });
  }

  /**
   * Advances until `done` holds after the loops settled, or no sleep is parked.
   *
   * @throws Error when simulated time passes `limitMs` after the start (a runaway simulation).
   */
  async run(done: () => boolean, limitMs: number): Promise<void> {
    const start = this.time;
    for (;;) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (done() || this.timers.length === 0) return;
      this.timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const timer = this.timers.shift();
      if (timer === undefined) return;
      this.time = Math.max(this.time, timer.at);
      if (this.time - start > limitMs) throw new Error(`simulation ran past ${limitMs} ms`);
      this.steps++;
      timer.resolve();
    }
  }
}
