/**
 * How serverless.yml bundles each function (its `custom.esbuild` block, for serverless-esbuild)
 * and which AWS SDK clients each handler module imports and builds at cold start. The cold-import
 * benchmark builds with these; test/unit/bench/lambda-bundle.test.ts checks them against
 * serverless.yml and the handlers' sources, so they cannot drift.
 */

/** serverless.yml `custom.esbuild`, as esbuild options (`exclude: []`: nothing is external). */
export const LAMBDA_ESBUILD = {
  bundle: true,
  minify: true,
  keepNames: true,
  sourcemap: false,
  target: 'node22',
  platform: 'node',
  format: 'cjs',
  mainFields: ['module', 'main'],
} as const;

import { lambdaClientConfig } from '../src/adapters/aws/aws-client-config.ts';

/** One AWS SDK client class a handler imports. */
export interface SdkClient {
  readonly pkg: string;
  readonly name: string;
  /** Built when the module loads (`new X({})` at module scope); otherwise only imported. */
  readonly builtAtColdStart: boolean;
}

/** A deployed function: its serverless.yml name, its handler module and its SDK clients. */
export interface LambdaFunction {
  readonly name: string;
  readonly entry: string;
  /** The one module that imports and builds the SDK clients of every function. */
  readonly clientsModule: string;
  readonly clients: readonly SdkClient[];
  /** The handlers build their clients with {@link lambdaClientConfig} (else with `{}`). */
  readonly lambdaConfig: boolean;
}

function built(pkg: string, name: string): SdkClient {
  return { pkg: `@aws-sdk/client-${pkg}`, name, builtAtColdStart: true };
}

function imported(pkg: string, name: string): SdkClient {
  return { pkg: `@aws-sdk/client-${pkg}`, name, builtAtColdStart: false };
}

/** The client factory: the only module that builds AWS SDK clients. */
export const CLIENTS_MODULE = 'src/adapters/aws/clients.ts';

const ANALYZE_CLIENTS = [
  built('cloudwatch-logs', 'CloudWatchLogsClient'),
  built('dynamodb', 'DynamoDBClient'),
  built('ec2', 'EC2Client'),
  built('eks', 'EKSClient'),
  built('sns', 'SNSClient'),
  built('sqs', 'SQSClient'),
  imported('sts', 'STSClient'),
];

/** Every function of serverless.yml. */
export const LAMBDA_FUNCTIONS: readonly LambdaFunction[] = [
  {
    name: 'analyze',
    entry: 'functions/analyze.ts',
    clientsModule: CLIENTS_MODULE,
    clients: ANALYZE_CLIENTS,
    lambdaConfig: true,
  },
  {
    name: 'analyzeCluster',
    entry: 'functions/analyze-cluster.ts',
    clientsModule: CLIENTS_MODULE,
    clients: ANALYZE_CLIENTS,
    lambdaConfig: true,
  },
  {
    name: 'enableLogging',
    entry: 'functions/enable-logging.ts',
    clientsModule: CLIENTS_MODULE,
    lambdaConfig: true,
    clients: [
      built('cloudwatch-logs', 'CloudWatchLogsClient'),
      built('ec2', 'EC2Client'),
      built('eks', 'EKSClient'),
      imported('sts', 'STSClient'),
    ],
  },
  {
    name: 'planDrift',
    entry: 'functions/plan-drift.ts',
    // Its wiring builds the analyze functions' clients (SQS included) at cold start.
    clientsModule: CLIENTS_MODULE,
    clients: ANALYZE_CLIENTS,
    lambdaConfig: true,
  },
  {
    name: 'notifySlack',
    entry: 'functions/notify-slack.ts',
    clientsModule: CLIENTS_MODULE,
    // One of the two secret clients is built at cold start (the configured source's; the baseline
    // builds SSM's), and the state table's client of the posted-notification ledger.
    clients: [
      built('ssm', 'SSMClient'),
      imported('secrets-manager', 'SecretsManagerClient'),
      built('dynamodb', 'DynamoDBClient'),
    ],
    lambdaConfig: true,
  },
];

/**
 * The entry of a function's SDK-only baseline: it imports the same client classes and builds
 * those the handler module builds at cold start, with the same configuration as the handler
 * (the literal of {@link lambdaClientConfig}, or `{}`), and nothing else.
 *
 * @example
 * sdkOnlyEntry(LAMBDA_FUNCTIONS[0]);
 * // "import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs'; ..."
 */
export function sdkOnlyEntry(fn: LambdaFunction): string {
  const imports = fn.clients.map((c) => `import { ${c.name} } from '${c.pkg}';`);
  const config = fn.lambdaConfig ? JSON.stringify(lambdaClientConfig()) : '{}';
  const uses = fn.clients.map((c) =>
    c.builtAtColdStart
      ? `export const ${lower(c.name)} = new ${c.name}(config());`
      : `export const ${lower(c.name)} = () => new ${c.name}(config());`,
  );
  return [...imports, `const config = () => (${config});`, ...uses, ''].join('\n');
}

function lower(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}
