import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, statSync, writeSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { FAMILY_MARKERS } from '#core/logs/grammar/markers.ts';
import { generateApiserverLog } from './apiserver-log.ts';
import { median } from './measure.ts';

const LINES = 1_000_000;
/** A larger file, to show how much of the figure is fixed cost (Node's start, V8 warming up). */
const LARGE_LINES = 4_000_000;
const CLI = 'dist/eks-sg-advisor.cjs';

/** The generated log of `lines` lines (written once, then reused). */
function ensureLog(lines: number): string {
  const file = `bench/.data/apiserver-${lines}.log`;
  if (existsSync(file)) return file;
  mkdirSync('bench/.data', { recursive: true });
  const fd = openSync(file, 'w');
  let buffer: string[] = [];
  generateApiserverLog(lines, (line) => {
    buffer.push(line);
    if (buffer.length === 10_000) {
      writeSync(fd, `${buffer.join('\n')}\n`);
      buffer = [];
    }
  });
  if (buffer.length > 0) writeSync(fd, `${buffer.join('\n')}\n`);
  closeSync(fd);
  return file;
}

/** The classifier's coarse filter as a POSIX extended regular expression. */
function grepPattern(): string {
  return FAMILY_MARKERS.map((m) => m.replace(/[.[\]()*+?{}|^$\\]/g, '\\$&')).join('|');
}

interface Timed {
  readonly ms: number;
  readonly stdout: string;
}

/**
 * The environment both commands run in: this one without `NODE_EXTRA_CA_CERTS`. Node 20 parses
 * that file when the process starts, whether or not it ever opens a TLS connection (OpenSSL 3 is
 * slow at it: nodejs/node#40524); with a system bundle of about 140 certificates that adds 50 to
 * 90 ms to every Node process here, grep pays nothing, and classify makes no connection. The
 * figure with the variable as set is printed beside it.
 */
const { NODE_EXTRA_CA_CERTS: _caCerts, ...BENCH_ENV } = process.env;

function timeCommand(command: string, args: string[], env: NodeJS.ProcessEnv = BENCH_ENV): Timed {
  const start = process.hrtime.bigint();
  const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 1 << 30, env });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0 && result.status !== 1) {
    throw new Error(`${command} failed: ${result.stderr}`);
  }
  return { ms, stdout: result.stdout };
}

const ROUNDS = 9;
const LARGE_ROUNDS = 5;

/** One round: each command once, in this order. */
interface Round {
  readonly grep: Timed;
  readonly ours: Timed;
  readonly oneThread: Timed | null;
  readonly nodeStart: Timed | null;
  /** classify with `NODE_EXTRA_CA_CERTS` as this process has it (null when it is not set). */
  readonly withCaCerts: Timed | null;
}

/**
 * Rounds that interleave grep and classify on `file`; figures are medians over the rounds, the
 * ratio the median of each round's ratio: a shared machine's speed drifts over seconds, and both
 * sides of a ratio then see the same drift.
 */
function measure(file: string, rounds: number, full: boolean): Round[] {
  const result: Round[] = [];
  for (let i = 0; i < rounds; i++) {
    result.push({
      grep: timeCommand('grep', ['-cE', grepPattern(), file]),
      ours: timeCommand(process.execPath, [CLI, 'classify', file]),
      oneThread: full
        ? timeCommand(process.execPath, [CLI, 'classify', '--jobs', '1', file])
        : null,
      nodeStart: full ? timeCommand(process.execPath, ['-e', '0']) : null,
      withCaCerts:
        full && process.env.NODE_EXTRA_CA_CERTS
          ? timeCommand(process.execPath, [CLI, 'classify', file], process.env)
          : null,
    });
  }
  return result;
}

function medianMs(rounds: readonly Round[], pick: (round: Round) => Timed | null): number {
  return median(rounds.map((round) => pick(round)?.ms ?? 0));
}

function medianRatio(rounds: readonly Round[], pick: (round: Round) => Timed | null): number {
  return median(rounds.map((round) => (pick(round)?.ms ?? 0) / round.grep.ms));
}

/** classify over 1,000,000 generated lines against `grep -cE` with the same prefilter, in one run. */
export async function run() {
  const file = ensureLog(LINES);
  const rounds = measure(file, ROUNDS, true);
  const last = rounds.at(-1);
  if (!last) throw new Error('no rounds');
  if (last.oneThread?.stdout !== last.ours.stdout) {
    throw new Error('classify --jobs 1 printed other findings');
  }
  const findings = last.ours.stdout.split('\n').filter((l) => l.startsWith('{')).length;
  const largeFile = ensureLog(LARGE_LINES);
  const large = measure(largeFile, LARGE_ROUNDS, false);
  return [
    {
      name: 'classify-vs-grep',
      ratio: medianRatio(rounds, (r) => r.ours),
      target: '2.0',
      extra: [
        `${LINES.toLocaleString('en')} lines, ${(statSync(file).size / 1e6).toFixed(0)} MB, median of ${ROUNDS} interleaved rounds`,
        `classify ${medianMs(rounds, (r) => r.ours).toFixed(0)} ms (${findings} findings, default --jobs ${defaultJobs()}), ${medianMs(rounds, (r) => r.oneThread).toFixed(0)} ms with --jobs 1 (ratio ${medianRatio(rounds, (r) => r.oneThread).toFixed(2)})`,
        `grep -cE ${medianMs(rounds, (r) => r.grep).toFixed(0)} ms (${last.grep.stdout.trim()} candidate lines)`,
        `node -e 0 alone takes ${medianMs(rounds, (r) => r.nodeStart).toFixed(0)} ms of that here`,
        caCertsNote(rounds),
        `on ${LARGE_LINES.toLocaleString('en')} lines (${(statSync(largeFile).size / 1e6).toFixed(0)} MB) the same ratio is ${medianRatio(large, (r) => r.ours).toFixed(2)} (classify ${medianMs(large, (r) => r.ours).toFixed(0)} ms, grep ${medianMs(large, (r) => r.grep).toFixed(0)} ms, ${LARGE_ROUNDS} rounds)`,
      ],
    },
  ];
}

/** What the machine's `NODE_EXTRA_CA_CERTS` costs classify (see {@link BENCH_ENV}). */
function caCertsNote(rounds: readonly Round[]): string {
  if (!process.env.NODE_EXTRA_CA_CERTS) return 'NODE_EXTRA_CA_CERTS is not set here';
  const ms = medianMs(rounds, (r) => r.withCaCerts);
  const ratio = medianRatio(rounds, (r) => r.withCaCerts);
  return `both run without NODE_EXTRA_CA_CERTS; with it as set here, classify ${ms.toFixed(0)} ms (ratio ${ratio.toFixed(2)})`;
}

function defaultJobs(): number {
  return Math.max(1, Math.min(4, availableParallelism() - 1));
}
