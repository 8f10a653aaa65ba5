import { analyzeCommand } from '#cli/commands/analyze.ts';
import { classifyCommand } from '#cli/commands/classify.ts';
import { snapshotCommand } from '#cli/commands/snapshot.ts';
import { type CliIo, type Command, write } from '#cli/io.ts';
import { AdvisorError, InputError } from '#core/errors.ts';

const COMMANDS: readonly Command[] = [classifyCommand, analyzeCommand, snapshotCommand];

const HELP = `eks-sg-advisor: finds the security-group rules an EKS control plane needs to reach
webhooks and aggregated APIs, from kube-apiserver logs.

Usage: eks-sg-advisor <command> [options]

Commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(16)}${c.summary}`).join('\n')}

Run 'eks-sg-advisor <command> --help' for a command's options.
`;

/**
 * Runs the command line `args` (without `node` and the script) and resolves to the exit code:
 * 0 success, 1 a failure the command reports (e.g. an AWS error), 2 bad input or usage.
 *
 * @example
 * const code = await runCli(['classify', '--all', 'apiserver.log'], io);
 */
export async function runCli(args: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = args;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    await write(io.stdout, HELP);
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-v') {
    await write(io.stdout, `${VERSION}\n`);
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    await write(io.stderr, `eks-sg-advisor: unknown command '${name}' (see --help)\n`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    await write(io.stdout, command.usage);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    await write(io.stderr, `eks-sg-advisor ${command.name}: ${oneLine(error)}\n`);
    return error instanceof InputError ? 2 : 1;
  }
}

declare const __VERSION__: string | undefined;
const VERSION = typeof __VERSION__ === 'string' ? __VERSION__ : 'dev';

function oneLine(error: unknown): string {
  const message =
    error instanceof AdvisorError || error instanceof Error ? error.message : String(error);
  return message.replace(/\s*\n\s*/g, ' ').slice(0, 2000);
}
