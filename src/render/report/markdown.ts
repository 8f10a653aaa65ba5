import type { Report, ReportFinding } from '#core/model/report.ts';
import { portRangeText } from '#core/port-names/port-range.ts';
import { markdownText } from '#render/escape.ts';
import { type FixOptions, renderAwsCli } from '#render/fixes/aws-cli.ts';

/**
 * The report as Markdown (for a ticket or a pull request): a findings table, the rules, the
 * notes, and the AWS CLI fixes in a fenced block. Text from logs is escaped so it cannot add
 * links, HTML or table cells; the fenced block holds only validated, quoted commands.
 *
 * @example
 * renderMarkdown(report).startsWith('## eks-sg-advisor'); // true
 */
export function renderMarkdown(report: Report, options: FixOptions = {}): string {
  const out: string[] = [`## eks-sg-advisor: EKS cluster ${markdownText(report.cluster)}`, ''];
  if (report.window) {
    out.push(
      `Log window: ${markdownText(report.window.start)} to ${markdownText(report.window.end)}`,
      '',
    );
  }
  out.push(`### Findings (${report.findings.length})`, '');
  if (report.findings.length > 0) {
    out.push(
      '| # | Verdict | Finding | Endpoint | Error | Seen | Interface |',
      '|---|---|---|---|---|---|---|',
    );
    report.findings.forEach((f, i) => {
      out.push(row(f, i + 1));
    });
    out.push('');
    report.findings.forEach((f, i) => {
      out.push(`${i + 1}. ${markdownText(f.reason)}`);
    });
    out.push('');
  } else {
    out.push('No failing or slow call to a webhook or aggregated API in the logs.', '');
  }
  out.push(`### Rules to add (${report.recommendations.length})`, '');
  report.recommendations.forEach((rec, i) => {
    const peer = 'groupId' in rec.peer ? rec.peer.groupId : rec.peer.cidr;
    const ports = portRangeText(rec.fromPort, rec.toPort);
    out.push(
      `${i + 1}. **${markdownText(rec.action)}** on ${markdownText(rec.groupId)}: ${markdownText(`${rec.protocol}/${ports}`)} ${rec.action === 'authorize-ingress' ? 'from' : 'to'} ${markdownText(peer)}: ${markdownText(rec.reason)}`,
    );
  });
  if (report.recommendations.length === 0) out.push('None.');
  out.push('');
  const entries = report.networkAclEntries ?? [];
  if (entries.length > 0) {
    out.push(`### Network ACL entries to add (${entries.length})`, '');
    entries.forEach((entry, i) => {
      const ports = portRangeText(entry.fromPort, entry.toPort);
      const number = entry.ruleNumber === null ? 'no free rule number' : `rule ${entry.ruleNumber}`;
      out.push(
        `${i + 1}. **${markdownText(entry.direction)}** on ${markdownText(`${entry.networkAclId} (${entry.subnetId}), ${number}`)}: ${markdownText(`tcp/${ports} ${entry.direction === 'ingress' ? 'from' : 'to'} ${entry.cidr}`)}: ${markdownText(entry.reason)}`,
      );
    });
    out.push('');
  }
  if (report.notes.length > 0) {
    out.push('### Notes', '');
    for (const note of report.notes)
      out.push(`- ${markdownText(`[${note.code}] ${note.message}`)}`);
    out.push('');
  }
  if (report.recommendations.length > 0 || entries.length > 0) {
    out.push(
      '### Fixes (AWS CLI)',
      '',
      '```sh',
      renderAwsCli(report, options).trimEnd(),
      '```',
      '',
    );
  }
  return out.join('\n');
}

function row(f: ReportFinding, n: number): string {
  const endpoint = f.target
    ? `${f.target.ip ?? '?'}:${f.target.port}${f.target.portName ? ` (${f.target.portName})` : ''}${f.target.source === 'catalogue' ? ' inferred' : ''}`
    : '-';
  const seen = f.firstSeen ? `${f.count}× ${f.firstSeen} to ${f.lastSeen ?? ''}` : `${f.count}×`;
  const eni = f.networkInterface ? `${f.networkInterface.id} (${f.networkInterface.role})` : '-';
  const cells = [
    String(n),
    f.verdict,
    `${f.kind} ${f.name ?? ''}`.trim(),
    endpoint,
    f.error ?? '-',
    seen,
    eni,
  ];
  return `| ${cells.map(markdownText).join(' | ')} |`;
}
