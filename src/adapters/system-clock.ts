import { setTimeout as delay } from 'node:timers/promises';
import type { Clock } from '#core/gateways.ts';

/** The real clock: `Date.now()` and timers. Built only at composition roots (CLI, Lambdas). */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: async (ms, signal) => {
    await delay(ms, undefined, signal ? { signal } : undefined);
  },
};
