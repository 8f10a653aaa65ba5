import { LineChunker } from '#cli/line-chunker.ts';
import type { LogSource } from '#cli/log-source.ts';
import { scanInput } from '#cli/scan-input.ts';
import { InputError } from '#core/errors.ts';
import type { Classifier } from '#core/logs/classify/classifier.ts';
import { MAX_JSON_VALUE_BYTES, MAX_LINE_BYTES } from '#core/logs/read/input-limits.ts';
import { LogInputReader } from '#core/logs/read/log-input-reader.ts';
import type { ExportFormat } from '#core/logs/read/record-lists.ts';
import type { LogEvent } from '#core/logs/read/records.ts';

/** What reading a log input found besides its findings. */
export interface LogsRead {
  readonly format: 'text' | ExportFormat;
  /** Cluster names from the log groups a Logs Insights export names (`@log`). */
  readonly clusters: readonly string[];
  /** Accounts of those log groups, when `@log` names one. */
  readonly accounts?: readonly string[];
  /** Lines (text) or messages (JSON) over `MAX_LINE_BYTES`, cut to it. */
  readonly cutLines: number;
}

/** Bytes kept while a JSON-looking input may still turn out to be text (to read it again). */
const MAX_UNDECIDED_BYTES = 2 * MAX_JSON_VALUE_BYTES;

/**
 * Reads a log input into `classifier`, streaming: a JSON export element by element, plain text
 * through the classifier's fast path (a plain file in parallel ranges when large). The formats
 * detected are those of `analyze --logs` and `classify` alike.
 *
 * @throws InputError as {@link LogInputReader} and `scanInput`.
 * @example
 * const read = await readLogsInto(await openLogSource(path, io.stdin), classifier, { jobs: 1, workerScript: null });
 */
export async function readLogsInto(
  source: LogSource,
  classifier: Classifier,
  options: { readonly jobs: number; readonly workerScript: string | null },
): Promise<LogsRead> {
  const text = async (chunks: AsyncIterable<Buffer>): Promise<LogsRead> => {
    if (source.path) await source.close(); // the file is read again by ranges
    const cutLines = await scanInput(
      source.path ? { path: source.path } : { chunks, label: source.label },
      classifier,
      options,
    );
    return { format: 'text', clusters: [], cutLines };
  };
  try {
    if (!source.startsLikeJson) return await text(iterable(source.chunks));
    const read = await readJson(source, (event) => classifier.push(event));
    if ('format' in read) return read;
    return await text(read.replay);
  } finally {
    await source.close();
  }
}

/**
 * Reads a log input event by event: each event of a JSON export, or each line of a text (cut at
 * `MAX_LINE_BYTES`), in input order, for `classify --all`. `flush` is awaited after each chunk.
 *
 * @throws InputError as {@link readLogsInto}.
 */
export async function readLogEvents(
  source: LogSource,
  onEvent: (event: LogEvent) => void,
  flush: () => Promise<void>,
): Promise<LogsRead> {
  const text = async (chunks: AsyncIterable<Buffer>): Promise<LogsRead> => {
    const chunker = new LineChunker((lines) => {
      const all = lines.toString('utf8');
      const end = all.endsWith('\n') ? all.length - 1 : all.length;
      for (const line of all.slice(0, end).split('\n')) {
        onEvent({ message: line.endsWith('\r') ? line.slice(0, -1) : line });
      }
    });
    for await (const chunk of chunks) {
      chunker.push(chunk);
      await flush();
    }
    chunker.end();
    await flush();
    return { format: 'text', clusters: [], cutLines: chunker.cutLines };
  };
  try {
    if (!source.startsLikeJson) return await text(iterable(source.chunks));
    const read = await readJson(source, onEvent, flush);
    if ('format' in read) return read;
    return await text(read.replay);
  } finally {
    await source.close();
  }
}

/**
 * Reads a JSON export; when it stops being JSON before a record list opens, gives the input
 * back as `replay` (the bytes held so far, then the rest) to be read as text.
 */
async function readJson(
  source: LogSource,
  onEvent: (event: LogEvent) => void,
  flush: () => Promise<void> = async () => undefined,
): Promise<LogsRead | { readonly replay: AsyncIterable<Buffer> }> {
  const reader = new LogInputReader(source.label, onEvent);
  const held: Buffer[] = [];
  let heldBytes = 0;
  for (let next = await source.chunks.next(); !next.done; next = await source.chunks.next()) {
    const chunk = next.value;
    if (!reader.committed) {
      held.push(chunk);
      heldBytes += chunk.length;
    }
    reader.push(chunk);
    if (reader.notJson) return { replay: replay(held, source.chunks) };
    if (reader.committed) held.length = 0;
    else if (heldBytes > MAX_UNDECIDED_BYTES) {
      throw new InputError(
        `logs ${source.label}: JSON with no "events" or "results" list in its first ${MAX_UNDECIDED_BYTES >> 20} MiB`,
      );
    }
    await flush();
  }
  const summary = reader.finish();
  if (summary === 'not-json') return { replay: replay(held, source.chunks) };
  await flush();
  return {
    format: summary.format,
    clusters: summary.clusters,
    accounts: summary.accounts,
    cutLines: summary.cutMessages,
  };
}

async function* replay(held: Buffer[], rest: AsyncIterator<Buffer>): AsyncGenerator<Buffer> {
  yield* held.splice(0);
  for (let next = await rest.next(); !next.done; next = await rest.next()) yield next.value;
}

function iterable(chunks: AsyncIterator<Buffer>): AsyncIterable<Buffer> {
  return { [Symbol.asyncIterator]: () => chunks };
}

/**
 * The stderr note for cut lines, or null when none was cut.
 *
 * @example
 * cutLinesNote({ format: 'text', clusters: [], cutLines: 2 }); // 'note: 2 lines over 1 MiB were cut to their first 1 MiB'
 */
export function cutLinesNote(read: LogsRead): string | null {
  if (read.cutLines === 0) return null;
  const what = read.format === 'text' ? 'line' : 'message';
  const mib = `${MAX_LINE_BYTES >> 20} MiB`;
  return read.cutLines === 1
    ? `note: 1 ${what} over ${mib} was cut to its first ${mib}`
    : `note: ${read.cutLines} ${what}s over ${mib} were cut to their first ${mib}`;
}
