import { describe, expect, it } from 'vitest';
import { abortKind, interruption, pause } from '#app/pause.ts';
import { FakeClock } from '#test/helpers/fake-clock.ts';

describe('pause', () => {
  it('sleeps the whole delay when nothing limits it', async () => {
    // Prepare
    const clock = new FakeClock(1_000);
    // Act
    const result = await pause(clock, 500, {});
    // Assess
    expect(result).toBe('ok');
    expect(clock.now()).toBe(1_500);
  });

  it('sleeps only until the deadline and reports it', async () => {
    // Prepare
    const clock = new FakeClock(1_000);
    // Act
    const result = await pause(clock, 5_000, { deadline: 1_200 });
    // Assess
    expect(result).toBe('deadline');
    expect(clock.sleeps).toEqual([200]);
  });

  it('reports an abort that happens during the sleep', async () => {
    // Prepare
    const clock = new FakeClock();
    const controller = new AbortController();
    clock.onSleep = () => controller.abort();
    // Act
    const result = await pause(clock, 5_000, { signal: controller.signal });
    // Assess
    expect(result).toBe('aborted');
  });

  it('does not sleep at all when already aborted, even past the deadline', async () => {
    // Prepare
    const clock = new FakeClock(10);
    // Act
    const result = await pause(clock, 5_000, { signal: AbortSignal.abort(), deadline: 0 });
    // Assess
    expect(result).toBe('aborted');
    expect(clock.sleeps).toEqual([]);
  });

  it('treats the deadline instant itself as passed', () => {
    // Act
    const result = interruption(new FakeClock(100), { deadline: 100 });
    // Assess
    expect(result).toBe('deadline');
  });

  it('reports a signal that fired with a TimeoutError as the deadline', async () => {
    // Prepare
    const clock = new FakeClock();
    const controller = new AbortController();
    clock.onSleep = () => controller.abort(new DOMException('deadline', 'TimeoutError'));
    // Act
    const result = await pause(clock, 5_000, { signal: controller.signal });
    // Assess
    expect(result).toBe('deadline');
  });
});

describe('abortKind', () => {
  it.each([
    ['a plain abort', new Error('interrupted'), 'aborted'],
    ['a TimeoutError', new DOMException('late', 'TimeoutError'), 'deadline'],
    ['a string reason', 'TimeoutError', 'aborted'],
  ])('classifies %s', (_, reason, kind) => {
    // Prepare
    const controller = new AbortController();
    controller.abort(reason);
    // Act
    const result = abortKind(controller.signal);
    // Assess
    expect(result).toBe(kind);
  });
});
