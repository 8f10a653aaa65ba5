import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCliCaptured } from '#test/helpers/cli-io.ts';
import { corpusLines } from '#test/helpers/corpus.ts';

const AVAILABILITY =
  'E0905 14:48:05.380329       1 available_controller.go:524] v1beta1.metrics.k8s.io failed with: failing or missing response from https://10.0.1.197:8443/apis/metrics.k8s.io/v1beta1: Get "https://10.0.1.197:8443/apis/metrics.k8s.io/v1beta1": dial tcp 10.0.1.197:8443: i/o timeout';

describe('eks-sg-advisor classify --all', () => {
  it('prints exactly one JSON object per input line, in input order', async () => {
    // Prepare: one corpus entry holds an embedded newline, so count physical lines.
    const lines = corpusLines()
      .map((e) => e.line)
      .join('\n')
      .split('\n');
    // Act
    const { code, stdout } = await runCliCaptured(
      ['classify', '--all', '-'],
      `${lines.join('\n')}\n`,
    );
    // Assess
    const printed = stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(code).toBe(0);
    expect(printed).toHaveLength(lines.length);
    for (const verdict of printed) {
      expect(Object.keys(verdict)).toEqual([
        'kind',
        'name',
        'host',
        'ip',
        'port',
        'error',
        'latencyMs',
      ]);
    }
  });

  it('keeps empty lines, CRLF line ends and a last line without a newline as lines', async () => {
    // Act
    const { stdout } = await runCliCaptured(['classify', '--all'], `\r\n${AVAILABILITY}\r\n\nlast`);
    // Assess
    const kinds = stdout
      .trimEnd()
      .split('\n')
      .map((l) => (JSON.parse(l) as { kind: string }).kind);
    expect(kinds).toEqual(['none', 'apiservice-availability', 'none', 'none']);
  });

  it('refuses binary input with exit 2 and one line naming the byte', async () => {
    // Prepare
    const binary = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 37) % 256)).toString(
      'latin1',
    );

    // Act
    const result = await runCliCaptured(['classify', '--all'], `${binary}\n`);

    // Assess
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      'eks-sg-advisor classify: logs stdin: binary data at byte 0: not a text log or a JSON export of CloudWatch Logs\n',
    );
  });

  it('cuts a 5 MB line to 1 MiB, still prints one object for it, and says so on stderr', async () => {
    // Prepare
    const huge = `E0101 00:00:00.000000 1 a.go:1] ${'failed with: '.repeat(400_000)}`;

    // Act
    const result = await runCliCaptured(['classify', '--all'], `${AVAILABILITY}\n${huge}\nlast\n`);

    // Assess
    expect(result.code).toBe(0);
    expect(result.stdout.trimEnd().split('\n')).toHaveLength(3);
    expect(result.stderr).toBe(
      'eks-sg-advisor classify: note: 1 line over 1 MiB was cut to its first 1 MiB\n',
    );
  });
});

describe('eks-sg-advisor classify (findings)', () => {
  it('prints one JSON object per finding with the contract fields first', async () => {
    // Act
    const { code, stdout } = await runCliCaptured(
      ['classify'],
      `${AVAILABILITY}\nI0101 00:00:00.000000 1 x.go:1] noise\n`,
    );
    // Assess
    const findings = stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(code).toBe(0);
    expect(findings).toHaveLength(1);
    expect(Object.keys(findings[0] ?? {}).slice(0, 7)).toEqual([
      'kind',
      'name',
      'host',
      'ip',
      'port',
      'error',
      'latencyMs',
    ]);
    expect(findings[0]).toMatchObject({
      kind: 'apiservice-availability',
      ip: '10.0.1.197',
      port: 8443,
      error: 'timeout',
    });
  });

  it('reads a file and prints a table with --format table', async () => {
    // Prepare
    const dir = mkdtempSync(join(tmpdir(), 'classify-'));
    const file = join(dir, 'apiserver.log');
    writeFileSync(file, `${AVAILABILITY}\n`);
    // Act
    const { code, stdout } = await runCliCaptured(['classify', file, '--format', 'table']);
    // Assess
    expect(code).toBe(0);
    expect(stdout).toMatch(/^TIME\s+KIND\s+NAME\s+ENDPOINT\s+ERROR/);
    expect(stdout).toContain('10.0.1.197:8443');
  });

  it('replaces control characters from logs in the table', async () => {
    // Act
    const { stdout } = await runCliCaptured(
      ['classify', '--format', 'table'],
      `${AVAILABILITY}\u001b[2J\n`,
    );
    // Assess
    expect(stdout).not.toContain('\u001b');
  });
});

describe('eks-sg-advisor classify on bad input', () => {
  it.each([
    [
      ['classify', '/no/such/file.log'],
      /^eks-sg-advisor classify: cannot read \/no\/such\/file\.log: no such file\n$/,
    ],
    [
      ['classify', '--bogus'],
      /^eks-sg-advisor classify: unknown option '--bogus' \(see 'classify --help'\)\n$/,
    ],
    [
      ['classify', '--format', 'xml'],
      /^eks-sg-advisor classify: --format must be one of json, table/,
    ],
    [['classify', 'a.log', 'b.log'], /unexpected argument 'b\.log'/],
    [['classify', '--all', '--format', 'table'], /--all prints JSON only/],
    [['classify', '.'], /cannot read \.: it is a directory/],
  ])('%j exits 2 with one line naming the problem', async (args, message) => {
    // Act
    const { code, stdout, stderr } = await runCliCaptured(args);
    // Assess
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(message);
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  it('rejects an unknown command with exit 2', async () => {
    // Act
    const { code, stderr } = await runCliCaptured(['clasify']);
    // Assess
    expect(code).toBe(2);
    expect(stderr).toBe("eks-sg-advisor: unknown command 'clasify' (see --help)\n");
  });
});

describe('eks-sg-advisor explain', () => {
  it('explains a pasted error and names the pod port to open', async () => {
    // Act
    const { code, stdout } = await runCliCaptured([
      'explain',
      'Internal error occurred: failed calling webhook "validate.kyverno.svc-fail": failed to call webhook: Post "https://kyverno-svc.kyverno.svc:443/validate/fail?timeout=10s": context deadline exceeded',
    ]);
    // Assess
    expect(code).toBe(0);
    expect(stdout).toContain('SG fix:   yes');
    expect(stdout).toContain('Pod port: 9443 (Kyverno)');
  });

  it('reads the text from stdin and prints JSON', async () => {
    // Act
    const { code, stdout } = await runCliCaptured(
      ['explain', '-', '--format', 'json'],
      'conversion webhook for cert-manager.io/v1alpha2, Kind=Certificate failed: Post https://cert-manager-webhook.cert-manager.svc:443/convert?timeout=30s: EOF\n',
    );
    // Assess
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({
      kind: 'webhook-conversion',
      name: 'certificates.cert-manager.io',
      error: 'eof',
    });
  });

  it('exits 2 without a text', async () => {
    // Act
    const { code, stderr } = await runCliCaptured(['explain']);
    // Assess
    expect(code).toBe(2);
    expect(stderr).toMatch(/give the error text/);
  });
});
