/**
 * Reading any size in bounded memory, through the built command:
 *
 * - `analyze-2gb-export-rss-vs-limit`: peak RSS (`process.resourceUsage().maxRSS`, reported at
 *   exit) of `analyze --logs FILE --network FILE --format json` on a generated Logs Insights
 *   export (`aws logs get-query-results` JSON) of more than 2 GiB, over the 1 GiB limit. Before
 *   streaming, a file over 512 MiB crashed on V8's string limit.
 * - `analyze-2gb-export-vs-grep`: the wall time of that same run over the wall time of
 *   `grep -c -E` of the classifier's markers on the same file (both read it from the page cache:
 *   grep runs first, and again after).
 * - `classify-endless-line-rss-vs-limit`: peak RSS of `classify` reading 1 GiB without a newline
 *   from stdin (the line is cut at 1 MiB and reported, never held), over the same 1 GiB limit.
 *
 * The export is generated once under bench/.data (git-ignored) and reused.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { FAMILY_MARKERS } from '#core/logs/grammar/markers.ts';
import { ensureInsightsRows, ensureNetworkSnapshot } from './insights-input.ts';

/** About 458 bytes a row: 4.8 million rows make a little over 2 GiB. */
const ROWS = 4_800_000;
const LOGS = `bench/.data/insights-${ROWS}.json`;
const NETWORK = 'bench/.data/network-400-nodes.json';
const CLI = 'dist/eks-sg-advisor.cjs';
const PRELOAD = 'bench/.data/max-rss.cjs';
const LIMIT_BYTES = 1024 ** 3;
const ENDLESS_BYTES = 1024 ** 3;

/** The classifier's coarse filter as a POSIX extended regular expression. */
function grepPattern(): string {
  return FAMILY_MARKERS.map((m) => m.replace(/[.[\]()*+?{}|^$\\]/g, '\\$&')).join('|');
}

function timed(
  command: string,
  args: readonly string[],
): { ms: number; stdout: string; stderr: string } {
  const start = process.hrtime.bigint();
  // stdout is read, not ignored: GNU grep stops at the first match when it writes to /dev/null.
  const result = spawnSync(command, args, {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 1 << 26,
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${result.stderr}`);
  return { ms, stdout: result.stdout, stderr: result.stderr };
}

function maxRssOf(stderr: string): number {
  const kb = /MAXRSS (\d+)/.exec(stderr)?.[1];
  if (kb === undefined) throw new Error(`no MAXRSS line from the child: ${stderr}`);
  return Number(kb) * 1024;
}

export async function run() {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run 'npm run build' first`);
  process.stderr.write(`bench: generating ${LOGS} once (a few minutes)...\n`);
  ensureInsightsRows(LOGS, ROWS);
  ensureNetworkSnapshot(NETWORK, 400, 29);
  writeFileSync(
    PRELOAD,
    "process.on('exit', () => process.stderr.write('MAXRSS ' + process.resourceUsage().maxRSS + '\\n'));\n",
  );
  const bytes = statSync(LOGS).size;
  const grepArgs = ['-c', '-E', grepPattern(), LOGS];

  const grepBefore = timed('grep', grepArgs);
  const analyze = timed(process.execPath, [
    '--require',
    `./${PRELOAD}`,
    CLI,
    'analyze',
    '--logs',
    LOGS,
    '--network',
    NETWORK,
    '--format',
    'json',
  ]);
  const grepAfter = timed('grep', grepArgs);
  const grepMs = Math.min(grepBefore.ms, grepAfter.ms);
  const rss = maxRssOf(analyze.stderr);

  const endless = timed('sh', [
    '-c',
    `head -c ${ENDLESS_BYTES} /dev/zero | tr '\\0' a | "${process.execPath}" --require ./${PRELOAD} ${CLI} classify -`,
  ]);
  const endlessRss = maxRssOf(endless.stderr);
  if (!endless.stderr.includes('1 line over 1 MiB was cut')) {
    throw new Error(`classify did not report the cut line: ${endless.stderr}`);
  }

  const mb = (n: number): string => (n / 1e6).toFixed(0);
  return [
    {
      name: 'analyze-2gb-export-rss-vs-limit',
      ratio: rss / LIMIT_BYTES,
      target: '< 1.0',
      extra: [
        `peak RSS ${mb(rss)} MB analysing ${ROWS.toLocaleString('en')} rows, ${mb(bytes)} MB`,
      ],
    },
    {
      name: 'analyze-2gb-export-vs-grep',
      ratio: analyze.ms / grepMs,
      target: '< 20',
      extra: [
        `analyze ${(analyze.ms / 1000).toFixed(1)} s (${mb(bytes / (analyze.ms / 1000))} MB/s)`,
        `grep -c -E ${(grepBefore.ms / 1000).toFixed(1)} s then ${(grepAfter.ms / 1000).toFixed(1)} s (${grepAfter.stdout.trim()} candidate lines)`,
      ],
    },
    {
      name: 'classify-endless-line-rss-vs-limit',
      ratio: endlessRss / LIMIT_BYTES,
      target: '< 1.0',
      extra: [`peak RSS ${mb(endlessRss)} MB reading ${mb(ENDLESS_BYTES)} MB without a newline`],
    },
  ];
}
