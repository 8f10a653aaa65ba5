/**
 * The planner on a week of flow logs of a 200-node cluster's control-plane interfaces (an
 * `aws logs filter-log-events` export in the planner's custom format: every 10-minute window, each
 * node's kubelet connection to the API server and 40 API-server calls to pods), as
 * `eks-sg-advisor plan --network FILE --flow-logs FILE --format json` runs it.
 *
 * - `plan-vs-json-parse`: in one process, the median time of the plan command's own `run`
 *   (reading both files, parsing every record, attributing and aggregating the flows, deciding
 *   every rule, the replay check, rendering JSON to a discarding stream) over the median time of
 *   `JSON.parse` of the same flow-log file's text (already in memory). Runs alternate, with a full
 *   GC before each.
 */
import { readFileSync, statSync } from 'node:fs';
import { Readable } from 'node:stream';
import { planCommand } from '#cli/commands/plan.ts';
import { ensureFlowLogEvents } from './flow-log-input.ts';
import { ensureNetworkSnapshot } from './insights-input.ts';
import { discard, median, spread } from './measure.ts';

const NETWORK = 'bench/.data/network-200-nodes.json';
const FLOWS = 'bench/.data/flow-logs-week-200-nodes.json';
const RUNS = 5;

const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

async function planOnce(): Promise<{ ms: number; bytes: number }> {
  const stdout = discard();
  const io = { stdin: Readable.from([]), stdout, stderr: discard(), env: {} };
  const args = ['--network', NETWORK, '--flow-logs', FLOWS, '--format', 'json'];
  const start = process.hrtime.bigint();
  const code = await planCommand.run(args, io);
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (code !== 0) throw new Error(`plan exited ${code}`);
  return { ms, bytes: stdout.bytes };
}

function parseOnce(text: string): { ms: number; events: number } {
  const start = process.hrtime.bigint();
  const data = JSON.parse(text) as { events: unknown[] };
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  return { ms, events: data.events.length };
}

export async function run() {
  ensureNetworkSnapshot(NETWORK, 200, 10);
  ensureFlowLogEvents(FLOWS, NETWORK);
  const bytes = statSync(FLOWS).size;
  const text = readFileSync(FLOWS, 'utf8');
  const parse: number[] = [];
  const plan: number[] = [];
  let events = 0;
  let output = 0;
  await planOnce(); // warm-up: lazy imports, JIT
  for (let i = 0; i < RUNS; i++) {
    gc();
    const parsed = parseOnce(text);
    parse.push(parsed.ms);
    events = parsed.events;
    gc();
    const once = await planOnce();
    plan.push(once.ms);
    output = once.bytes;
  }
  return [
    {
      name: 'plan-vs-json-parse',
      ratio: median(plan) / median(parse),
      target: '3.0',
      extra: [
        `${events.toLocaleString('en')} flow-log records, ${(bytes / 1e6).toFixed(1)} MB; 200 nodes, a week`,
        `plan median ${median(plan).toFixed(0)} ms (${spread(plan)}), ${(output / 1e3).toFixed(0)} KB of JSON`,
        `JSON.parse median ${median(parse).toFixed(0)} ms (${spread(parse)})`,
      ],
    },
  ];
}
