import { type CliIo, type Command, write } from '#cli/io.ts';
import { AdvisorError, isInputError } from '#core/errors.ts';
import { clip, plainText } from '#core/render/escape.ts';

/** A command's one-line summary (for the top-level help) and its loader. */
interface CommandEntry {
  readonly summary: string;
  readonly load: () => Promise<Command>;
}

/**
 * Every command, loaded on demand: a command that needs the AWS SDK does not slow down one that
 * does not (the SDK clients take a while to load), and the top-level help loads none.
 */
const COMMANDS: Readonly<Record<string, CommandEntry>> = {
  classify: {
    summary: 'Classify kube-apiserver log lines into findings (JSON or a table)',
    load: async () => (await import('#cli/commands/classify.ts')).classifyCommand,
  },
  analyze: {
    summary: 'Find the missing security-group rules from logs and a network snapshot',
    load: async () => (await import('#cli/commands/analyze.ts')).analyzeCommand,
  },
  snapshot: {
    summary: 'Write the network snapshot of an EKS cluster (for analyze --network)',
    load: async () => (await import('#cli/commands/snapshot.ts')).snapshotCommand,
  },
  explain: {
    summary: 'Explain a webhook or APIService error copied from kubectl, Helm or Terraform',
    load: async () => (await import('#cli/commands/explain.ts')).explainCommand,
  },
  'enable-logging': {
    summary: "Turn on clusters' API-server logging and bound its retention",
    load: async () => (await import('#cli/commands/enable-logging.ts')).enableLoggingCommand,
  },
  'fetch-logs': {
    summary: "Read a cluster's API-server events with Logs Insights",
    load: async () => (await import('#cli/commands/fetch-logs.ts')).fetchLogsCommand,
  },
  audit: {
    summary: 'List the endpoints the control plane calls (Kubernetes API, before anything fails)',
    load: async () => (await import('#cli/commands/audit.ts')).auditCommand,
  },
  'enable-flow-logs': {
    summary: "Turn on flow logs for a cluster's control-plane interfaces (evidence for plan)",
    load: async () => (await import('#cli/commands/enable-flow-logs.ts')).enableFlowLogsCommand,
  },
  plan: {
    summary: 'Plan the least-privilege rules between control plane and nodes, from evidence',
    load: async () => (await import('#cli/commands/plan.ts')).planCommand,
  },
};

function help(): string {
  const lines = Object.entries(COMMANDS).map(
    ([name, entry]) => `  ${name.padEnd(15)} ${entry.summary}`,
  );
  return `eks-sg-advisor: finds the security-group rules an EKS control plane needs to reach
webhooks and aggregated APIs, from kube-apiserver logs.

Usage: eks-sg-advisor <command> [options]

Commands:
${lines.join('\n')}

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
    await write(io.stdout, help());
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-v') {
    await write(io.stdout, `${VERSION}\n`);
    return 0;
  }
  const entry = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  const command = entry ? await entry.load() : undefined;
  if (!command) {
    await write(
      io.stderr,
      `eks-sg-advisor: unknown command '${plainText(clip(name, 60))}' (see --help)\n`,
    );
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
  return plainText(clip(message.replace(/\s*\n\s*/g, ' '), 2000));
}
