import { systemClock } from '#adapters/system-clock.ts';
import { choiceOf, parseCommandArgs } from '#cli/args.ts';
import { findingsTable, findingToJson, verdictToJson } from '#cli/findings-output.ts';
import { type CliIo, type Command, write } from '#cli/io.ts';
import { openInput, readLines } from '#cli/read-lines.ts';
import { InputError } from '#core/errors.ts';
import { Classifier } from '#core/logs/classify.ts';
import { classifyLine } from '#core/logs/classify-line.ts';

const USAGE = `Usage: eks-sg-advisor classify [FILE|-] [--all] [--format json|table]

Reads kube-apiserver log lines (a file, or stdin when FILE is '-' or absent) and prints what the
API server said about the calls it made to webhooks and aggregated APIs.

Options:
  --all            Print exactly one JSON object per input line, in input order, each line judged
                   on its own: {"kind","name","host","ip","port","error","latencyMs"}.
  --format FORMAT  json (default): one JSON object per finding, multi-line records reassembled,
                   dialer lines paired; table: the same findings as a readable table.
  -h, --help       Show this help.

Exit status: 0 on success, 2 on unreadable input or bad options.
`;

const OPTIONS = {
  all: { type: 'boolean' },
  format: { type: 'string' },
} as const;

/** `eks-sg-advisor classify`: the log classifier over text lines. */
export const classifyCommand: Command = {
  name: 'classify',
  summary: 'Classify kube-apiserver log lines into findings (JSON or a table)',
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
    const lines = readLines(openInput(path, io.stdin), path ?? 'stdin');
    if (values.all) {
      for await (const line of lines)
        await write(io.stdout, `${verdictToJson(classifyLine(line))}\n`);
      return 0;
    }
    const classifier = new Classifier({ referenceTime: systemClock.now() });
    for await (const line of lines) classifier.push({ message: line });
    const findings = classifier.finish();
    if (format === 'table') {
      await write(io.stdout, findingsTable(findings));
      return 0;
    }
    for (const finding of findings) await write(io.stdout, `${findingToJson(finding)}\n`);
    return 0;
  },
};
