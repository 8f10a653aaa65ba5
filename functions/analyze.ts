import { type AnalyzeResponse, analyzeInvocation } from '#app/fanout/analyze-invocation.ts';
import {
  type AnalyzeDeps,
  analyzeApp,
  analyzeRuntime,
  deployedAnalyzeDeps,
} from '#wiring/analyze.ts';
import { invocationOf, lambdaChain } from '#wiring/lambda-chain.ts';

/**
 * The `analyze` handler: a scheduled event fans out one work message per configured cluster; an
 * on-demand event runs inline and answers with the reports when it is small enough (see
 * {@link analyzeInvocation}).
 *
 * @throws InputError for a bad event; ClusterRunsFailedError when a cluster failed inline or its
 *   message could not be sent.
 * @example
 * const handler = makeHandler({ config, clients, clock: systemClock });
 */
export function makeHandler(deps: AnalyzeDeps) {
  const runtime = analyzeRuntime(deps);
  const app = analyzeApp(runtime, deps.config);
  return lambdaChain<unknown, AnalyzeResponse>(
    (event, context, { signal }) =>
      analyzeInvocation(app.deps, app.settings, event, invocationOf(context, signal)),
    runtime.observability,
    { timeoutEarlyInMillis: deps.timeoutEarlyInMillis },
  );
}

/** The deployed handler: configuration read and clients built once, at cold start. */
export const handler = makeHandler(deployedAnalyzeDeps());
