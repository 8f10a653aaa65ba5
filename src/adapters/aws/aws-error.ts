/**
 * The SDK error's `name` (e.g. `ResourceNotFoundException`), or `''` for anything else. Adapters
 * translate errors by this name at the boundary.
 *
 * @example
 * if (awsErrorName(error) === 'LimitExceededException') return { outcome: 'limit-exceeded', message };
 */
export function awsErrorName(error: unknown): string {
  return error instanceof Error ? error.name : '';
}

/**
 * The error's message, or its string form, followed by the number of attempts when the SDK
 * retried the call (`$metadata.attempts` above 1), so an error line shows the retries were spent.
 *
 * @example
 * awsErrorMessage(new Error('denied')); // 'denied'
 * awsErrorMessage(Object.assign(new Error('Rate exceeded'), { $metadata: { attempts: 5 } }));
 * // 'Rate exceeded (5 attempts)'
 */
export function awsErrorMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const attempts = attemptsOf(error);
  return attempts > 1 ? `${message} (${attempts} attempts)` : message;
}

/**
 * `Name: message (N attempts)` for an SDK error: what an error line shows after the operation.
 *
 * @example
 * awsErrorSummary(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }));
 * // 'ThrottlingException: Rate exceeded'
 */
export function awsErrorSummary(error: unknown): string {
  const name = awsErrorName(error) || 'Error';
  return `${name}: ${awsErrorMessage(error)}`;
}

function attemptsOf(error: unknown): number {
  if (error === null || typeof error !== 'object' || !('$metadata' in error)) return 0;
  const metadata = (error as { $metadata?: { attempts?: unknown } }).$metadata;
  return typeof metadata?.attempts === 'number' ? metadata.attempts : 0;
}
