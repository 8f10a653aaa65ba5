import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '#core/errors.ts';
import { shellQuote } from '#render/escape.ts';
import { renderAwsCli } from '#render/fixes/aws-cli.ts';
import { ACL, SG } from '#test/helpers/network-fixture.ts';
import { ingressRule, naclEntries, naclEntry, reportWith } from '#test/helpers/report-fixture.ts';

// Characters shellQuote replaces with spaces (so they cannot round-trip).
const UNSAFE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
  /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]/;

/** Runs the script with `aws` replaced by a function that prints each call's arguments. */
function awsCallsOf(script: string): string[][] {
  const prelude = `aws() { for a in "$@"; do printf '%s\\036' "$a"; done; printf '\\035'; }\n`;
  const run = spawnSync('sh', ['-s'], { input: prelude + script, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`sh failed: ${run.stderr}`);
  return run.stdout
    .split('\u001d')
    .filter((call) => call !== '')
    .map((call) => call.split('\u001e').slice(0, -1));
}

describe('renderAwsCli', () => {
  it('writes one authorize command per rule, with the rule, its description and tags', () => {
    // Prepare
    const report = reportWith([
      ingressRule(),
      ingressRule({ action: 'authorize-egress', groupId: SG.cluster, peer: { groupId: SG.node } }),
    ]);

    // Act
    const calls = awsCallsOf(renderAwsCli(report, { region: 'eu-west-1' }));

    // Assess
    expect(calls).toHaveLength(2);
    const [ingress, egress] = calls;
    expect(ingress?.slice(0, 6)).toEqual([
      'ec2',
      'authorize-security-group-ingress',
      '--region',
      'eu-west-1',
      '--group-id',
      SG.node,
    ]);
    expect(JSON.parse(ingress?.[7] ?? '')).toEqual([
      {
        IpProtocol: 'tcp',
        FromPort: 9443,
        ToPort: 9443,
        UserIdGroupPairs: [
          {
            GroupId: SG.cluster,
            Description:
              'eks-sg-advisor: EKS control plane to webhook vingress.elbv2.k8s.aws tcp/9443',
          },
        ],
      },
    ]);
    expect(JSON.parse(ingress?.[9] ?? '')).toEqual([
      {
        ResourceType: 'security-group-rule',
        Tags: [
          { Key: 'managed-by', Value: 'eks-sg-advisor' },
          { Key: 'eks-sg-advisor:cluster', Value: 'demo' },
        ],
      },
    ]);
    expect(egress?.slice(0, 2)).toEqual(['ec2', 'authorize-security-group-egress']);
  });

  it('passes a hostile description to AWS as inert, sanitised text', () => {
    // Prepare
    const marker = join(tmpdir(), `eks-sg-advisor-pwned-${process.pid}`);
    const hostile = `x'; touch ${marker}; echo '$(id)\`id\`\n# \${HOME}`;
    const report = reportWith([ingressRule({ description: hostile })]);

    // Act
    const calls = awsCallsOf(renderAwsCli(report));

    // Assess
    const permissions = JSON.parse(calls[0]?.[5] ?? '[]');
    expect(permissions[0].UserIdGroupPairs[0].Description).toBe(
      `x_; touch ${marker}; echo _$(id)_id__# \${HOME}`,
    );
    expect(existsSync(marker)).toBe(false);
  });

  it('renders CIDR peers as IpRanges or Ipv6Ranges', () => {
    // Prepare
    const report = reportWith([
      ingressRule({ peer: { cidr: '10.0.1.10/32' } }),
      ingressRule({ peer: { cidr: 'fd00:1::10/128' } }),
    ]);

    // Act
    const calls = awsCallsOf(renderAwsCli(report));

    // Assess
    expect(JSON.parse(calls[0]?.[5] ?? '')[0].IpRanges).toEqual([
      { CidrIp: '10.0.1.10/32', Description: expect.any(String) },
    ]);
    expect(JSON.parse(calls[1]?.[5] ?? '')[0].Ipv6Ranges).toEqual([
      { CidrIpv6: 'fd00:1::10/128', Description: expect.any(String) },
    ]);
  });

  it.each([
    [
      'a group ID that is not sg-<hex>',
      { groupId: 'sg-0b0d; rm -rf /' },
      /is not a security group ID/,
    ],
    [
      'a peer group ID that is not sg-<hex>',
      { peer: { groupId: "sg-1'" } },
      /is not a security group ID/,
    ],
    ['a CIDR that is not one', { peer: { cidr: '10.0.0.0/8 --dry-run' } }, /is not a CIDR block/],
    ['a port out of range', { fromPort: 70000, toPort: 70000 }, /is not 0-65535/],
    ['a reversed port range', { fromPort: 9444, toPort: 9443 }, /port range 9444-9443/],
  ] as const)('refuses to render %s', (_what, overrides, message) => {
    // Prepare
    const report = reportWith([ingressRule(overrides)]);

    // Act / Assess
    expect(() => renderAwsCli(report)).toThrow(InputError);
    expect(() => renderAwsCli(report)).toThrow(message);
  });

  it('leaves out the cluster tag when the cluster name is not safe', () => {
    // Prepare
    const report = reportWith([ingressRule()], 'bad name');

    // Act
    const calls = awsCallsOf(renderAwsCli(report));

    // Assess
    expect(JSON.parse(calls[0]?.[7] ?? '')[0].Tags).toEqual([
      { Key: 'managed-by', Value: 'eks-sg-advisor' },
    ]);
  });

  it.each(['eu-west-1; id', 'EU_WEST', 'eu west 1'])(
    'refuses a malformed region %j instead of dropping --region (the commands would run in another region)',
    (region) => {
      // Act / Assess
      expect(() => renderAwsCli(reportWith([ingressRule()]), { region })).toThrow(InputError);
      expect(() => renderAwsCli(reportWith([ingressRule()]), { region })).toThrow(
        /is not an AWS region name/,
      );
    },
  );

  it('writes one create-network-acl-entry per ACL entry after the rules, and a comment for one with no number', () => {
    // Prepare
    const report = {
      ...reportWith([ingressRule()]),
      networkAclEntries: naclEntries(),
    };

    // Act
    const script = renderAwsCli(report, { region: 'eu-west-1' });
    const calls = awsCallsOf(script);

    // Assess
    expect(calls.map((c) => c[1])).toEqual([
      'authorize-security-group-ingress',
      'create-network-acl-entry',
      'create-network-acl-entry',
    ]);
    expect(calls[1]).toEqual([
      'ec2',
      'create-network-acl-entry',
      '--region',
      'eu-west-1',
      '--network-acl-id',
      ACL.c,
      '--ingress',
      '--rule-number',
      '99',
      '--protocol',
      'tcp',
      '--port-range',
      'From=9443,To=9443',
      '--cidr-block',
      '10.0.1.0/24',
      '--rule-action',
      'allow',
    ]);
    expect(calls[2]).toContain('--ipv6-cidr-block');
    expect(calls[2]).toContain('From=32768,To=60999');
    expect(script).toContain('ec2:CreateNetworkAclEntry');
    expect(script).toContain(
      '# Not added: no free rule number comes before the entry that denies it.',
    );
  });

  it('refuses an ACL entry with an invalid ID, rule number or CIDR', () => {
    const withEntry = (overrides: Parameters<typeof naclEntry>[0]) => ({
      ...reportWith([]),
      networkAclEntries: [naclEntry(overrides)],
    });
    expect(() => renderAwsCli(withEntry({ networkAclId: "acl-1'; reboot" }))).toThrow(InputError);
    expect(() => renderAwsCli(withEntry({ ruleNumber: 32767 }))).toThrow(
      /rule number "32767" is not 1-32766/,
    );
    expect(() => renderAwsCli(withEntry({ cidr: '10.0.1.0/24 --dry-run' }))).toThrow(
      /is not a CIDR block/,
    );
    expect(() => renderAwsCli(withEntry({ subnetId: 'subnet-x' }))).toThrow(/is not a subnet ID/);
  });

  it('says there is nothing to add when there is no rule', () => {
    // Act
    const script = renderAwsCli(reportWith([]));

    // Assess
    expect(script).toContain('# Nothing to add.');
    expect(awsCallsOf(script)).toEqual([]);
  });
});

describe('shellQuote', () => {
  it('round-trips any string free of control, separator and bidi characters through a POSIX shell', () => {
    // Act / Assess
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 40 }).filter((s) => !UNSAFE.test(s)),
        (text) => {
          const run = spawnSync('sh', ['-c', `printf '%s' ${shellQuote(text)}`], {
            encoding: 'utf8',
          });
          expect(run.stdout).toBe(text);
        },
      ),
      { numRuns: 60 },
    );
  });
});
