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
 * The error's message, or its string form.
 *
 * @example
 * awsErrorMessage(new Error('denied')); // 'denied'
 */
export function awsErrorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
