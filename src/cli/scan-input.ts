import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { LineChunker } from '#cli/line-chunker.ts';
import { InputError, isInputError } from '#core/errors.ts';
import { type ClassifiedPart, Classifier } from '#core/logs/classify/classifier.ts';
import { classifierSink, type GroupSink, TextScanner } from '#core/logs/classify/text-scanner.ts';
import { parseKlogLine } from '#core/logs/grammar/klog-line.ts';

/** Small enough that the scanned text stays in V8's young generation (cheap to collect). */
const CHUNK_BYTES = 64 << 10;
/** Below this size one thread scans the file; above it, `jobs` threads scan one range each. */
export const PARALLEL_MIN_BYTES = 64 << 20;

/** What a scanning worker sends back: what its range held, and its range's last line. */
interface RangeResult {
  readonly part: ClassifiedPart;
  readonly lastLine: string;
  /** Lines of the range over the line limit, cut. */
  readonly cutLines: number;
}

/** The task a worker thread of the CLI runs (see `src/cli/scan-worker.ts`). */
export interface ScanRangeTask {
  readonly task: 'scan-range';
  readonly path: string;
  readonly start: number;
  readonly end: number;
  /** The classifier's reference time (dates klog headers, which carry no year). */
  readonly referenceTime: number;
}

/**
 * Scans a plain-text log file or byte stream into `classifier` with the classifier's fast path.
 * A file of at least {@link PARALLEL_MIN_BYTES} is split at record boundaries into `jobs` ranges:
 * this thread scans and classifies the first, worker threads the others, and their parts are
 * absorbed in file order, so the findings are those of one thread reading it all. Lines over
 * `MAX_LINE_BYTES` are cut to it (memory stays bounded whatever the input).
 *
 * @returns how many lines were cut.
 * @throws InputError when the input cannot be read.
 */
export async function scanInput(
  source:
    | { readonly path: string }
    | { readonly chunks: AsyncIterable<Buffer>; readonly label: string },
  classifier: Classifier,
  { jobs, workerScript }: { readonly jobs: number; readonly workerScript: string | null },
): Promise<number> {
  if (!('path' in source)) {
    return scanChunks(source.chunks, source.label, classifierSink(classifier));
  }
  const fd = openFile(source.path);
  try {
    const size = fstatSync(fd).size;
    const ranges =
      jobs > 1 && workerScript && size >= PARALLEL_MIN_BYTES
        ? splitRanges(fd, size, jobs)
        : [[0, size] as const];
    if (ranges.length === 1) {
      return scanRange(fd, 0, size, classifierSink(classifier), source.path);
    }
    const script = workerScript ?? '';
    const remote = ranges.slice(1).map(([start, end]) =>
      runWorker(script, {
        task: 'scan-range',
        path: source.path,
        start,
        end,
        referenceTime: classifier.referenceTime,
      }),
    );
    // Only the last line of the whole file dates the end of the stream.
    const [start, end] = ranges[0] ?? [0, 0];
    const local = classifierSink(classifier);
    const cut = scanRange(
      fd,
      start,
      end,
      { group: local.group, end: () => undefined },
      source.path,
    );
    const results = await Promise.all(remote);
    for (const result of results) classifier.absorb(result.part);
    local.end(results.at(-1)?.lastLine ?? '');
    return results.reduce((sum, r) => sum + r.cutLines, cut);
  } finally {
    closeSync(fd);
  }
}

/**
 * Scans and classifies one worker's range (called in the worker thread).
 *
 * @throws InputError when the file cannot be read.
 */
export function scanRangeTask(task: ScanRangeTask): RangeResult {
  const fd = openFile(task.path);
  try {
    const classifier = new Classifier({ referenceTime: task.referenceTime });
    const sink = classifierSink(classifier);
    let lastLine = '';
    const end = (line: string): void => {
      lastLine = line;
    };
    const cutLines = scanRange(fd, task.start, task.end, { group: sink.group, end }, task.path);
    return { part: classifier.takePart(), lastLine, cutLines };
  } finally {
    closeSync(fd);
  }
}

function runWorker(script: string, task: ScanRangeTask): Promise<RangeResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(script, { workerData: task });
    worker.once('message', (result: RangeResult) => resolve(result));
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0)
        reject(new InputError(`cannot read ${task.path}: scanning thread exited with ${code}`));
    });
  });
}

/** Reads [start, end) through a {@link TextScanner}; returns how many lines were cut. */
function scanRange(fd: number, start: number, end: number, sink: GroupSink, label: string): number {
  const scanner = new TextScanner(sink);
  const chunker = new LineChunker((lines) => scanner.pushBytes(lines));
  const buffer: Buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  let position = start;
  while (position < end) {
    const read = readChunk(fd, buffer, Math.min(buffer.length, end - position), position, label);
    if (read === 0) break;
    position += read;
    chunker.push(buffer.subarray(0, read));
  }
  chunker.end();
  scanner.end();
  return chunker.cutLines;
}

async function scanChunks(
  chunks: AsyncIterable<Buffer>,
  label: string,
  sink: GroupSink,
): Promise<number> {
  const scanner = new TextScanner(sink);
  const chunker = new LineChunker((lines) => scanner.pushBytes(lines));
  try {
    for await (const chunk of chunks) chunker.push(chunk);
  } catch (error) {
    if (isInputError(error)) throw error;
    throw new InputError(`cannot read ${label}: ${String((error as Error).message ?? error)}`, {
      cause: error,
    });
  }
  chunker.end();
  scanner.end();
  return chunker.cutLines;
}

/**
 * Cuts [0, size) into up to `jobs` ranges that each start at a klog header line, so that no
 * multi-line record is split between two threads.
 */
function splitRanges(fd: number, size: number, jobs: number): (readonly [number, number])[] {
  const cuts = [0];
  const window = Buffer.allocUnsafe(256 << 10);
  for (let i = 1; i < jobs; i++) {
    const from = Math.floor((size * i) / jobs);
    const cut = headerLineAfter(fd, window, from, size);
    if (cut !== null && cut > (cuts.at(-1) ?? 0)) cuts.push(cut);
  }
  return cuts.map((start, i) => [start, cuts[i + 1] ?? size] as const);
}

function headerLineAfter(fd: number, window: Buffer, from: number, size: number): number | null {
  const read = readSync(fd, window, 0, Math.min(window.length, size - from), from);
  let newline = window.indexOf(0x0a, 0);
  while (newline !== -1 && newline + 1 < read) {
    const next = window.indexOf(0x0a, newline + 1);
    if (next === -1) return null;
    if (parseKlogLine(window.toString('utf8', newline + 1, next)).hasHeader)
      return from + newline + 1;
    newline = next;
  }
  return null;
}

function readChunk(
  fd: number,
  buffer: Buffer,
  length: number,
  position: number,
  label: string,
): number {
  try {
    return readSync(fd, buffer, 0, length, position);
  } catch (error) {
    throw new InputError(`cannot read ${label}: ${(error as Error).message}`, { cause: error });
  }
}

function openFile(path: string): number {
  try {
    const fd = openSync(path, 'r');
    if (fstatSync(fd).isDirectory()) {
      closeSync(fd);
      throw new InputError(`cannot read ${path}: it is a directory`);
    }
    return fd;
  } catch (error) {
    if (error instanceof InputError) throw error;
    const code = (error as { code?: string }).code;
    const reason =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EACCES'
          ? 'permission denied'
          : (code ?? String(error));
    throw new InputError(`cannot read ${path}: ${reason}`, { cause: error });
  }
}
