import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, statSync, writeSync } from 'node:fs';
import { FAMILY_MARKERS } from '#core/logs/markers.ts';
import { generateApiserverLog } from './apiserver-log.ts';

const LINES = 1_000_000;
const FILE = `bench/.data/apiserver-${LINES}.log`;
const CLI = 'dist/eks-sg-advisor.cjs';

function ensureLog(): void {
  if (existsSync(FILE)) return;
  mkdirSync('bench/.data', { recursive: true });
  const fd = openSync(FILE, 'w');
  let buffer: string[] = [];
  generateApiserverLog(LINES, (line) => {
    buffer.push(line);
    if (buffer.length === 10_000) {
      writeSync(fd, `${buffer.join('\n')}\n`);
      buffer = [];
    }
  });
  if (buffer.length > 0) writeSync(fd, `${buffer.join('\n')}\n`);
  closeSync(fd);
}

/** The classifier's coarse filter as a POSIX extended regular expression. */
function grepPattern(): string {
  return FAMILY_MARKERS.map((m) => m.replace(/[.[\]()*+?{}|^$\\]/g, '\\$&')).join('|');
}

function timeCommand(
  command: string,
  args: string[],
  runs: number,
): { ms: number; stdout: string } {
  const times: number[] = [];
  let stdout = '';
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 1 << 30 });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (result.status !== 0 && result.status !== 1) {
      throw new Error(`${command} failed: ${result.stderr}`);
    }
    times.push(ms);
    stdout = result.stdout;
  }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(runs / 2)] ?? 0, stdout };
}

/** classify over 1,000,000 generated lines against `grep -cE` with the same prefilter, in one run. */
export async function run() {
  ensureLog();
  const bytes = statSync(FILE).size;
  const grep = timeCommand('grep', ['-cE', grepPattern(), FILE], 5);
  const ours = timeCommand(process.execPath, [CLI, 'classify', FILE], 5);
  const oneThread = timeCommand(process.execPath, [CLI, 'classify', '--jobs', '1', FILE], 5);
  const nodeStart = timeCommand(process.execPath, ['-e', '0'], 5);
  const findings = ours.stdout.split('\n').filter((l) => l.startsWith('{')).length;
  if (oneThread.stdout !== ours.stdout) throw new Error('classify --jobs 1 printed other findings');
  return [
    {
      name: 'classify-vs-grep',
      ratio: ours.ms / grep.ms,
      target: '2.0',
      extra: [
        `${LINES.toLocaleString('en')} lines, ${(bytes / 1e6).toFixed(0)} MB`,
        `classify ${ours.ms.toFixed(0)} ms (${findings} findings), ${oneThread.ms.toFixed(0)} ms with --jobs 1 (ratio ${(oneThread.ms / grep.ms).toFixed(2)})`,
        `grep -cE ${grep.ms.toFixed(0)} ms (${grep.stdout.trim()} candidate lines)`,
        `node -e 0 alone takes ${nodeStart.ms.toFixed(0)} ms of that here`,
      ],
    },
  ];
}
