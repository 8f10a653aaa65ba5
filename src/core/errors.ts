/**
 * The project's error hierarchy. Every error names the offending input in its message, so the CLI
 * can print `error.message` as its one-line diagnosis and the Lambdas can log it as is.
 *
 * - {@link AdvisorError}: base class; catch it to handle anything this project throws on purpose.
 * - {@link InputError}: bad user input (files, flags, events, snapshots). The CLI exits 2.
 * - {@link ConfigError}: a missing or invalid environment variable, raised at cold start.
 * - {@link AwsCallError}: an AWS call failed; names the operation and the resource.
 */
export class AdvisorError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'AdvisorError';
  }
}

/** Bad input from the user: an unreadable file, a wrong flag, a malformed snapshot or event. */
export class InputError extends AdvisorError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'InputError';
  }
}

/** A missing or invalid setting; the message names the environment variable. */
export class ConfigError extends AdvisorError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ConfigError';
  }
}

/** An AWS call failed. `operation` is the API name (e.g. `StartQuery`), `cause` the SDK error. */
export class AwsCallError extends AdvisorError {
  readonly operation: string;

  constructor(operation: string, message: string, options?: ErrorOptions) {
    super(`${operation}: ${message}`, options);
    this.name = 'AwsCallError';
    this.operation = operation;
  }
}
