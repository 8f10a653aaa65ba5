import type { StartQueryCommand } from '@aws-sdk/client-cloudwatch-logs';
import { awsErrorName } from '#adapters/aws/aws-error.ts';

const REFUSAL = 'LimitExceededException';

/**
 * A LimitExceededException carried past the SDK's retry layer. The SDK counts
 * LimitExceededException as throttling and would retry it at once; for StartQuery it means the
 * account's concurrent-query quota is full, which frees up in seconds to minutes, so the query
 * runner waits for it with its own backoff instead. The wrapper's name is not one the SDK
 * retries, and it carries the service error unchanged.
 */
class QuotaRefusal extends Error {
  readonly refusal: Error;

  constructor(refusal: Error) {
    super(refusal.message);
    this.name = 'QuotaRefusal';
    this.refusal = refusal;
  }
}

/**
 * Adds to a StartQuery command a middleware below the SDK's retry step that turns its
 * LimitExceededException into a {@link QuotaRefusal}, so the SDK gives it back at the first
 * attempt. Throttling, 5xx and network errors are still retried.
 *
 * @example
 * const command = new StartQueryCommand(input);
 * passQuotaRefusalThroughRetries(command);
 * await client.send(command).catch((e) => quotaRefusalOf(e)); // the LimitExceededException, or null
 */
export function passQuotaRefusalThroughRetries(command: StartQueryCommand): void {
  command.middlewareStack.add(
    (next) => async (args) => {
      try {
        return await next(args);
      } catch (error) {
        if (error instanceof Error && awsErrorName(error) === REFUSAL) {
          throw new QuotaRefusal(error);
        }
        throw error;
      }
    },
    { step: 'finalizeRequest', priority: 'low', name: 'passQuotaRefusalThroughRetries' },
  );
}

/**
 * The LimitExceededException behind `error` (wrapped by {@link passQuotaRefusalThroughRetries},
 * or as the SDK threw it), else null.
 *
 * @example
 * quotaRefusalOf(new Error('x')); // null
 */
export function quotaRefusalOf(error: unknown): Error | null {
  if (error instanceof QuotaRefusal) return error.refusal;
  if (error instanceof Error && awsErrorName(error) === REFUSAL) return error;
  return null;
}
