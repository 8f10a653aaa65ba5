import type {
  NetworkAclEntryFix,
  Recommendation,
  Report,
  ReportFinding,
} from '#core/model/report.ts';
import { portRangeText } from '#core/port-names/port-range.ts';
import { plainLines, plainText } from '#render/escape.ts';
import { type FixOptions, renderAwsCli } from '#render/fixes/aws-cli.ts';

const VERDICT_LABEL: Readonly<Record<ReportFinding['verdict'], string>> = {
  blocked: 'BLOCKED',
  'nacl-blocked': 'NACL-BLOCKED',
  allowed: 'ALLOWED',
  'not-network': 'NOT-NETWORK',
  'unknown-ip': 'UNKNOWN-IP',
  'no-target': 'NO-TARGET',
  unknown: 'UNKNOWN',
  'not-cluster': 'NOT-CLUSTER',
  'needs-review': 'NEEDS-REVIEW',
};

/**
 * The report for a terminal: findings with their verdicts and reasons, the rules, the notes, and
 * the fixes as AWS CLI commands. Text from logs has its control, line-separator and bidi
 * characters replaced (one line per value).
 * Findings and rules are numbered from 1.
 *
 * @example
 * process.stdout.write(renderText(report, { region: 'eu-west-1' }));
 */
export function renderText(report: Report, options: FixOptions = {}): string {
  const out: string[] = [`eks-sg-advisor analysis of EKS cluster ${plainText(report.cluster)}`];
  if (report.window)
    out.push(`Log window: ${plainText(report.window.start)} to ${plainText(report.window.end)}`);
  out.push('', `FINDINGS (${report.findings.length})`);
  if (report.findings.length === 0)
    out.push('  No failing or slow call to a webhook or aggregated API in the logs.');
  report.findings.forEach((finding, i) => {
    out.push(...findingLines(finding, i + 1), '');
  });
  out.push(`RULES TO ADD (${report.recommendations.length})`);
  if (report.recommendations.length === 0) out.push('  None.');
  report.recommendations.forEach((rec, i) => {
    out.push(...ruleLines(rec, i + 1));
  });
  const entries = report.networkAclEntries ?? [];
  if (entries.length > 0) {
    out.push('', `NETWORK ACL ENTRIES TO ADD (${entries.length})`);
    entries.forEach((entry, i) => {
      out.push(...naclEntryLines(entry, i + 1));
    });
  }
  if (report.notes.length > 0) {
    out.push('', 'NOTES');
    for (const note of report.notes)
      out.push(wrap(plainText(`- [${note.code}] ${note.message}`), '  '));
  }
  if (report.recommendations.length > 0 || entries.length > 0) {
    out.push('', 'FIXES (AWS CLI)', renderAwsCli(report, options).trimEnd());
  }
  // Every line above is plain text already; this pass is the guarantee for what is added later.
  return `${plainLines(out.join('\n'))}\n`;
}

function findingLines(f: ReportFinding, n: number): string[] {
  const what = `${f.kind}${f.name ? ` ${f.name}` : ''}`;
  const target = f.target
    ? ` -> ${f.target.ip ?? '?'}:${f.target.port}${f.target.portName ? ` (${f.target.portName})` : ''} [${f.target.source}${f.target.source === 'catalogue' ? ', inferred' : ''}]`
    : '';
  const seen =
    f.firstSeen === null
      ? `${f.count}x`
      : f.firstSeen === f.lastSeen
        ? `${f.count}x at ${f.firstSeen}`
        : `${f.count}x from ${f.firstSeen} to ${f.lastSeen}`;
  const lines = [
    plainText(`${String(n).padStart(2)}. ${VERDICT_LABEL[f.verdict].padEnd(11)} ${what}${target}`),
    plainText(
      `    ${f.error ?? 'no error class'}, ${seen}${f.latencyMs === null ? '' : `, up to ${f.latencyMs} ms`}`,
    ),
  ];
  const eni = f.networkInterface;
  if (eni) {
    const match = eni.match === 'prefix' ? `, in prefix ${eni.prefix ?? '?'}` : '';
    lines.push(
      plainText(
        `    interface ${eni.id} (${eni.role}${match}), groups ${eni.groupIds.join(', ') || 'none'}`,
      ),
    );
  }
  lines.push(wrap(`    ${plainText(f.reason)}`, '    '));
  return lines;
}

function ruleLines(rec: Recommendation, n: number): string[] {
  const peer = 'groupId' in rec.peer ? rec.peer.groupId : rec.peer.cidr;
  const ports = portRangeText(rec.fromPort, rec.toPort);
  const direction = rec.action === 'authorize-ingress' ? `from ${peer}` : `to ${peer}`;
  return [
    plainText(
      `${String(n).padStart(2)}. ${rec.action} on ${rec.groupId}: ${rec.protocol}/${ports} ${direction}`,
    ),
    wrap(
      `    ${plainText(rec.reason)} (${rec.findings.length === 1 ? 'finding' : 'findings'} ${rec.findings.map((i) => i + 1).join(', ')})`,
      '    ',
    ),
  ];
}

function naclEntryLines(entry: NetworkAclEntryFix, n: number): string[] {
  const ports = portRangeText(entry.fromPort, entry.toPort);
  const way = entry.direction === 'ingress' ? `from ${entry.cidr}` : `to ${entry.cidr}`;
  const number = entry.ruleNumber === null ? 'no free rule number' : `rule ${entry.ruleNumber}`;
  return [
    plainText(
      `${String(n).padStart(2)}. ${entry.direction} on ${entry.networkAclId} (${entry.subnetId}), ${number}: allow tcp/${ports} ${way}`,
    ),
    wrap(
      `    ${plainText(entry.reason)} (${entry.findings.length === 1 ? 'finding' : 'findings'} ${entry.findings.map((i) => i + 1).join(', ')})`,
      '    ',
    ),
  ];
}

/** Wraps a line at 100 columns on spaces, continuation lines indented. */
function wrap(line: string, indent: string): string {
  const lead = /^ */.exec(line)?.[0] ?? '';
  const lines: string[] = [];
  let current = lead;
  for (const word of line.slice(lead.length).split(' ')) {
    if (current.trim().length > 0 && current.length + 1 + word.length > 100) {
      lines.push(current);
      current = `${indent}${word}`;
    } else current = current.trim().length === 0 ? `${current}${word}` : `${current} ${word}`;
  }
  lines.push(current);
  return lines.join('\n');
}
