import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { runCli } from '#cli/run.ts';
import { type ScanRangeTask, scanRangeTask } from '#cli/scan-input.ts';

// The `eks-sg-advisor` command: argument parsing and output only; the work is in the core.
// The same file runs the scanning threads of `classify` on large files.
if (!isMainThread && (workerData as ScanRangeTask | undefined)?.task === 'scan-range') {
  parentPort?.postMessage(scanRangeTask(workerData as ScanRangeTask));
} else {
  runCli(process.argv.slice(2), {
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    workerScript: __filename,
  }).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`eks-sg-advisor: internal error: ${String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
