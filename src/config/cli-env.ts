/**
 * The environment the command reads: the AWS SDK's own variables (`AWS_PROFILE`, `AWS_REGION`,
 * `AWS_ENDPOINT_URL`, ...) and the command's. `config/` is the only reader of `process.env`; the
 * command gets it through its I/O, so tests pass their own.
 *
 * @example
 * runCli(argv, { ...io, env: cliEnvironment() });
 */
export function cliEnvironment(): NodeJS.ProcessEnv {
  return process.env;
}
