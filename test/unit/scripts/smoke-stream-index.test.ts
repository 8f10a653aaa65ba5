import {
  CloudWatchLogsClient,
  DescribeLogStreamsCommand,
  GetQueryResultsCommand,
  StartQueryCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { DescribeClusterCommand, EKSClient } from '@aws-sdk/client-eks';
import { SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { FakeClock } from '#test/helpers/fake-clock.ts';
import { runSmokeChecks } from '../../../scripts/smoke-checks.ts';

const logs = mockClient(CloudWatchLogsClient);
const eks = mockClient(EKSClient);
const STREAM = 'kube-apiserver-0123456789abcdef0123456789abcdef';

/** Answers each `stats count(*)` query with the count its selector gets. */
function countsBySelector(counts: { readonly filterIndex: number; readonly filter: number }) {
  let id = 0;
  const byQuery = new Map<string, number>();
  logs.on(StartQueryCommand).callsFake((input: { queryString?: string }) => {
    id += 1;
    const text = input.queryString ?? '';
    const n =
      text.includes('| filterIndex @logStream in') && text.includes('stats count(*)')
        ? counts.filterIndex
        : text.includes('| filter @logStream in')
          ? counts.filter
          : 0;
    byQuery.set(`q-${id}`, n);
    return { queryId: `q-${id}` };
  });
  logs.on(GetQueryResultsCommand).callsFake((input: { queryId?: string }) => ({
    status: 'Complete',
    statistics: { recordsScanned: 1, recordsMatched: 1, bytesScanned: 1 },
    results: [[{ field: 'n', value: String(byQuery.get(input.queryId ?? '') ?? 0) }]],
  }));
}

async function streamIndexLine() {
  const lines = await runSmokeChecks(
    {
      eks: new EKSClient({ region: 'us-east-1' }),
      logs: new CloudWatchLogsClient({ region: 'us-east-1' }),
      sns: new SNSClient({ region: 'us-east-1' }),
    },
    { cluster: 'demo', region: 'us-east-1', publish: null },
    new FakeClock(Date.UTC(2026, 11, 3, 8, 0, 0)),
  );
  return lines.find((line) => line.assumption === '@logStream indexed');
}

beforeEach(() => {
  logs.reset();
  eks.reset();
  eks.on(DescribeClusterCommand).resolves({ cluster: { name: 'demo', status: 'ACTIVE' } });
  logs.on(DescribeLogStreamsCommand).resolves({ logStreams: [{ logStreamName: STREAM }] });
});

describe('the smoke check of the @logStream index (mocked: moto ignores stats, so counts cannot differ there)', () => {
  it('fails when filterIndex reads fewer API-server events than a plain filter (the field is not indexed)', async () => {
    // Prepare
    countsBySelector({ filterIndex: 0, filter: 12 });

    // Act
    const line = await streamIndexLine();

    // Assess
    expect(line).toMatchObject({ status: 'FAIL' });
    expect(line?.detail).toContain('filterIndex read 0 of 12 event(s)');
    expect(line?.detail).toContain('enable-logging --index-log-stream');
  });

  it('passes when filterIndex reads every event a plain filter reads', async () => {
    // Prepare
    countsBySelector({ filterIndex: 12, filter: 12 });

    // Act
    const line = await streamIndexLine();

    // Assess
    expect(line).toMatchObject({ status: 'ok' });
  });

  it('says it could not tell when the streams had no event in the last five minutes', async () => {
    // Prepare
    countsBySelector({ filterIndex: 0, filter: 0 });

    // Act
    const line = await streamIndexLine();

    // Assess
    expect(line).toMatchObject({ status: 'note' });
  });
});
