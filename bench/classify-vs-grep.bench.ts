import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, statSync, writeSync } from 'node:fs';
import { availableParallelism } from 'node:os';
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

interface Timed {
  readonly ms: number;
  readonly stdout: string;
}

function timeCommand(command: string, args: string[]): Timed {
  const start = process.hrtime.bigint();
  const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 1 << 30 });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0 && result.status !== 1) {
    throw new Error(`${command} failed: ${result.stderr}`);
  }
  return { ms, stdout: result.stdout };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

const ROUNDS = 9;

/** classify over 1,000,000 generated lines against `grep -cE` with the same prefilter, in one run. */
export async function run() {
  ensureLog();
  const bytes = statSync(FILE).size;
  // Rounds interleave grep and classify, and the figure is the median of each round's ratio: a
  // shared machine's speed drifts over seconds, and both sides of a ratio then see the same drift.
  const rounds: { grep: Timed; ours: Timed; oneThread: Timed; nodeStart: Timed }[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    rounds.push({
      grep: timeCommand('grep', ['-cE', grepPattern(), FILE]),
      ours: timeCommand(process.execPath, [CLI, 'classify', FILE]),
      oneThread: timeCommand(process.execPath, [CLI, 'classify', '--jobs', '1', FILE]),
      nodeStart: timeCommand(process.execPath, ['-e', '0']),
    });
  }
  const last = rounds.at(-1);
  if (!last) throw new Error('no rounds');
  if (last.oneThread.stdout !== last.ours.stdout) {
    throw new Error('classify --jobs 1 printed other findings');
  }
  const ms = (pick: (round: (typeof rounds)[number]) => Timed) =>
    median(rounds.map((round) => pick(round).ms));
  const findings = last.ours.stdout.split('\n').filter((l) => l.startsWith('{')).length;
  const ratio = median(rounds.map((round) => round.ours.ms / round.grep.ms));
  const oneThreadRatio = median(rounds.map((round) => round.oneThread.ms / round.grep.ms));
  return [
    {
      name: 'classify-vs-grep',
      ratio,
      target: '2.0',
      extra: [
        `${LINES.toLocaleString('en')} lines, ${(bytes / 1e6).toFixed(0)} MB, median of ${ROUNDS} interleaved rounds`,
        `classify ${ms((r) => r.ours).toFixed(0)} ms (${findings} findings, default --jobs ${defaultJobs()}), ${ms((r) => r.oneThread).toFixed(0)} ms with --jobs 1 (ratio ${oneThreadRatio.toFixed(2)})`,
        `grep -cE ${ms((r) => r.grep).toFixed(0)} ms (${last.grep.stdout.trim()} candidate lines)`,
        `node -e 0 alone takes ${ms((r) => r.nodeStart).toFixed(0)} ms of that here`,
      ],
    },
  ];
}

function defaultJobs(): number {
  return Math.max(1, Math.min(4, availableParallelism() - 1));
}
