import { runCli } from '#cli/run.ts';

// The `eks-sg-advisor` command: argument parsing and output only; the work is in the core.
runCli(process.argv.slice(2), {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`eks-sg-advisor: internal error: ${String(error)}\n`);
    process.exitCode = 1;
  },
);
