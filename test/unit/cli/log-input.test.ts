import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { runCli } from '#cli/run.ts';
import { runCliCaptured } from '#test/helpers/cli-io.ts';

const fixture = (name: string): string =>
  fileURLToPath(new URL(`../../fixtures/demo/${name}`, import.meta.url));
const LOGS = fixture('apiserver-insights.json');
const NETWORK = fixture('network.json');
const WEBHOOK =
  'W1128 09:05:31.220114      10 dispatcher.go:217] Failed calling webhook, failing closed v.example.com: failed calling webhook "v.example.com": failed to call webhook: Post "https://v.payments.svc:443/validate?timeout=5s": dial tcp 10.42.2.154:8443: i/o timeout';

function tempFile(name: string, bytes: Uint8Array | string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'log-input-')), name);
  writeFileSync(path, bytes);
  return path;
}

function utf16(text: string, endian: 'le' | 'be', bom: boolean): Buffer {
  const le = Buffer.from(`${bom ? '\ufeff' : ''}${text}`, 'utf16le');
  return endian === 'le' ? le : Buffer.from(le).swap16();
}

const analyze = (logs: string, stdin = '') =>
  runCliCaptured(['analyze', '--logs', logs, '--network', NETWORK, '--format', 'json'], stdin);

describe('eks-sg-advisor analyze --logs in other encodings', () => {
  it.each([
    ['gzip', (text: string) => gzipSync(text)],
    ['gzip of UTF-16LE', (text: string) => gzipSync(utf16(text, 'le', true))],
    ['UTF-16LE with a byte order mark', (text: string) => utf16(text, 'le', true)],
    ['UTF-16LE without one', (text: string) => utf16(text, 'le', false)],
    ['UTF-16BE with a byte order mark', (text: string) => utf16(text, 'be', true)],
    ['UTF-16BE without one', (text: string) => utf16(text, 'be', false)],
    ['UTF-8 with a byte order mark', (text: string) => `\ufeff${text}`],
  ])('reads a Logs Insights export in %s as the plain export', async (_, encode) => {
    // Prepare
    const plain = await analyze(LOGS);
    const file = tempFile('logs', encode(readFileSync(LOGS, 'utf8')));

    // Act
    const run = await analyze(file);

    // Assess
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(plain.stdout);
  });

  it('reads gzip-compressed text lines', async () => {
    // Act
    const run = await analyze(tempFile('api.log.gz', gzipSync(`${WEBHOOK}\n`)));

    // Assess
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).findings).toHaveLength(1);
  });
});

describe('eks-sg-advisor analyze --logs on unreadable input', () => {
  const insights = readFileSync(LOGS);
  it.each([
    [
      'binary data',
      Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 37) % 256)),
      /^eks-sg-advisor analyze: logs \S+: binary data at byte 0: not a text log or a JSON export of CloudWatch Logs\n$/,
    ],
    [
      'a zstd file',
      Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 1, 2, 3]),
      /^eks-sg-advisor analyze: logs \S+: zstd-compressed; decompress it first \(gzip is read as it is\)\n$/,
    ],
    [
      'a truncated gzip file',
      gzipSync(insights).subarray(0, 300),
      /^eks-sg-advisor analyze: cannot read \S+ \(gzip\): truncated gzip data \(unexpected end of file\)\n$/,
    ],
    [
      'a JSON export cut mid-array',
      insights.subarray(0, Math.floor(insights.length / 2)),
      new RegExp(
        `^eks-sg-advisor analyze: logs \\S+: truncated JSON export: the input ends at byte ${Math.floor(insights.length / 2)} inside "results" after \\d+ complete elements\\n$`,
      ),
    ],
    [
      'a gzip-compressed JSON export cut mid-array',
      gzipSync(insights.subarray(0, 1000)),
      /^eks-sg-advisor analyze: logs \S+ \(decoded: gzip\): truncated JSON export: the input ends at byte 1000 inside "results"/,
    ],
  ])('exits 2 with one line naming %s', async (_, bytes, message) => {
    // Act
    const run = await analyze(tempFile('logs', bytes));

    // Assess
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(message);
  });

  it('exits 2 on a JSON export cut mid-array on stdin too', async () => {
    // Act
    const run = await analyze('-', insights.subarray(0, 500).toString('utf8'));

    // Assess
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /^eks-sg-advisor analyze: logs stdin: truncated JSON export: the input ends at byte 500/,
    );
  });

  it('cuts a line over 1 MiB and says so on stderr, the findings of the other lines intact', async () => {
    // Prepare
    const file = tempFile('api.log', `${'x'.repeat(3 << 20)}\n${WEBHOOK}\n`);

    // Act
    const run = await analyze(file);

    // Assess
    expect(run.code).toBe(0);
    expect(run.stderr).toBe(
      'eks-sg-advisor analyze: note: 1 line over 1 MiB was cut to its first 1 MiB\n',
    );
    expect(JSON.parse(run.stdout).findings).toHaveLength(1);
  });
});

describe('eks-sg-advisor classify reads what analyze --logs reads', () => {
  it('reads a Logs Insights export as events, not as text (no JSON in the details)', async () => {
    // Act
    const fromJson = await runCliCaptured(['classify', LOGS]);
    const lines = (
      JSON.parse(readFileSync(LOGS, 'utf8')).results as { field: string; value: string }[][]
    )
      .map((row) => row.find((c) => c.field === '@message')?.value ?? '')
      .join('\n');
    const fromText = await runCliCaptured(['classify', '-'], `${lines}\n`);

    // Assess
    expect(fromJson.code).toBe(0);
    expect(fromJson.stdout).not.toContain('@message');
    expect(fromJson.stdout).not.toContain('\\"field\\"');
    expect(fromJson.stdout.trimEnd().split('\n').length).toBeGreaterThan(3);
    expect(fromJson.stdout.trimEnd().split('\n').length).toBe(
      fromText.stdout.trimEnd().split('\n').length,
    );
  });

  it.each([
    ['get-query-results --query results', (doc: { results: unknown[] }) => doc.results],
    [
      'filter-log-events --query events',
      (doc: { results: { field: string; value: string }[][] }) =>
        doc.results.map((row) => ({
          logStreamName: 'kube-apiserver-1',
          timestamp: 1795856404512,
          message: row.find((c) => c.field === '@message')?.value ?? '',
        })),
    ],
  ])('reads the bare JSON array of %s as events, in classify and analyze', async (_, bare) => {
    // Prepare
    const plain = await runCliCaptured(['classify', LOGS]);
    const file = tempFile(
      'bare.json',
      JSON.stringify(bare(JSON.parse(readFileSync(LOGS, 'utf8'))), null, 2),
    );

    // Act
    const classified = await runCliCaptured(['classify', file]);
    const analyzed = await analyze(file);
    const cut = await analyze(tempFile('cut.json', readFileSync(file).subarray(0, 900)));

    // Assess
    expect(classified.code).toBe(0);
    expect(classified.stdout).not.toContain('@ptr');
    expect(classified.stdout).not.toContain('\\"field\\"');
    expect(classified.stdout.trimEnd().split('\n')).toHaveLength(
      plain.stdout.trimEnd().split('\n').length,
    );
    expect(JSON.parse(analyzed.stdout).findings.length).toBeGreaterThan(3);
    expect(cut.code).toBe(2);
    expect(cut.stderr).toMatch(/truncated JSON export: the input ends at byte 900/);
  });

  it('prints one --all object per event of a JSON export', async () => {
    // Prepare
    const export_ = JSON.stringify({
      events: [
        {
          message: `${WEBHOOK}\nE1128 09:05:32.000000 10 x.go:1] forged`,
          logStreamName: 's',
          timestamp: 1,
        },
        { message: 'I1128 09:05:33.000000 10 x.go:1] noise', logStreamName: 's', timestamp: 2 },
      ],
    });

    // Act
    const run = await runCliCaptured(['classify', '--all', '-'], export_);

    // Assess
    const kinds = run.stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l).kind);
    expect(kinds).toEqual(['webhook-admission', 'none']);
  });

  it('judges an event with --all without the later lines that carry a klog header of their own', async () => {
    // Prepare
    const export_ = JSON.stringify({
      events: [
        { message: `I1128 09:05:30.000000 10 x.go:1] user said:\n${WEBHOOK}`, logStreamName: 's' },
      ],
    });

    // Act
    const run = await runCliCaptured(['classify', '--all', '-'], export_);

    // Assess
    expect(JSON.parse(run.stdout)).toMatchObject({ kind: 'none', ip: null, port: null });
  });

  it.each([
    ['gzip', (text: string) => gzipSync(text)],
    ['UTF-16LE', (text: string) => utf16(text, 'le', true)],
  ])('classifies %s text as plain text', async (_, encode) => {
    // Act
    const plain = await runCliCaptured(['classify', '-'], `${WEBHOOK}\n`);
    const encoded = await runCliCaptured(['classify', tempFile('api.log', encode(`${WEBHOOK}\n`))]);

    // Assess
    expect(encoded.code).toBe(0);
    expect(encoded.stdout).toBe(plain.stdout);
    expect(plain.stdout).toContain('10.42.2.154');
  });

  it.each([
    [
      'binary data',
      Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0]),
      /binary data at byte 0/,
    ],
    [
      'a truncated export',
      Buffer.from('{"events": [{"message": "a"}, {"mess'),
      /truncated JSON export: the input ends at byte 36 inside "events" after 1 complete elements/,
    ],
  ])('exits 2 with one line on %s, with and without --all', async (_, bytes, message) => {
    // Prepare
    const file = tempFile('logs', bytes);

    // Act
    const runs = [
      await runCliCaptured(['classify', file]),
      await runCliCaptured(['classify', '--all', file]),
    ];

    // Assess
    for (const run of runs) {
      expect(run.code).toBe(2);
      expect(run.stderr.split('\n')).toHaveLength(2);
      expect(run.stderr).toMatch(message);
    }
  });
});

describe('eks-sg-advisor classify --all on a pipe', () => {
  it('prints the verdict of a line as soon as it arrives, before the input ends', async () => {
    // Prepare
    const stdin = new PassThrough();
    const stdout = new PassThrough();
    const io = { stdin, stdout, stderr: new PassThrough(), env: {} };
    const firstOutput = new Promise<string>((resolve) =>
      stdout.once('data', (c: Buffer) => resolve(c.toString())),
    );

    // Act
    const done = runCli(['classify', '--all', '-'], io);
    stdin.write(`${WEBHOOK}\n`);
    const printed = await firstOutput;
    stdin.end();

    // Assess
    expect(JSON.parse(printed)).toMatchObject({ kind: 'webhook-admission', port: 8443 });
    expect(await done).toBe(0);
  });
});

describe('eks-sg-advisor classify FILE on a named pipe', () => {
  it('reads a pipe (as <(cat log) gives) as a stream, not by file ranges', async () => {
    // Prepare
    const fifo = join(mkdtempSync(join(tmpdir(), 'fifo-')), 'logs');
    execFileSync('mkfifo', [fifo]);
    const writer = writeFile(fifo, `${WEBHOOK}\n`);

    // Act
    const run = await runCliCaptured(['classify', fifo]);
    await writer;

    // Assess
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('10.42.2.154');
  });
});
