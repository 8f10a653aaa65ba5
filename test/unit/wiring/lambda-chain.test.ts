import { describe, expect, it } from 'vitest';
import { captureOutput, emfPoints } from '#test/helpers/capture-output.ts';
import { lambdaContext } from '#test/helpers/lambda-context.ts';
import { lambdaChain, makeObservability } from '#wiring/lambda-chain.ts';

const CONFIG = {
  serviceName: 'chain-test',
  metricsNamespace: 'Test',
  logLevel: 'INFO' as const,
  region: 'us-east-1',
};

describe('lambdaChain', () => {
  it('aborts the handler before the Lambda timeout and ends the invocation only after it wound down', async () => {
    // Prepare
    const steps: string[] = [];
    const handler = lambdaChain<unknown, string>(
      async (_event, _context, { signal }) => {
        await new Promise((resolve) => signal.addEventListener('abort', resolve));
        steps.push('aborted');
        await new Promise((resolve) => setTimeout(resolve, 50)); // e.g. StopQuery
        steps.push('query stopped');
        throw signal.reason;
      },
      makeObservability(CONFIG),
      { timeoutEarlyInMillis: 400 },
    );
    // Act
    const started = Date.now();
    const { outcome, records } = await captureOutput(() => handler({}, lambdaContext('f', 600)));
    // Assess
    expect(outcome.ok ? null : (outcome.error as Error).name).toBe('AbortError');
    expect(steps).toEqual(['aborted', 'query stopped']);
    expect(Date.now() - started).toBeLessThan(600);
    expect(records).toContainEqual(
      expect.objectContaining({ level: 'ERROR', message: 'invocation failed' }),
    );
  });

  it('stops waiting for a handler that ignores the signal, before the Lambda timeout', async () => {
    // Prepare
    const handler = lambdaChain<unknown, string>(
      () => new Promise(() => undefined),
      makeObservability(CONFIG),
      { timeoutEarlyInMillis: 300 },
    );
    // Act
    const started = Date.now();
    const { outcome } = await captureOutput(() => handler({}, lambdaContext('f', 500)));
    // Assess
    expect(outcome.ok ? null : String(outcome.error)).toMatch(
      /^TimeoutError: stopped 300 ms before the Lambda timeout/,
    );
    expect(Date.now() - started).toBeLessThan(500);
  });

  it('logs a failed invocation with the Lambda context and the error, counts it, and rethrows', async () => {
    // Prepare
    const failure = new RangeError('window too long');
    const handler = lambdaChain<unknown, string>(async () => {
      throw failure;
    }, makeObservability(CONFIG));
    // Act
    const { outcome, records } = await captureOutput(() => handler({}, lambdaContext('chain-fn')));
    // Assess
    expect(outcome).toEqual({ ok: false, error: failure });
    expect(records).toContainEqual(
      expect.objectContaining({
        level: 'ERROR',
        message: 'invocation failed',
        function_name: 'chain-fn',
        function_request_id: 'c6af9ac6-7b61-11e6-9a41-93e812345678',
        error: expect.objectContaining({ name: 'RangeError', message: 'window too long' }),
      }),
    );
    expect(emfPoints(records)).toContainEqual({
      name: 'InvocationErrors',
      value: 1,
      dimensions: { service: 'chain-test' },
    });
  });

  it('returns the handler’s answer and flushes its metrics in EMF', async () => {
    // Prepare
    const observability = makeObservability(CONFIG);
    const handler = lambdaChain<{ n: number }, number>(async (event) => {
      observability.metrics.addMetric('Things', 'Count', event.n);
      return event.n * 2;
    }, observability);
    // Act
    const { outcome, records } = await captureOutput(() => handler({ n: 21 }, lambdaContext('f')));
    // Assess
    expect(outcome).toEqual({ ok: true, value: 42 });
    expect(emfPoints(records)).toContainEqual({
      name: 'Things',
      value: 21,
      dimensions: { service: 'chain-test' },
    });
  });
});
