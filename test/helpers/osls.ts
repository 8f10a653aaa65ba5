import { spawn } from 'node:child_process';

/** What an osls command did. */
export interface OslsRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

/**
 * Runs `npx osls ARGS` from the repository root under `timeout` (invoke local can hang after an
 * error), with stdin closed and dummy credentials unless the environment has some. The AWS
 * endpoint (moto_server) comes from the environment the integration set-up exported. It runs
 * asynchronously, so servers of the test process (a local Slack) keep answering meanwhile.
 */
export function runOsls(args: readonly string[], timeoutSec = 180): Promise<OslsRun> {
  const started = Date.now();
  const child = spawn('timeout', [String(timeoutSec), 'npx', 'osls', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      AWS_ACCESS_KEY_ID: process.env.AWS_ACCESS_KEY_ID ?? 'test',
      AWS_SECRET_ACCESS_KEY: process.env.AWS_SECRET_ACCESS_KEY ?? 'test',
      AWS_REGION: 'us-east-1',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      NO_COLOR: '1',
    },
  });
  const stdout: Buffer[] = [];
  const stderr: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
  child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (status) =>
      resolve({
        status,
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
        ms: Date.now() - started,
      }),
    );
  });
}

/**
 * The value `invoke local` printed last: the handler's answer (or error), pretty-printed after
 * the function's one-line JSON logs.
 */
export function invokeAnswer(stdout: string): unknown {
  const lines = stdout.split('\n');
  const start = lines.lastIndexOf('{');
  if (start < 0) throw new Error(`no answer in the invoke local output:\n${stdout.slice(-2000)}`);
  return JSON.parse(lines.slice(start).join('\n'));
}
