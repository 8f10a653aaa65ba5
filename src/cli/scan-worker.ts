import { parentPort, workerData } from 'node:worker_threads';
import { type ScanRangeTask, scanRangeTask } from '#cli/scan-input.ts';

// A scanning thread of `classify` on a large file: scans its range and sends the groups back.
parentPort?.postMessage(scanRangeTask(workerData as ScanRangeTask));
