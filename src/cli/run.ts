import { type CliIo, type Command, write } from '#cli/io.ts';
import { AdvisorError, isInputError } from '#core/errors.ts';

/**
 * Every command, loaded on demand: a command that needs the AWS SDK does not slow down one that
 * does not (the SDK clients take a while to load).
 */
const COMMANDS: Readonly<Record<string, () => Promise<Command>>> = {
  classify: async () => (await import('#cli/commands/classify.ts')).classifyCommand,
  analyze: async () => (await import('#cli/commands/analyze.ts')).analyzeCommand,
  snapshot: async () => (await import('#cli/commands/snapshot.ts')).snapshotCommand,
  explain: async () => (await import('#cli/commands/explain.ts')).explainCommand,
  'enable-logging': async () =>
    (await import('#cli/commands/enable-logging.ts')).enableLoggingCommand,
  'fetch-logs': async () => (await import('#cli/commands/fetch-logs.ts')).fetchLogsCommand,
  audit: async () => (await import('#cli/commands/audit.ts')).auditCommand,
};

async function help(): Promise<string> {
  const commands = await Promise.all(Object.values(COMMANDS).map((load) => load()));
  return `eks-sg-advisor: finds the security-group rules an EKS control plane needs to reach
webhooks and aggregated APIs, from kube-apiserver logs.

Usage: eks-sg-advisor <command> [options]

Commands:
${commands.map((c) => `  ${c.name.padEnd(16)}${c.summary}`).join('\n')}

Run 'eks-sg-advisor <command> --help' for a command's options.
`;
}

/**
 * Runs the command line `args` (without `node` and the script) and resolves to the exit code:
 * 0 success, 1 a failure the command reports (e.g. an AWS error), 2 bad input or usage.
 *
 * @example
 * const code = await runCli(['classify', '--all', 'apiserver.log'], io);
 */
export async function runCli(args: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = args;
  if (name === 'help' && rest[0] !== undefined && Object.hasOwn(COMMANDS, rest[0])) {
    return runCli([rest[0], '--help'], io);
  }
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    await write(io.stdout, await help());
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-v') {
    await write(io.stdout, `${VERSION}\n`);
    return 0;
  }
  const load = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  const command = load ? await load() : undefined;
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
    return isInputError(error) ? 2 : 1;
  }
}

declare const __VERSION__: string | undefined;
const VERSION = typeof __VERSION__ === 'string' ? __VERSION__ : 'dev';

function oneLine(error: unknown): string {
  const message =
    error instanceof AdvisorError || error instanceof Error ? error.message : String(error);
  return message.replace(/\s*\n\s*/g, ' ').slice(0, 2000);
}
