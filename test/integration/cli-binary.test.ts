import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateApiserverLog } from '../../bench/apiserver-log.ts';

// The built command, as `npx eks-sg-advisor` runs it after `npm ci` (the `prepare` script builds it).
describe('the eks-sg-advisor binary', () => {
  it('prints its help through npx and exits 0', () => {
    // Act
    const result = spawnSync('npx', ['--no-install', 'eks-sg-advisor', '--help'], {
      encoding: 'utf8',
    });
    // Assess
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Usage: eks-sg-advisor <command>');
    expect(result.stdout).toContain('classify');
  });

  it('loads no command bundle for the top-level help, and only its own for a command', () => {
    // Prepare: the modules the process required, printed at exit.
    const loaded = (args: string[]): string[] => {
      const script = `process.argv = [process.argv[0], 'eks-sg-advisor', ...${JSON.stringify(args)}];
require('./dist/eks-sg-advisor.cjs');
process.on('exit', () => process.stderr.write(JSON.stringify(Object.keys(require.cache).map((k) => require('node:path').relative(process.cwd(), k)))));`;
      const result = spawnSync('node', ['-e', script], { encoding: 'utf8' });
      return JSON.parse(result.stderr) as string[];
    };
    // Act
    const help = loaded(['--help']);
    const classifyHelp = loaded(['classify', '--help']);
    // Assess
    expect(help).toEqual(['dist/eks-sg-advisor.cjs']);
    expect(classifyHelp).toEqual(['dist/eks-sg-advisor.cjs', 'dist/commands/classify.cjs']);
  });

  it('classifies stdin and exits 2 on an unreadable file', () => {
    // Act
    const ok = spawnSync('node', ['dist/eks-sg-advisor.cjs', 'classify', '--all'], {
      input:
        'I0902 21:15:22.665800 1 dialer.go:35] [96df57175088ac5: 10.212.128.231:9443] Dialing...\n',
      encoding: 'utf8',
    });
    const bad = spawnSync('node', ['dist/eks-sg-advisor.cjs', 'classify', 'missing.log'], {
      encoding: 'utf8',
    });
    // Assess
    expect(ok.status).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ kind: 'dial', ip: '10.212.128.231', port: 9443 });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toBe('eks-sg-advisor classify: cannot read missing.log: no such file\n');
  });
});

describe('every command of the built binary', () => {
  it.each([
    ['analyze', '--logs', 'x.log', '--network', 'y.json', '--format', 'yaml'],
    ['snapshot'],
    ['enable-logging', '--cluster', 'demo', '--retention-days', '2'],
    ['fetch-logs', '--cluster', 'demo'],
    ['audit'],
    ['explain'],
    ['classify', '--jobs', '0'],
  ])('exits 2 with one line on bad options: %s', (...args) => {
    // Act (each command is its own bundle: the exit code must not depend on class identity)
    const result = spawnSync('node', ['dist/eks-sg-advisor.cjs', ...args], { encoding: 'utf8' });
    // Assess
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(new RegExp(`^eks-sg-advisor ${args[0]}: `));
  });
});

describe('classify on a large file', () => {
  it('prints the same findings whether one thread or several scan it', () => {
    // Prepare: just over the size where the scan goes parallel.
    const file = join(mkdtempSync(join(tmpdir(), 'classify-large-')), 'apiserver.log');
    const fd = openSync(file, 'w');
    let batch: string[] = [];
    generateApiserverLog(600_000, (line) => {
      batch.push(line);
      if (batch.length === 10_000) {
        writeSync(fd, `${batch.join('\n')}\n`);
        batch = [];
      }
    });
    writeSync(fd, `${batch.join('\n')}\n`);
    closeSync(fd);
    // Act
    const run = (jobs: string) =>
      spawnSync('node', ['dist/eks-sg-advisor.cjs', 'classify', '--jobs', jobs, file], {
        encoding: 'utf8',
        maxBuffer: 1 << 28,
      });
    const one = run('1');
    const two = run('2');
    // Assess
    expect(one.status).toBe(0);
    expect(two.status).toBe(0);
    expect(one.stdout.split('\n').length).toBeGreaterThan(1000);
    expect(two.stdout).toBe(one.stdout);
  });
});
