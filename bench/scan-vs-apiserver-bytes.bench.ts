/**
 * Bytes a scheduled window's query scans, divided by the bytes of the API-server streams in that
 * window, for a modelled EKS log group with audit logging on. The real stream choice
 * (`selectApiServerStreams`, from a modelled DescribeLogStreams answer) and the real query text
 * (`apiServerEventsQuery`, read back with `queryStreams`) decide which streams Logs Insights
 * reads: with `filterIndex @logStream in [...]` on the indexed `@logStream`, only the named
 * streams' events are scanned; without it (the saved query, the whole group) every stream is.
 */
import { selectApiServerStreams } from '#core/insights/stream-selection.ts';
import type { LogStreamInfo } from '#core/ports.ts';
import { DEFAULT_WINDOW_PLAN, planWindow } from '#core/window/plan-window.ts';
import {
  APISERVER_EVENTS_QUERY,
  apiServerEventsQuery,
  queryStreams,
} from '#queries/apiserver-events.ts';

const MINUTE_MS = 60_000;
const T0 = Date.UTC(2026, 10, 28, 12);

/**
 * A modelled log group of a busy cluster with every log type on: two API-server instances, their
 * audit streams (audit is typically several times the API server's own volume), the
 * authenticator, controller manager and scheduler, and an old API-server stream, idle for days.
 */
const STREAMS: readonly { info: LogStreamInfo; bytesPerMinute: number }[] = [
  { info: stream('kube-apiserver-0a1b2c3d', T0 - 86_400_000), bytesPerMinute: 2_000_000 },
  { info: stream('kube-apiserver-4e5f6a7b', T0 - 86_400_000), bytesPerMinute: 1_800_000 },
  { info: stream('kube-apiserver-audit-0a1b2c3d', T0 - 86_400_000), bytesPerMinute: 9_000_000 },
  { info: stream('kube-apiserver-audit-4e5f6a7b', T0 - 86_400_000), bytesPerMinute: 8_500_000 },
  { info: stream('authenticator-0a1b2c3d', T0 - 86_400_000), bytesPerMinute: 400_000 },
  { info: stream('kube-controller-manager-0a1b', T0 - 86_400_000), bytesPerMinute: 600_000 },
  { info: stream('kube-scheduler-0a1b', T0 - 86_400_000), bytesPerMinute: 200_000 },
  {
    info: {
      name: 'kube-apiserver-99887766',
      creationTime: T0 - 9 * 86_400_000,
      lastIngestionTime: T0 - 5 * 86_400_000,
    },
    bytesPerMinute: 0,
  },
];

function stream(name: string, creationTime: number): LogStreamInfo {
  return { name, creationTime, lastIngestionTime: T0 };
}

/** Bytes a query reads in a window of `minutes`: every stream it names, or all of them. */
function scanned(query: string, minutes: number): number {
  const named = queryStreams(query);
  return STREAMS.filter((s) => named === null || named.includes(s.info.name)).reduce(
    (sum, s) => sum + s.bytesPerMinute * minutes,
    0,
  );
}

function apiServerBytes(minutes: number): number {
  return STREAMS.filter((s) => /^kube-apiserver-(?!audit-)/.test(s.info.name)).reduce(
    (sum, s) => sum + s.bytesPerMinute * minutes,
    0,
  );
}

/**
 * The figure (target 1.0) and today's whole-group scan as an extra line. Deterministic.
 *
 * @example
 * const [figure] = await run(); // { name: 'scan-vs-apiserver-bytes', ratio: 1, target: '1.0', extra: [...] }
 */
export async function run(): Promise<
  { name: string; ratio: number; target: string; extra?: string[] }[]
> {
  const plan = planWindow(Math.floor((T0 - 5 * MINUTE_MS) / 1000) - 300, T0, DEFAULT_WINDOW_PLAN);
  if (plan.kind !== 'query') throw new Error('the modelled run has no window');
  const minutes = (plan.window.endSec - plan.window.startSec) / 60;
  const names = selectApiServerStreams(
    STREAMS.map((s) => s.info),
    plan.window,
  );
  const query = apiServerEventsQuery(names);
  const base = apiServerBytes(minutes);
  const ratio = scanned(query, minutes) / base;
  const whole = scanned(APISERVER_EVENTS_QUERY, minutes) / base;
  return [
    {
      name: 'scan-vs-apiserver-bytes',
      ratio: Math.round(ratio * 1000) / 1000,
      target: '1.0',
      extra: [
        `query names ${names?.length ?? 0} stream(s) of ${STREAMS.length}: ${names?.join(', ') ?? 'none (whole group)'}`,
        `whole-group scan (the saved query, as before): ${Math.round(whole * 1000) / 1000} x the API-server bytes`,
        "assumes @logStream is indexed (a default field index of Standard-class log groups, or the enableLogging event's indexLogStream)",
      ],
    },
  ];
}
