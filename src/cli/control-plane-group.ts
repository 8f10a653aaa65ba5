import { InputError } from '#core/errors.ts';
import { SECURITY_GROUP_ID } from '#core/model/aws-names.ts';

/**
 * The value of `--control-plane-group`: a security group ID, or null when the flag is absent.
 *
 * @throws InputError when the value is not `sg-<hex>`.
 * @example
 * controlPlaneGroupFlag('sg-0add0add0add0add0'); // 'sg-0add0add0add0add0'
 */
export function controlPlaneGroupFlag(value: unknown): string | null {
  if (value === undefined) return null;
  if (typeof value === 'string' && SECURITY_GROUP_ID.test(value)) return value;
  throw new InputError(
    `--control-plane-group must be a security group ID (sg-<hex>), got '${String(value)}'`,
  );
}
