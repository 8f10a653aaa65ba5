import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { describe, expect, it } from 'vitest';
import { testClientConfig } from '#test/helpers/aws.ts';
import { runCliCaptured } from '#test/helpers/cli-io.ts';
import { API_STREAM, seedClusterLogs } from '#test/helpers/moto-logs.ts';

const START = Math.floor(Date.now() / 1000) - 900;

describe('eks-sg-advisor fetch-logs against moto_server', () => {
  it('prints the events of the window as JSON lines and the query summary on stderr', async () => {
    // Prepare
    await seedClusterLogs(new CloudWatchLogsClient(testClientConfig), 'demo', {
      [API_STREAM]: [
        { timestamp: START * 1000 + 10_000, message: 'I0101 one' },
        { timestamp: START * 1000 + 20_000, message: 'I0101 two\nsecond line' },
        { timestamp: START * 1000 + 400_000, message: 'I0101 outside' },
      ],
    });
    // Act
    const { code, stdout, stderr } = await runCliCaptured([
      'fetch-logs',
      '--cluster',
      'demo',
      '--start',
      String(START),
      '--end',
      String(START + 300),
      '--format',
      'json',
    ]);
    // Assess
    expect(code).toBe(0);
    expect(
      stdout
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line)),
    ).toEqual([
      { timestamp: START * 1000 + 10_000, stream: API_STREAM, message: 'I0101 one' },
      { timestamp: START * 1000 + 20_000, stream: API_STREAM, message: 'I0101 two\nsecond line' },
    ]);
    expect(stderr).toMatch(/query .* Complete\n/);
    expect(stderr).toMatch(
      /fetch-logs: 2 events from \/aws\/eks\/demo\/cluster .*; 1 queries; no statistics reported\n$/,
    );
  });

  it('prints plain messages for classify, with terminal control and bidi characters neutralised', async () => {
    // Prepare
    await seedClusterLogs(new CloudWatchLogsClient(testClientConfig), 'text', {
      [API_STREAM]: [
        { timestamp: START * 1000 + 1_000, message: 'I0101 \u001b[31mred\u001b[0m\tTAB' },
        { timestamp: START * 1000 + 2_000, message: 'W0101 two\nsecond line' },
        { timestamp: START * 1000 + 3_000, message: 'E0101 rlo\u202e and ls\u2028end' },
      ],
    });
    // Act
    const { code, stdout } = await runCliCaptured([
      'fetch-logs',
      '--cluster',
      'text',
      '--start',
      String(START),
      '--end',
      String(START + 60),
    ]);
    // Assess
    expect(code).toBe(0);
    expect(stdout).toBe('I0101  [31mred [0m\tTAB\nW0101 two\nsecond line\nE0101 rlo  and ls end\n');
  });

  it('exits 1 with the enable-logging hint when logging was never enabled', async () => {
    // Prepare
    // Act
    const { code, stderr } = await runCliCaptured([
      'fetch-logs',
      '--cluster',
      'nologs',
      '--since',
      '1h',
    ]);
    // Assess
    expect(code).toBe(1);
    expect(stderr).toMatch(/enable-logging --cluster nologs/);
  });

  it('exits 2 on a window it cannot read', async () => {
    // Prepare
    // Act
    const { code, stderr } = await runCliCaptured([
      'fetch-logs',
      '--cluster',
      'demo',
      '--since',
      'yesterday',
    ]);
    // Assess
    expect(code).toBe(2);
    expect(stderr).toMatch(/--since must be a duration/);
  });
});
