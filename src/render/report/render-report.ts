import type { Report } from '#core/model/report.ts';
import { jsonText } from '#render/escape.ts';
import { type FixOptions, renderAwsCli } from '#render/fixes/aws-cli.ts';
import { renderCloudFormation } from '#render/fixes/cloudformation.ts';
import { renderTerraform } from '#render/fixes/terraform.ts';
import { renderMarkdown } from '#render/report/markdown.ts';
import { renderText } from '#render/report/text.ts';

/** The output formats of `analyze --format`. */
export const REPORT_FORMATS = [
  'text',
  'markdown',
  'json',
  'aws-cli',
  'terraform',
  'cloudformation',
] as const;

export type ReportFormat = (typeof REPORT_FORMATS)[number];

/**
 * Renders a report in one of {@link REPORT_FORMATS}: the report itself (`text`, `markdown`,
 * `json`) or only its rules as a fix (`aws-cli`, `terraform`, `cloudformation`).
 *
 * @throws InputError when a fix format meets an invalid ID, port or CIDR in a rule.
 * @example
 * renderReport(report, 'json'); // '{\n  "cluster": "prod", ...'
 */
export function renderReport(
  report: Report,
  format: ReportFormat,
  options: FixOptions = {},
): string {
  switch (format) {
    case 'text':
      return renderText(report, options);
    case 'markdown':
      return renderMarkdown(report, options);
    case 'json':
      return `${jsonText(report, 2)}\n`;
    case 'aws-cli':
      return renderAwsCli(report, options);
    case 'terraform':
      return renderTerraform(report, options);
    case 'cloudformation':
      return renderCloudFormation(report, options);
  }
}
