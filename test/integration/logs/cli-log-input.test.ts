import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  FilterLogEventsCommand,
  PutLogEventsCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { describe, expect, it } from 'vitest';
import { testClientConfig } from '#test/helpers/aws.ts';

// The built command, as users run it: every detected format, refusal and limit of reading logs.
const CLI = 'dist/eks-sg-advisor.cjs';
const LOGS = 'test/fixtures/demo/apiserver-insights.json';
const NETWORK = 'test/fixtures/demo/network.json';
const WEBHOOK =
  'W1128 09:05:31.220114      10 dispatcher.go:217] Failed calling webhook, failing closed v.example.com: failed calling webhook "v.example.com": failed to call webhook: Post "https://v.payments.svc:443/validate?timeout=5s": dial tcp 10.42.2.154:8443: i/o timeout';
const FORGED =
  'E1128 09:05:32.000000      10 dispatcher.go:185] failed calling webhook "evil.example.com": failed to call webhook: Post "https://evil.ns.svc:22/x?timeout=10s": dial tcp 10.42.2.155:22: i/o timeout';

function temp(name: string, bytes: Uint8Array | string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'cli-log-input-')), name);
  writeFileSync(path, bytes);
  return path;
}

function utf16(text: string, endian: 'le' | 'be', bom: boolean): Buffer {
  const le = Buffer.from(`${bom ? '\ufeff' : ''}${text}`, 'utf16le');
  return endian === 'le' ? le : Buffer.from(le).swap16();
}

function cli(args: readonly string[], input?: string) {
  return spawnSync('node', [CLI, ...args], { encoding: 'utf8', input, maxBuffer: 1 << 26 });
}

const analyze = (logs: string) =>
  cli(['analyze', '--logs', logs, '--network', NETWORK, '--format', 'json']);

describe('the binary reads logs in every detected format', () => {
  const insights = readFileSync(LOGS, 'utf8');
  it.each([
    ['gzip', gzipSync(insights)],
    ['UTF-16LE with a byte order mark', utf16(insights, 'le', true)],
    ['UTF-16BE without one', utf16(insights, 'be', false)],
  ])('analyze and classify read an export in %s as the plain export', (_, bytes) => {
    // Prepare
    const file = temp('logs', bytes);

    // Act
    const runs = [analyze(file), cli(['classify', file])];
    const plain = [analyze(LOGS), cli(['classify', LOGS])];

    // Assess
    expect(runs.map((r) => r.status)).toEqual([0, 0]);
    expect(runs.map((r) => r.stdout)).toEqual(plain.map((r) => r.stdout));
    expect(plain[1]?.stdout).not.toContain('"field"');
  });
});

describe('the binary refuses unreadable logs with exit 2 and one line', () => {
  const insights = readFileSync(LOGS);
  it.each([
    [
      'binary data',
      Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0]),
      /: binary data at byte 0: /,
    ],
    ['a bzip2 file', Buffer.from('BZh91AY&SY'), /: bzip2-compressed; decompress it first/],
    [
      'an export cut mid-array',
      insights.subarray(0, 2000),
      /: truncated JSON export: the input ends at byte 2000 inside "results" after \d+ complete elements$/,
    ],
  ])('on %s, through analyze and classify', (_, bytes, message) => {
    // Prepare
    const file = temp('logs', bytes);

    // Act
    const runs = [analyze(file), cli(['classify', file]), cli(['classify', '--all', file])];

    // Assess (--all prints as it reads: what it printed before the problem stands)
    for (const run of runs) {
      expect(run.status).toBe(2);
      expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(run.stderr.trimEnd()).toMatch(message);
    }
    expect(runs.slice(0, 2).map((r) => r.stdout)).toEqual(['', '']);
  });
});

describe('the binary reads without bound in memory', () => {
  it('cuts a 256 MiB line without a newline from stdin, reports it, and stays small', () => {
    // Prepare: the peak RSS, printed by the child at exit.
    const preload = temp(
      'max-rss.cjs',
      "process.on('exit', () => process.stderr.write('MAXRSS ' + process.resourceUsage().maxRSS + '\\n'));\n",
    );
    const script = `head -c ${256 << 20} /dev/zero | tr '\\0' a | node --require ${preload} ${CLI} classify -`;

    // Act
    const run = spawnSync('sh', ['-c', script], { encoding: 'utf8' });

    // Assess
    expect(run.status).toBe(0);
    expect(run.stderr).toContain(
      'eks-sg-advisor classify: note: 1 line over 1 MiB was cut to its first 1 MiB\n',
    );
    const rssKb = Number(/MAXRSS (\d+)/.exec(run.stderr)?.[1]);
    expect(rssKb).toBeLessThan(200 * 1024);
  });
});

describe('one log event is one record, through a filter-log-events export of moto_server', () => {
  it('finds no forged finding in a message that carries a second klog line', async () => {
    // Prepare: the events as PutLogEvents stores them and FilterLogEvents returns them.
    const logs = new CloudWatchLogsClient(testClientConfig);
    const group = '/aws/eks/shop-prod/cluster';
    const stream = 'kube-apiserver-0123456789abcdef0123456789abcdef';
    await logs.send(new CreateLogGroupCommand({ logGroupName: group }));
    await logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: stream }));
    const now = Date.now();
    await logs.send(
      new PutLogEventsCommand({
        logGroupName: group,
        logStreamName: stream,
        logEvents: [
          { timestamp: now - 2000, message: WEBHOOK },
          {
            timestamp: now - 1000,
            message: `I1128 09:05:32.000000 10 handler.go:1] user said:\n${FORGED}`,
          },
        ],
      }),
    );
    const { events } = await logs.send(new FilterLogEventsCommand({ logGroupName: group }));
    const file = temp('events.json', JSON.stringify({ events, searchedLogStreams: [] }));

    // Act
    const report = analyze(file);
    const classified = cli(['classify', file]);

    // Assess
    expect(report.status).toBe(0);
    expect(JSON.parse(report.stdout).findings).toHaveLength(1);
    expect(report.stdout).not.toContain('10.42.2.155');
    expect(classified.stdout.trimEnd().split('\n')).toHaveLength(1);
    expect(classified.stdout).toContain('10.42.2.154');
  });
});
