import '#config/sdk-warning.ts';
import { join } from 'node:path';
import { runCli } from '#cli/run.ts';
import { cliEnvironment } from '#config/cli-env.ts';
import { plainText } from '#render/escape.ts';

// The `eks-sg-advisor` command: argument parsing and output only; the work is in the core.
// The build puts the scanning thread of `classify` beside this file (see scripts/build-cli.mjs).
runCli(process.argv.slice(2), {
  // Read on first use: opening stdin costs about 20 ms, and most runs read a file.
  get stdin() {
    return process.stdin;
  },
  stdout: process.stdout,
  stderr: process.stderr,
  env: cliEnvironment(),
  workerScript: join(__dirname, 'scan-worker.cjs'),
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`eks-sg-advisor: internal error: ${plainText(String(error))}\n`);
    process.exitCode = 1;
  },
);
