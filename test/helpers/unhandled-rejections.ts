import { afterEach, beforeEach, expect } from 'vitest';

/**
 * Makes every test of the calling file fail when a promise rejection goes unhandled while it
 * runs (vitest also reports them for the whole run; this names the test). Call it once at the
 * top level of a test file.
 *
 * @example
 * failOnUnhandledRejections();
 */
export function failOnUnhandledRejections(): void {
  const seen: unknown[] = [];
  const collect = (reason: unknown): void => {
    seen.push(reason);
  };
  beforeEach(() => {
    seen.length = 0;
    process.on('unhandledRejection', collect);
  });
  afterEach(async () => {
    // Rejections surface after the microtask queue drains: give them a turn of the event loop.
    await new Promise((resolve) => setImmediate(resolve));
    process.off('unhandledRejection', collect);
    expect(seen, 'unhandled promise rejections during the test').toEqual([]);
  });
}
