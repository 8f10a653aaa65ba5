import type { Clock } from '#core/gateways.ts';

/**
 * A clock whose time moves only when told to: `sleep` advances it at once and records the delay.
 * `onSleep` runs before each sleep resolves (to abort a signal or change the world mid-wait).
 */
export class FakeClock implements Clock {
  readonly sleeps: number[] = [];
  onSleep: ((ms: number) => void) | null = null;

  constructor(private time = 0) {}

  now(): number {
    return this.time;
  }

  advance(ms: number): void {
    this.time += ms;
  }

  set(ms: number): void {
    this.time = ms;
  }

  async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) throw signal.reason;
    this.sleeps.push(ms);
    this.time += ms;
    this.onSleep?.(ms);
    await Promise.resolve();
    if (signal?.aborted) throw signal.reason;
  }
}
