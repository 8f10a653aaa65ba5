import {
  type CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  PutLogEventsCommand,
} from '@aws-sdk/client-cloudwatch-logs';

export const API_STREAM = 'kube-apiserver-0123456789abcdef0123456789abcdef';
export const AUDIT_STREAM = 'kube-apiserver-audit-0123456789abcdef0123456789abcdef';

/** A klog header time (`MMDD HH:MM:SS.uuuuuu`) for epoch ms `at`. */
export function klogTime(at: number): string {
  const d = new Date(at);
  const pad = (n: number, w = 2): string => String(n).padStart(w, '0');
  return `${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}000`;
}

/** Writes events into `/aws/eks/<cluster>/cluster`, creating the group and streams. */
export async function seedClusterLogs(
  logs: CloudWatchLogsClient,
  cluster: string,
  streams: Record<string, readonly { readonly timestamp: number; readonly message: string }[]>,
): Promise<void> {
  const logGroupName = `/aws/eks/${cluster}/cluster`;
  await logs.send(new CreateLogGroupCommand({ logGroupName }));
  for (const [logStreamName, events] of Object.entries(streams)) {
    await logs.send(new CreateLogStreamCommand({ logGroupName, logStreamName }));
    const logEvents = [...events].sort((a, b) => a.timestamp - b.timestamp);
    await logs.send(new PutLogEventsCommand({ logGroupName, logStreamName, logEvents }));
  }
}
