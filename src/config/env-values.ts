import { type AccountRole, parseAccountRoles } from '#core/clusters/account-roles.ts';
import { type ClusterSpec, parseClusterSpecs } from '#core/clusters/cluster-spec.ts';
import { ConfigError } from '#core/errors.ts';
import { formatDuration, parseDurationText } from '#core/window/duration.ts';

/** The environment as the Lambda runtime gives it (`process.env`), or a test's record. */
export type Env = Readonly<Record<string, string | undefined>>;

/**
 * A variable's text, trimmed; `null` when it is unset or blank (serverless writes an unset
 * parameter as an empty string).
 *
 * @example
 * optionalText({ TABLE: ' state ' }, 'TABLE'); // 'state'
 */
export function optionalText(env: Env, name: string): string | null {
  const value = env[name]?.trim();
  return value ? value : null;
}

/**
 * A variable that must be set.
 *
 * @throws ConfigError naming the variable when it is unset or blank.
 * @example
 * requiredText({ STATE_TABLE: 'state' }, 'STATE_TABLE'); // 'state'
 */
export function requiredText(env: Env, name: string): string {
  const value = optionalText(env, name);
  if (value === null) throw new ConfigError(`${name} must be set`);
  return value;
}

/**
 * A variable that must match `pattern` (`what` describes the expected form for the message).
 * The value is quoted in the error only when `echo` is true: never for names that might hold a
 * secret by mistake.
 *
 * @throws ConfigError naming the variable when it is unset or does not match.
 * @example
 * matchingText({ T: 'arn:aws:sns:eu-west-1:123456789012:a' }, 'T', /^arn:/, 'an SNS topic ARN');
 */
export function matchingText(
  env: Env,
  name: string,
  pattern: RegExp,
  what: string,
  echo = true,
): string {
  const value = requiredText(env, name);
  if (!pattern.test(value)) {
    throw new ConfigError(`${name} must be ${what}${echo ? ` (got '${value}')` : ''}`);
  }
  return value;
}

/**
 * A duration variable (`5m`, `1h30m`, `2d`) in milliseconds, or `fallbackMs` when unset.
 *
 * @throws ConfigError naming the variable when it is not a duration or is below `minMs`.
 * @example
 * durationValue({ INGESTION_LAG: '10m' }, 'INGESTION_LAG', 300_000); // 600_000
 */
export function durationValue(env: Env, name: string, fallbackMs: number, minMs = 0): number {
  const text = optionalText(env, name);
  if (text === null) return fallbackMs;
  const ms = parseDurationText(text);
  if (ms === null) {
    throw new ConfigError(`${name} must be a duration such as 5m, 1h or 2d (got '${text}')`);
  }
  if (ms < minMs) {
    throw new ConfigError(`${name} must be at least ${formatDuration(minMs)} (got '${text}')`);
  }
  return ms;
}

const TRUE = new Set(['true', '1', 'yes']);
const FALSE = new Set(['false', '0', 'no']);

/**
 * A boolean variable (`true`/`false`, `1`/`0`, `yes`/`no`), or `fallback` when unset.
 *
 * @throws ConfigError naming the variable for any other text.
 * @example
 * booleanValue({ DRY_RUN: 'true' }, 'DRY_RUN', false); // true
 */
export function booleanValue(env: Env, name: string, fallback: boolean): boolean {
  const text = optionalText(env, name)?.toLowerCase() ?? null;
  if (text === null) return fallback;
  if (TRUE.has(text)) return true;
  if (FALSE.has(text)) return false;
  throw new ConfigError(`${name} must be true or false (got '${text}')`);
}

/**
 * A comma-separated list of clusters, at least one, duplicates removed: each a bare EKS cluster
 * name (the function's own account and region) or `account/region/name`.
 *
 * @throws ConfigError naming the variable when it is unset, empty or holds an invalid entry.
 * @example
 * clusterList({ CLUSTERS: 'prod, 210987654321/eu-west-1/payments' }, 'CLUSTERS');
 * // [{ name: 'prod', account: null, region: null }, { name: 'payments', account: '210987654321', region: 'eu-west-1' }]
 */
export function clusterList(env: Env, name: string): ClusterSpec[] {
  const entries = listEntries(requiredText(env, name));
  if (entries.length === 0) throw new ConfigError(`${name} must name at least one cluster`);
  try {
    return parseClusterSpecs(entries);
  } catch (error) {
    throw new ConfigError(`${name}: ${(error as Error).message}`, { cause: error });
  }
}

/**
 * The cross-account roles, comma-separated, each `<role ARN>` or `<role ARN>|<external ID>`, at
 * most one per account; none when unset. (Role names and external IDs containing commas are not
 * supported here.)
 *
 * @throws ConfigError naming the variable and the invalid entry.
 * @example
 * accountRoleList({ ACCOUNT_ROLES: 'arn:aws:iam::210987654321:role/reader|ext-1' }, 'ACCOUNT_ROLES')[0]?.externalId; // 'ext-1'
 */
export function accountRoleList(env: Env, name: string): AccountRole[] {
  const text = optionalText(env, name);
  if (text === null) return [];
  try {
    return parseAccountRoles(listEntries(text));
  } catch (error) {
    throw new ConfigError(`${name}: ${(error as Error).message}`, { cause: error });
  }
}

/**
 * A whole number between `min` and `max`, or `fallback` when unset.
 *
 * @throws ConfigError naming the variable and the bounds.
 * @example
 * integerValue({ QUERY_CONCURRENCY: '10' }, 'QUERY_CONCURRENCY', 20, 1, 100); // 10
 */
export function integerValue(
  env: Env,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  const text = optionalText(env, name);
  if (text === null) return fallback;
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max} (got '${text}')`);
  }
  return value;
}

function listEntries(text: string): string[] {
  return text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
}

/**
 * A variable that must be one of `choices` (compared case-insensitively), or `fallback`.
 *
 * @throws ConfigError naming the variable and the choices.
 * @example
 * choiceValue({ LOG_LEVEL: 'debug' }, 'LOG_LEVEL', ['DEBUG', 'INFO'], 'INFO'); // 'DEBUG'
 */
export function choiceValue<T extends string>(
  env: Env,
  name: string,
  choices: readonly T[],
  fallback: T,
): T {
  const text = optionalText(env, name);
  if (text === null) return fallback;
  const found = choices.find((choice) => choice.toLowerCase() === text.toLowerCase());
  if (found === undefined) {
    throw new ConfigError(`${name} must be one of ${choices.join(', ')} (got '${text}')`);
  }
  return found;
}
