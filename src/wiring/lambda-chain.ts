import { setTimeout as delay } from 'node:timers/promises';
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy, { type MiddlewareObj, type MiddyfiedHandler } from '@middy/core';
import type { Context } from 'aws-lambda';
import type { Invocation } from '#app/invocation.ts';
import type { CommonConfig } from '#config/load-config.ts';

/** The logger and metrics of one function, built once, at their first use. */
export interface Observability {
  readonly logger: Logger;
  readonly metrics: Metrics;
}

/** A handler inside the chain: middy's `signal` fires `timeoutEarlyInMillis` before the Lambda timeout. */
export type ChainedHandler<E, R> = (
  event: E,
  context: Context,
  tools: { readonly signal: AbortSignal },
) => Promise<R>;

/** Options of {@link lambdaChain}. */
export interface ChainOptions {
  /**
   * How long before the Lambda timeout the signal fires (default 10 s). The chain then waits for
   * the handler to wind down (a running Logs Insights query gets StopQuery) for up to this long
   * minus a margin (a fifth of it, at most one second), and fails with a `TimeoutError`.
   */
  readonly timeoutEarlyInMillis?: number;
}

/**
 * Powertools Logger and Metrics named from the configuration (service, namespace, log level),
 * each built at its first use (the first invocation), not when the module loads: building them
 * is a few milliseconds of cold start that the invocation pays anyway.
 *
 * @example
 * const observability = makeObservability(loadAnalyzeConfig());
 */
export function makeObservability(config: CommonConfig): Observability {
  let logger: Logger | undefined;
  let metrics: Metrics | undefined;
  return {
    get logger() {
      logger ??= new Logger({ serviceName: config.serviceName, logLevel: config.logLevel });
      return logger;
    },
    get metrics() {
      metrics ??= new Metrics({
        namespace: config.metricsNamespace,
        serviceName: config.serviceName,
      });
      return metrics;
    },
  };
}

/**
 * The invocation as the use cases see it: the function's ARN, the request id, the time left and
 * the chain's early-timeout signal.
 *
 * @example
 * analyzeInvocation(deps, settings, event, invocationOf(context, signal));
 */
export function invocationOf(context: Context, signal: AbortSignal): Invocation {
  return {
    functionArn: context.invokedFunctionArn,
    requestId: context.awsRequestId,
    remainingMs: () => context.getRemainingTimeInMillis(),
    signal,
  };
}

/** A function's handler as Lambda calls it. */
export type LambdaHandler<E, R> = (event: E, context: Context) => Promise<R>;

/**
 * The one middleware chain of every function: @middy/core with Powertools
 * `injectLambdaContext` (request id, cold start in every log line), `logMetrics` (EMF flushed
 * after the handler, cold-start metric) and error logging (the error is logged, then rethrown:
 * the invocation fails). The handler gets middy's early-timeout `signal`; when it fires, the
 * chain waits for the handler to wind down before failing, so a running query is stopped
 * before the Lambda is frozen.
 *
 * @throws whatever the handler throws; `TimeoutError` when the early timeout fired.
 * @example
 * export const handler = lambdaChain(async (event, context, { signal }) => run(event, signal), observability);
 */
export function lambdaChain<E, R>(
  handler: ChainedHandler<E, R>,
  observability: Observability,
  options: ChainOptions = {},
): LambdaHandler<E, R> {
  let chain: MiddyfiedHandler<E, R> | null = null;
  return (event, context) => {
    chain ??= buildChain(handler, observability, options);
    return chain(event, context);
  };
}

function buildChain<E, R>(
  handler: ChainedHandler<E, R>,
  observability: Observability,
  options: ChainOptions,
): MiddyfiedHandler<E, R> {
  const early = options.timeoutEarlyInMillis ?? 10_000;
  let running: Promise<unknown> | null = null;
  const tracked: ChainedHandler<E, R> = async (event, context, { signal }) => {
    const work = handler(event, context, { signal });
    running = work;
    try {
      return await work;
    } finally {
      if (running === work) running = null;
    }
  };
  const chain = middy<E, R>(tracked, {
    timeoutEarlyInMillis: early,
    timeoutEarlyResponse: () => windDown(running, early),
  });
  return chain
    .use(injectLambdaContext(observability.logger, { resetKeys: true }))
    .use(logMetrics(observability.metrics, { captureColdStartMetric: true }))
    .use(errorLogger(observability));
}

/**
 * Logs the error of a failed invocation (name, message, stack, cause), counts it as an
 * `InvocationErrors` metric, and lets it propagate: the invocation fails.
 */
function errorLogger({ logger, metrics }: Observability): MiddlewareObj {
  return {
    onError: (request) => {
      logger.error('invocation failed', request.error ?? new Error('unknown error'));
      metrics.addMetric('InvocationErrors', 'Count', 1);
    },
  };
}

async function windDown(running: Promise<unknown> | null, early: number): Promise<never> {
  if (running !== null) {
    const graceMs = early - Math.min(1000, early / 5);
    const timer = new AbortController();
    const grace = delay(graceMs, undefined, { signal: timer.signal }).catch(noop);
    await Promise.race([running.then(noop, noop), grace]);
    timer.abort();
  }
  const error = new Error(
    `stopped ${early} ms before the Lambda timeout; work in progress was aborted and will be retried by the next run`,
  );
  error.name = 'TimeoutError';
  throw error;
}

function noop(): void {}
