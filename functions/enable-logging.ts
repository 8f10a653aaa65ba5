import {
  type EnableLoggingResponse,
  enableLoggingInvocation,
} from '#app/enable-logging/enable-invocation.ts';
import {
  deployedEnableLoggingDeps,
  type EnableLoggingDeps,
  enableLoggingApp,
} from '#wiring/enable-logging.ts';
import { invocationOf, lambdaChain } from '#wiring/lambda-chain.ts';

/**
 * The `enableLogging` handler: turns on each configured cluster's `api` control-plane logging and
 * bounds its log group's retention, on a schedule or on demand (see {@link enableLoggingInvocation}).
 *
 * @throws InputError for a bad event; ClusterRunsFailedError when a cluster failed.
 * @example
 * const handler = makeHandler({ config, clients: { eks, logs, ec2, sts }, clock: systemClock });
 */
export function makeHandler(deps: EnableLoggingDeps) {
  const app = enableLoggingApp(deps);
  return lambdaChain<unknown, EnableLoggingResponse>(
    (event, context, { signal }) =>
      enableLoggingInvocation(app.deps, app.settings, event, invocationOf(context, signal)),
    app.observability,
    { timeoutEarlyInMillis: deps.timeoutEarlyInMillis },
  );
}

/** The deployed handler: configuration read and clients built once, at cold start. */
export const handler = makeHandler(deployedEnableLoggingDeps());
