/**
 * Cold import of each bundled function against a bundle that holds only its AWS SDK clients.
 *
 * Each function is bundled as serverless.yml bundles it (`LAMBDA_ESBUILD`); its baseline bundle
 * (same settings) imports the same SDK client classes and builds the ones the handler module
 * builds at cold start (`sdkOnlyEntry`), nothing else. A cold import is a fresh `node` process
 * that `require()`s the bundle and exits: the figure is its wall time, Node's start-up included
 * for both ("minus nothing"). The same processes also time `require()` alone (`process.hrtime`
 * around it, Node's start-up excluded): that ratio is listed beside, with `node -e 0`. The handler
 * bundles load their configuration at import, so the processes get the variables a deployment
 * sets. Runs are interleaved in pairs (function then baseline, then the other order), RUNS
 * pairs; a ratio is the median of the pairs' ratios (steadier on a shared machine than a ratio of
 * medians, which is listed too). Target: at most 1.15. Bundle sizes: raw JavaScript, and the zip
 * of that one file as deployed.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { build } from 'esbuild';
import {
  LAMBDA_ESBUILD,
  LAMBDA_FUNCTIONS,
  type LambdaFunction,
  sdkOnlyEntry,
} from './lambda-bundle.ts';
import { median } from './measure.ts';

const RUNS = 31;
const OUT = resolve('bench/.data/cold-import');
const ENV = {
  ...process.env,
  AWS_REGION: 'us-east-1',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  CLUSTERS: 'prod,210987654321/eu-west-1/payments',
  ACCOUNT_ROLES: 'arn:aws:iam::210987654321:role/eks-sg-advisor-reader',
  STATE_TABLE: 'eks-sg-advisor-bench-StateTable',
  ALERT_TOPIC_ARN: 'arn:aws:sns:us-east-1:123456789012:eks-sg-advisor-bench-alerts',
  WORK_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/123456789012/eks-sg-advisor-bench-work',
  SLACK_WEBHOOK_PARAMETER: '/eks-sg-advisor/bench/slack-webhook',
  SERVICE_NAME: 'eks-sg-advisor-bench',
  LOG_LEVEL: 'ERROR',
};
const TIMER = `const t=process.hrtime.bigint();require(process.argv[1]);process.stdout.write(String(Number(process.hrtime.bigint()-t)/1e6));process.exit(0);`;

/** Runs the benchmark; one figure per function. */
export async function run(): Promise<
  { name: string; ratio: number; target: string; extra?: string[] }[]
> {
  mkdirSync(OUT, { recursive: true });
  const nodeStart = median(Array.from({ length: RUNS }, () => wallMs(['-e', '0'])));
  const figures = [];
  for (const fn of LAMBDA_FUNCTIONS) {
    const bundle = await bundleOf(fn.entry, join(OUT, `${fn.name}.js`));
    const baseline = await bundleOf(await baselineEntry(fn), join(OUT, `${fn.name}.sdk-only.js`));
    const fnRuns: Run[] = [];
    const sdkRuns: Run[] = [];
    for (let i = 0; i < RUNS; i++) {
      const pair = i % 2 === 0 ? [bundle, baseline] : [baseline, bundle];
      for (const file of pair) (file === bundle ? fnRuns : sdkRuns).push(coldImport(file));
    }
    const processRatio = pairMedian(fnRuns, sdkRuns, (r) => r.processMs);
    const importRatio = pairMedian(fnRuns, sdkRuns, (r) => r.importMs);
    const fnProcess = median(fnRuns.map((r) => r.processMs));
    const sdkProcess = median(sdkRuns.map((r) => r.processMs));
    const fnImport = median(fnRuns.map((r) => r.importMs));
    const sdkImport = median(sdkRuns.map((r) => r.importMs));
    figures.push({
      name: `cold-import-${fn.name}`,
      ratio: processRatio,
      target: '<=1.15',
      extra: [
        `process ${fnProcess.toFixed(0)} ms vs SDK-only ${sdkProcess.toFixed(0)} ms (medians of ${RUNS}, their ratio ${(fnProcess / sdkProcess).toFixed(3)}; node -e 0: ${nodeStart.toFixed(0)} ms)`,
        `require() alone ${fnImport.toFixed(0)} vs ${sdkImport.toFixed(0)} ms: ratio ${importRatio.toFixed(3)}`,
        `bundle ${kb(size(bundle).raw)} raw / ${kb(size(bundle).zip)} zip`,
        `SDK-only ${kb(size(baseline).raw)} raw / ${kb(size(baseline).zip)} zip`,
      ],
    });
  }
  return figures;
}

async function bundleOf(entry: string, outfile: string): Promise<string> {
  await build({
    ...LAMBDA_ESBUILD,
    mainFields: [...LAMBDA_ESBUILD.mainFields],
    entryPoints: [entry],
    outfile,
    logLevel: 'warning',
  });
  return outfile;
}

async function baselineEntry(fn: LambdaFunction): Promise<string> {
  const source = readFileSync(fn.clientsModule, 'utf8');
  for (const client of fn.clients) {
    if (!source.includes(`import { ${client.name} } from '${client.pkg}'`)) {
      throw new Error(
        `${fn.clientsModule} no longer imports ${client.name}: update bench/lambda-bundle.ts`,
      );
    }
  }
  const entry = join(OUT, `${fn.name}.sdk-only.entry.ts`);
  writeFileSync(entry, sdkOnlyEntry(fn));
  return entry;
}

/** One cold import: the process's wall time, and the `require()` time it measured itself. */
interface Run {
  readonly processMs: number;
  readonly importMs: number;
}

function coldImport(bundle: string): Run {
  const started = process.hrtime.bigint();
  const child = spawnSync(process.execPath, ['-e', TIMER, bundle], { env: ENV, encoding: 'utf8' });
  const processMs = Number(process.hrtime.bigint() - started) / 1e6;
  if (child.status !== 0) throw new Error(`require(${bundle}) failed: ${child.stderr}`);
  return { processMs, importMs: Number(child.stdout) };
}

/** The median of the ratios of the runs made side by side. */
function pairMedian(a: readonly Run[], b: readonly Run[], of: (run: Run) => number): number {
  return median(a.map((run, i) => of(run) / of(b[i] ?? run)));
}

function wallMs(args: string[]): number {
  const started = process.hrtime.bigint();
  spawnSync(process.execPath, args, { env: ENV });
  return Number(process.hrtime.bigint() - started) / 1e6;
}

/**
 * Raw bytes, and the bytes of a zip holding the file alone: deflate level 1 plus the zip headers,
 * which matches the zips `osls package` writes (serverless-esbuild's archiver) within a few
 * hundred bytes.
 */
function size(file: string): { raw: number; zip: number } {
  const raw = statSync(file).size;
  const name = Buffer.byteLength('index.js');
  const deflated = deflateRawSync(readFileSync(file), { level: 1 }).length;
  return { raw, zip: deflated + 30 + name + 46 + name + 22 };
}

function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(0)} KiB`;
}
