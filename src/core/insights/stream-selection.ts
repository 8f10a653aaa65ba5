import type { LogStreamInfo } from '#core/gateways.ts';
import { isApiServerStream, MAX_QUERY_STREAMS } from '#core/insights/apiserver-query.ts';
import type { TimeWindow } from '#core/window/time-window.ts';

/** The prefix every API-server stream has (the audit streams too; they are dropped after). */
export const API_SERVER_STREAM_PREFIX = 'kube-apiserver-';

/**
 * A stream created this long after a window's end may still hold events stamped inside it (the
 * first events of a new API-server instance are stamped before its stream exists).
 */
const CREATED_AFTER_MARGIN_MS = 3_600_000;

/**
 * `lastIngestionTime` is updated eventually ("typically within an hour"): a stream is dropped as
 * idle only when its last ingestion is this long before the window's start.
 */
const IDLE_MARGIN_MS = 24 * 3_600_000;

/**
 * The API-server streams (not the audit streams) that may hold events of `window`, by name, for
 * the query's `filterIndex @logStream in [...]`: streams created long after the window, or idle
 * since long before it, are left out. `null` when there are more than the query can name (the
 * whole group is then read and filtered, as before).
 *
 * @example
 * selectApiServerStreams([{ name: 'kube-apiserver-0a', creationTime: 0, lastIngestionTime: null },
 *   { name: 'kube-apiserver-audit-0a', creationTime: 0, lastIngestionTime: null }], window);
 * // ['kube-apiserver-0a']
 */
export function selectApiServerStreams(
  streams: readonly LogStreamInfo[],
  window: TimeWindow,
): string[] | null {
  const startMs = window.startSec * 1000;
  const endMs = window.endSec * 1000;
  const names = streams
    .filter((stream) => stream.name.startsWith(API_SERVER_STREAM_PREFIX))
    .filter((stream) => isApiServerStream(stream.name))
    .filter((stream) => (stream.creationTime ?? 0) <= endMs + CREATED_AFTER_MARGIN_MS)
    .filter(
      (stream) =>
        stream.lastIngestionTime === null || stream.lastIngestionTime >= startMs - IDLE_MARGIN_MS,
    )
    .map((stream) => stream.name)
    .sort();
  return names.length > MAX_QUERY_STREAMS ? null : names;
}
