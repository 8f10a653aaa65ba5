import { type ParseArgsConfig, parseArgs } from 'node:util';
import { InputError } from '#core/errors.ts';
import { CLUSTER_NAME } from '#core/model/aws-names.ts';

type Options = NonNullable<ParseArgsConfig['options']>;

/** Parsed flags and positionals of one command. */
export interface ParsedArgs {
  readonly values: Record<string, string | boolean | (string | boolean)[] | undefined>;
  readonly positionals: string[];
}

/**
 * Parses a command's arguments strictly: an unknown flag or a missing value is an
 * {@link InputError} naming the flag.
 *
 * @throws InputError on an unknown flag, a flag without its value, or too many positionals.
 * @example
 * parseCommandArgs('classify', ['--all', 'a.log'], { all: { type: 'boolean' } }, 1);
 */
export function parseCommandArgs(
  command: string,
  args: readonly string[],
  options: Options,
  maxPositionals: number,
): ParsedArgs {
  let parsed: ParsedArgs;
  try {
    parsed = parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new InputError(`${argumentProblem(error)} (see '${command} --help')`, { cause: error });
  }
  if (parsed.positionals.length > maxPositionals) {
    throw new InputError(
      `unexpected argument '${parsed.positionals[maxPositionals]}' (see '${command} --help')`,
    );
  }
  return parsed;
}

/**
 * The one value of a flag that must be one of `choices`.
 *
 * @throws InputError when the value is not one of them.
 */
export function choiceOf<T extends string>(
  command: string,
  flag: string,
  value: unknown,
  choices: readonly T[],
  fallback: T,
): T {
  if (value === undefined) return fallback;
  if (typeof value === 'string' && (choices as readonly string[]).includes(value))
    return value as T;
  throw new InputError(
    `--${flag} must be one of ${choices.join(', ')} (got '${String(value)}'; see '${command} --help')`,
  );
}

function argumentProblem(error: unknown): string {
  const code = error && typeof error === 'object' && 'code' in error ? String(error.code) : '';
  const message = error instanceof Error ? error.message : String(error);
  const option = /'(-[^']*)'/.exec(message)?.[1];
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && option) return `unknown option '${option}'`;
  return (message.split(/\. |\n/)[0] ?? message).replace(/\.$/, '');
}

/**
 * The `--cluster` values, checked against EKS's cluster-name rules (letters, digits, `-`, `_`;
 * starts with a letter or digit; at most 100 characters), duplicates removed.
 *
 * @throws InputError when none is given or one is not a valid cluster name.
 * @example
 * clusterNames(['prod', 'staging']); // ['prod', 'staging']
 */
export function clusterNames(values: unknown): string[] {
  const list = values === undefined ? [] : Array.isArray(values) ? values : [values];
  if (list.length === 0) throw new InputError('--cluster NAME is required');
  for (const name of list) {
    if (typeof name !== 'string' || !CLUSTER_NAME.test(name)) {
      throw new InputError(`--cluster '${String(name)}' is not a valid EKS cluster name`);
    }
  }
  return [...new Set(list as string[])];
}
