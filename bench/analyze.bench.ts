/**
 * Offline analysis of 100,000 Logs Insights result rows (`aws logs get-query-results` JSON) against
 * a network snapshot of 400 nodes, as `eks-sg-advisor analyze --logs FILE --network FILE --format
 * json` does it.
 *
 * - `analyze-vs-json-parse`: in one process, the median time of the analyze command's own `run`
 *   (reading both files, detecting the log format, classifying, evaluating, rendering JSON to a
 *   discarding stream) over the median time of `JSON.parse` of the same rows file's text (already
 *   in memory). Runs alternate, with a full GC before each.
 * - `analyze-rss-vs-input`: peak RSS (`process.resourceUsage().maxRSS`, reported at exit) of the
 *   built command analysing the files, minus the peak RSS of the same command loading the same
 *   modules without analysing anything (`analyze --help`: Node, the CLI bundle and the analyze
 *   command are loaded, then it prints its usage), over the size of the rows file. Median of
 *   three child runs each.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { analyzeCommand } from '#cli/commands/analyze.ts';
import { ensureInsightsRows, ensureNetworkSnapshot } from './insights-input.ts';
import { discard, median, spread } from './measure.ts';

const ROWS = 100_000;
const LOGS = `bench/.data/insights-${ROWS}.json`;
const NETWORK = 'bench/.data/network-400-nodes.json';
const CLI = 'dist/eks-sg-advisor.cjs';
const PRELOAD = 'bench/.data/max-rss.cjs';
const RUNS = 7;

const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

async function analyzeOnce(): Promise<{ ms: number; bytes: number }> {
  const stdout = discard();
  const io = { stdin: Readable.from([]), stdout, stderr: discard(), env: {} };
  const args = ['--logs', LOGS, '--network', NETWORK, '--format', 'json'];
  const start = process.hrtime.bigint();
  const code = await analyzeCommand.run(args, io);
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (code !== 0) throw new Error(`analyze exited ${code}`);
  return { ms, bytes: stdout.bytes };
}

function parseOnce(text: string): number {
  const start = process.hrtime.bigint();
  const data = JSON.parse(text) as { results: unknown[] };
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (data.results.length !== ROWS) throw new Error('unexpected row count');
  return ms;
}

/** Peak RSS in bytes of `node CLI args`, as the child reports it at exit. */
function peakRss(args: readonly string[]): number {
  const result = spawnSync(process.execPath, ['--require', `./${PRELOAD}`, CLI, ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  if (result.status !== 0) throw new Error(`${CLI} ${args.join(' ')} failed: ${result.stderr}`);
  const kb = /MAXRSS (\d+)/.exec(result.stderr)?.[1];
  if (kb === undefined) throw new Error(`no MAXRSS line from the child: ${result.stderr}`);
  return Number(kb) * 1024;
}

export async function run() {
  ensureInsightsRows(LOGS, ROWS);
  ensureNetworkSnapshot(NETWORK, 400, 29);
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run 'npm run build' first`);
  writeFileSync(
    PRELOAD,
    "process.on('exit', () => process.stderr.write('MAXRSS ' + process.resourceUsage().maxRSS + '\\n'));\n",
  );
  const bytes = statSync(LOGS).size;

  const text = readFileSync(LOGS, 'utf8');
  const parse: number[] = [];
  const analyze: number[] = [];
  let output = 0;
  await analyzeOnce(); // warm-up: lazy imports, JIT
  for (let i = 0; i < RUNS; i++) {
    gc();
    parse.push(parseOnce(text));
    gc();
    const once = await analyzeOnce();
    analyze.push(once.ms);
    output = once.bytes;
  }

  const args = ['analyze', '--logs', LOGS, '--network', NETWORK, '--format', 'json'];
  const rss: number[] = [];
  const base: number[] = [];
  for (let i = 0; i < 3; i++) {
    base.push(peakRss(['analyze', '--help']));
    rss.push(peakRss(args));
  }
  const growth = rss.map((r, i) => r - (base[i] ?? 0));
  const mb = (n: number): string => (n / 1e6).toFixed(1);
  const report = JSON.parse(readFileSync(NETWORK, 'utf8')) as {
    networkInterfaces: { NetworkInterfaces: unknown[] };
  };

  return [
    {
      name: 'analyze-vs-json-parse',
      ratio: median(analyze) / median(parse),
      target: '3.0',
      extra: [
        `${ROWS.toLocaleString('en')} rows, ${mb(bytes)} MB; ${report.networkInterfaces.NetworkInterfaces.length} ENIs`,
        `analyze median ${median(analyze).toFixed(0)} ms (${spread(analyze)}), ${(output / 1e3).toFixed(0)} KB of JSON`,
        `JSON.parse median ${median(parse).toFixed(0)} ms (${spread(parse)})`,
      ],
    },
    {
      name: 'analyze-rss-vs-input',
      ratio: median(growth) / bytes,
      target: '2.0',
      extra: [
        `peak RSS ${mb(median(rss))} MB analysing, ${mb(median(base))} MB for 'analyze --help'`,
        `growth ${mb(median(growth))} MB (${growth.map(mb).join(', ')}) for ${mb(bytes)} MB of rows`,
      ],
    },
  ];
}
