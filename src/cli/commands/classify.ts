import { availableParallelism } from 'node:os';
import { systemClock } from '#adapters/system-clock.ts';
import { choiceOf, parseCommandArgs } from '#cli/args.ts';
import { type CliIo, type Command, write } from '#cli/io.ts';
import { openLogSource } from '#cli/log-source.ts';
import { cutLinesNote, type LogsRead, readLogEvents, readLogsInto } from '#cli/read-logs.ts';
import { InputError } from '#core/errors.ts';
import { Classifier } from '#core/logs/classify/classifier.ts';
import { classifyLine } from '#core/logs/classify/classify-line.ts';
import { eventText } from '#core/logs/read/records.ts';
import { findingsTable, findingToJson, verdictToJson } from '#render/cli-output/findings.ts';

const USAGE = `Usage: eks-sg-advisor classify [FILE|-] [--all] [--format json|table] [--jobs N]

Reads kube-apiserver logs (a file, or stdin when FILE is '-' or absent) and prints what the API
server said about the calls it made to webhooks and aggregated APIs. The input is detected as
for 'analyze --logs': plain text lines, or the JSON output of 'aws logs filter-log-events' or
'aws logs get-query-results' (one log event is one record); gzip is decompressed and UTF-16
decoded as read. Lines over 1 MiB are cut to 1 MiB (a note on stderr says how many).

Options:
  --all            Print exactly one JSON object per input line (per event of a JSON export), in
                   input order, each judged on its own:
                   {"kind","name","host","ip","port","error","latencyMs"}.
  --format FORMAT  json (default): one JSON object per finding, multi-line records reassembled,
                   dialer lines paired; table: the same findings as a readable table.
  --jobs N         Threads that scan and classify a large FILE (64 MB or more) in parallel
                   (default: one less than the CPUs, at most 4; 1 uses one thread). Output is
                   identical.
  -h, --help       Show this help.

Exit status: 0 on success, 2 on unreadable input (missing, binary, compressed otherwise than
with gzip, a truncated or malformed JSON export) or bad options.
`;

const OPTIONS = {
  all: { type: 'boolean' },
  format: { type: 'string' },
  jobs: { type: 'string' },
} as const;

/** `eks-sg-advisor classify`: the log classifier over text lines. */
export const classifyCommand: Command = {
  name: 'classify',
  usage: USAGE,
  async run(args: readonly string[], io: CliIo): Promise<number> {
    const { values, positionals } = parseCommandArgs('classify', args, OPTIONS, 1);
    const format = choiceOf(
      'classify',
      'format',
      values.format,
      ['json', 'table'] as const,
      'json',
    );
    if (values.all && format !== 'json') {
      throw new InputError('--all prints JSON only; drop --format');
    }
    const path = positionals[0];
    const source = await openLogSource(path, io.stdin);
    if (values.all) {
      let batch = '';
      const read = await readLogEvents(
        source,
        (event) => {
          batch += `${verdictToJson(classifyLine(eventText(event.message)))}\n`;
        },
        async () => {
          if (batch) await write(io.stdout, batch);
          batch = '';
        },
      );
      await noteCuts(read, io);
      return 0;
    }
    const classifier = new Classifier({ referenceTime: systemClock.now() });
    const read = await readLogsInto(source, classifier, {
      jobs: jobsOf(values.jobs),
      workerScript: io.workerScript ?? null,
    });
    await noteCuts(read, io);
    const findings = classifier.finish();
    if (format === 'table') {
      await write(io.stdout, findingsTable(findings));
      return 0;
    }
    // Written in batches: one write per finding costs more than the JSON itself on large runs.
    let batch = '';
    for (const finding of findings) {
      batch += `${findingToJson(finding)}\n`;
      if (batch.length >= 1 << 20) {
        await write(io.stdout, batch);
        batch = '';
      }
    }
    if (batch) await write(io.stdout, batch);
    return 0;
  },
};

async function noteCuts(read: LogsRead, io: CliIo): Promise<void> {
  const note = cutLinesNote(read);
  if (note) await write(io.stderr, `eks-sg-advisor classify: ${note}\n`);
}

function jobsOf(value: unknown): number {
  // Each thread's V8 also compiles and collects garbage on background threads: with one CPU
  // spare for those, a second thread is slower than one (measured on 2 CPUs).
  if (value === undefined) return Math.max(1, Math.min(4, availableParallelism() - 1));
  const jobs = Number(value);
  if (!Number.isInteger(jobs) || jobs < 1 || jobs > 64) {
    throw new InputError(`--jobs must be a whole number from 1 to 64 (got '${String(value)}')`);
  }
  return jobs;
}
