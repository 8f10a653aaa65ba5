import { choiceOf, parseCommandArgs } from '#cli/args.ts';
import { type CliIo, type Command, write } from '#cli/io.ts';
import { readTextInput } from '#cli/text-files.ts';
import { InputError } from '#core/errors.ts';
import { explainError } from '#core/explain/explain-error.ts';
import type { ErrorExplanation } from '#core/explain/explanation.ts';
import { ianaNote } from '#core/explain/packet.ts';
import { jsonText, plainLines, plainText } from '#render/escape.ts';

const USAGE = `Usage: eks-sg-advisor explain TEXT [--format text|json]
       eks-sg-advisor explain - [--format text|json]     (the text from stdin)

Explains an error copied from kubectl, Helm, Terraform or an APIService status, such as
  Internal error occurred: failed calling webhook "vingress.elbv2.k8s.aws": failed to call
  webhook: Post "https://aws-load-balancer-webhook-service.kube-system.svc:443/...": context
  deadline exceeded
whether a security-group rule can fix it, and which pod port the rule must open (the API server
dials the pod's target port, not the service port in the message). Also reads what people paste
around such errors: kubectl top's ServiceUnavailable, discovery 503s, linkerd's tap 503, the
output of kubectl describe/get apiservice, and tcpdump lines (a port printed by its service name,
such as 'pharos', is mapped back to its number: that name is the IANA registration, not the
product listening there).

Options:
  --format FORMAT  text (default) or json.
  -h, --help       Show this help.

Exit status: 0 on success, 2 on bad options or empty input.
`;

const OPTIONS = { format: { type: 'string' } } as const;

/** `eks-sg-advisor explain`: one error text, explained. */
export const explainCommand: Command = {
  name: 'explain',
  usage: USAGE,
  async run(args: readonly string[], io: CliIo): Promise<number> {
    const { values, positionals } = parseCommandArgs('explain', args, OPTIONS, 1);
    const format = choiceOf('explain', 'format', values.format, ['text', 'json'] as const, 'text');
    const source = positionals[0];
    if (source === undefined)
      throw new InputError("give the error text, or '-' to read it from stdin");
    const text = source === '-' ? await readTextInput('-', io.stdin, 'error text') : source;
    if (text.trim() === '') throw new InputError('the error text is empty');
    const explanation = explainError(text);
    await write(io.stdout, format === 'json' ? `${jsonText(explanation)}\n` : render(explanation));
    return 0;
  },
};

function render(e: ErrorExplanation): string {
  const endpoint = e.endpoint.ip ?? e.endpoint.host;
  const label = e.endpoint.ip !== null ? 'Dialled: ' : 'URL:     ';
  const lines = [
    `What:     ${e.kind}${e.name ? ` ${e.name}` : ''}`,
    `Failed:   ${e.what}`,
    ...(e.service
      ? [
          `Service:  ${e.service.namespace}/${e.service.name}${e.service.port ? `:${e.service.port}` : ''}`,
        ]
      : []),
    ...(endpoint ? [`${label} ${endpoint}${e.endpoint.port ? `:${e.endpoint.port}` : ''}`] : []),
    `Error:    ${e.error ?? '-'}`,
    `SG fix:   ${e.securityGroupFix}`,
    ...(e.likelyTargetPorts.length > 0
      ? [
          `Pod port: ${e.likelyTargetPorts.map((l) => `${l.port} (${l.addon})`).join(', ')} (add-on default, inferred)`,
        ]
      : []),
    `Open:     ${e.portsToOpen.length > 0 ? e.portsToOpen.map(openText).join(', ') : 'nothing (no rule helps, or the text does not say which port)'}`,
    ...((e.reviewPorts ?? []).length > 0
      ? [
          `Review:   ${(e.reviewPorts ?? []).map(openText).join(', ')} (sensitive: no rule without registered evidence)`,
        ]
      : []),
    '',
    ...e.advice,
  ];
  // Control and bidi characters from the pasted text never reach the terminal, and no value can
  // start a line of its own.
  return `${plainLines(lines.map(plainText).join('\n'))}\n`;
}

function openText(port: number): string {
  return `TCP ${port}${ianaNote(port)}`;
}
