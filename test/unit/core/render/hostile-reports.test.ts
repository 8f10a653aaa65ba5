import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Report } from '#core/model/report.ts';
import { REPORT_FORMATS, renderReport } from '#render/report/render-report.ts';
import { hostileText, UNSAFE_CHAR, UNSAFE_CHAR_BUT_LF } from '#test/helpers/hostile.ts';
import { naclEntry } from '#test/helpers/report-fixture.ts';
import { aFinding, aRecommendation, aReport } from '#test/helpers/reports.ts';

interface Twins {
  readonly report: Report;
  /** The same report, each hostile string replaced by `x`s and spaces of the same layout. */
  readonly benign: Report;
}

// Same length, spaces where the hostile text has spaces or unsafe characters: renderers that
// escape properly lay both out the same (same lines, same wrapping, same markup).
function benignTwin(text: string): string {
  return [...text]
    .map((ch) =>
      ch === ' ' || UNSAFE_CHAR.test(ch) ? ' '.repeat(ch.length) : 'x'.repeat(ch.length),
    )
    .join('');
}

/** Reports whose every string that logs, a snapshot or a cluster name can fill is hostile. */
const reports: fc.Arbitrary<Twins> = fc
  .record({
    cluster: hostileText(4),
    start: hostileText(3),
    name: hostileText(),
    host: hostileText(4),
    reason: hostileText(),
    portName: hostileText(3),
    eni: hostileText(3),
    group: hostileText(3),
    description: hostileText(6),
    recReason: hostileText(),
    aclReason: hostileText(),
    note: hostileText(),
  })
  .map((t) => {
    const build = (pick: (text: string) => string): Report =>
      aReport(
        [
          aFinding({
            name: pick(t.name),
            host: pick(t.host),
            reason: pick(t.reason),
            target: { ip: '10.0.33.17', port: 9443, source: 'dialer', portName: pick(t.portName) },
            networkInterface: {
              id: pick(t.eni),
              role: 'node',
              match: 'exact',
              description: pick(t.eni),
              groupIds: [pick(t.group)],
            },
          }),
        ],
        [aRecommendation({ description: pick(t.description), reason: pick(t.recReason) })],
        {
          // Never a valid EKS name, in either twin (a valid one would add a tag line).
          cluster: pick(`${t.cluster} !`),
          window: { start: pick(t.start), end: pick(t.start) },
          networkAclEntries: [naclEntry({ reason: pick(t.aclReason) })],
          notes: [{ code: pick(t.note), message: pick(t.note) }],
        },
      );
    return { report: build((text) => text), benign: build(benignTwin) };
  });

// Markup left once backslash escapes and the fenced (validated) command block are removed.
function markdownSkeleton(markdown: string): string {
  return markdown
    .replace(/```sh\n[\s\S]*?\n```/, '')
    .replace(/\\[\s\S]/g, '')
    .replace(/[^`*_[\]()<>|!#~&\n]/g, '');
}

// Where an HCL string literal would interpolate: `${` or `%{` not written as `$${` / `%%{`.
function hclInterpolations(hcl: string): string[] {
  const found: string[] = [];
  for (const [, body] of hcl.matchAll(/"((?:[^"\\]|\\.)*)"/g)) {
    const text = body ?? '';
    for (let i = 0; i < text.length; i++) {
      if (text[i] === '\\') i += 1;
      else if (text.startsWith('$${', i) || text.startsWith('%%{', i)) i += 2;
      else if (text.startsWith('${', i) || text.startsWith('%{', i))
        found.push(text.slice(i, i + 8));
    }
  }
  return found;
}

// What a fix script's lines may be: comments, `set -eu`, `aws ec2 <verb>` and its options, each
// option's value a single-quoted word or a plain word.
const SCRIPT_LINE =
  /^(#.*|set -eu|aws ec2 [a-z-]+ \\| {2}--[a-z0-9-]+( ('[^']*'|[a-z0-9-]+))?( \\)?|)$/;

describe('every report format on hostile text', () => {
  it.each(REPORT_FORMATS)(
    'writes %s with no control, separator or bidi character, and lays it out as a plain report',
    (format) => {
      fc.assert(
        fc.property(reports, ({ report, benign }) => {
          // Act
          const hostile = renderReport(report, format, { region: 'eu-west-1' });
          const plain = renderReport(benign, format, { region: 'eu-west-1' });

          // Assess
          expect(hostile).not.toMatch(UNSAFE_CHAR_BUT_LF);
          expect(hostile.split('\n').length).toBe(plain.split('\n').length);
        }),
        { numRuns: 80 },
      );
    },
  );

  it('keeps Markdown markup (links, images, HTML, code, cells, headings) to what a plain report has', () => {
    fc.assert(
      fc.property(reports, ({ report, benign }) => {
        // Act
        const hostile = renderReport(report, 'markdown');
        const plain = renderReport(benign, 'markdown');

        // Assess
        expect(markdownSkeleton(hostile)).toBe(markdownSkeleton(plain));
      }),
      { numRuns: 80 },
    );
  });

  it('writes JSON and CloudFormation that parse back to the same values', () => {
    fc.assert(
      fc.property(reports, ({ report }) => {
        // Act
        const json = JSON.parse(renderReport(report, 'json'));
        const template = JSON.parse(renderReport(report, 'cloudformation'));

        // Assess
        expect(json).toEqual(report);
        expect(Object.keys(template.Resources)).toHaveLength(2);
      }),
      { numRuns: 80 },
    );
  });

  it('never lets a Terraform string interpolate or a script line run anything but aws ec2', () => {
    fc.assert(
      fc.property(reports, ({ report }) => {
        // Act
        const hcl = renderReport(report, 'terraform');
        const script = renderReport(report, 'aws-cli', { region: 'eu-west-1' });

        // Assess
        expect(hclInterpolations(hcl)).toEqual([]);
        for (const line of script.split('\n')) {
          expect(line).toMatch(SCRIPT_LINE);
        }
      }),
      { numRuns: 80 },
    );
  });

  it('prints a bidi override or a line separator from the logs as a space in text and Markdown', () => {
    // Prepare
    const report = aReport([aFinding({ name: 'evil\u202egnp.exe', reason: 'one\u2028two' })], [], {
      cluster: 'prod\u2066x',
      notes: [{ code: 'n', message: 'rlo\u202e here' }],
    });

    // Act
    const text = renderReport(report, 'text');
    const markdown = renderReport(report, 'markdown');

    // Assess
    for (const output of [text, markdown]) {
      expect(output).not.toMatch(/[\u202e\u2028\u2066]/);
    }
    expect(text).toContain('evil gnp.exe');
    expect(text).toContain('one two');
  });
});
