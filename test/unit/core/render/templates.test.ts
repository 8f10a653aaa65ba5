import { describe, expect, it } from 'vitest';
import { InputError } from '#core/errors.ts';
import { hclString, markdownText, plainText } from '#render/escape.ts';
import { renderCloudFormation } from '#render/fixes/cloudformation.ts';
import { renderTerraform } from '#render/fixes/terraform.ts';
import { renderMarkdown } from '#render/report/markdown.ts';
import { renderText } from '#render/report/text.ts';
import { ACL, SG } from '#test/helpers/network-fixture.ts';
import { ingressRule, naclEntries, naclEntry, reportWith } from '#test/helpers/report-fixture.ts';

describe('renderTerraform', () => {
  it('writes aws_vpc_security_group_ingress_rule and _egress_rule resources', () => {
    // Prepare
    const report = reportWith([
      ingressRule(),
      ingressRule({ action: 'authorize-egress', groupId: SG.cluster, peer: { groupId: SG.node } }),
    ]);

    // Act
    const hcl = renderTerraform(report);

    // Assess
    expect(
      hcl,
    ).toContain(`resource "aws_vpc_security_group_ingress_rule" "${SG.node.replace('-', '_')}_tcp_9443_from_${SG.cluster.replace('-', '_')}" {
  security_group_id            = "${SG.node}"
  referenced_security_group_id = "${SG.cluster}"
  ip_protocol                  = "tcp"
  from_port                    = 9443
  to_port                      = 9443
  description                  = "eks-sg-advisor: EKS control plane to webhook vingress.elbv2.k8s.aws tcp/9443"

  tags = {
    "managed-by"             = "eks-sg-advisor"
    "eks-sg-advisor:cluster" = "demo"
  }
}`);
    expect(hcl).toContain(
      `resource "aws_vpc_security_group_egress_rule" "${SG.cluster.replace('-', '_')}_tcp_9443_to_${SG.node.replace('-', '_')}"`,
    );
  });

  it('escapes template sequences in descriptions (% is outside the AWS set and becomes _)', () => {
    // Prepare
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a literal HCL interpolation is the point
    const report = reportWith([ingressRule({ description: 'a ${var.x} %{ if true }b{c}' })]);

    // Act
    const hcl = renderTerraform(report);

    // Assess
    expect(hcl).toContain('description                  = "a $${var.x} _{ if true }b{c}"');
  });

  it('gives distinct names to rules that would share one', () => {
    // Prepare
    const report = reportWith([ingressRule(), ingressRule({ description: 'again' })]);

    // Act
    const names = [...renderTerraform(report).matchAll(/resource "[^"]+" "([^"]+)"/g)].map(
      (m) => m[1],
    );

    // Assess
    expect(new Set(names).size).toBe(2);
  });

  it('writes aws_network_acl_rule resources for the ACL entries, and a comment for one with no number', () => {
    // Prepare
    const report = {
      ...reportWith([]),
      networkAclEntries: naclEntries(),
    };

    // Act
    const hcl = renderTerraform(report);

    // Assess
    expect(hcl).toContain(
      [
        `resource "aws_network_acl_rule" "${ACL.c.replace('-', '_')}_ingress_99" {`,
        `  network_acl_id = "${ACL.c}"`,
        '  rule_number    = 99',
        '  egress         = false',
        '  protocol       = "tcp"',
        '  rule_action    = "allow"',
        '  cidr_block     = "10.0.1.0/24"',
        '  from_port      = 9443',
        '  to_port        = 9443',
        '}',
      ].join('\n'),
    );
    expect(hcl).toContain('  ipv6_cidr_block = "fd00:1::/64"');
    expect(hcl).toContain('  egress          = true');
    expect(hcl).toContain(
      `# Not added: ${ACL.c} (ingress, TCP 9443 from 10.0.1.0/24) has no free rule number`,
    );
    expect(hcl.startsWith('# Security-group rules and network ACL entries proposed')).toBe(true);
  });

  it('refuses an invalid group ID', () => {
    // Act / Assess
    expect(() => renderTerraform(reportWith([ingressRule({ groupId: 'sg-x" }' })]))).toThrow(
      InputError,
    );
  });
});

describe('hclString', () => {
  it.each([
    ['plain', '"plain"'],
    ['quote " and backslash \\', '"quote \\" and backslash \\\\"'],
    ['line\nbreak\ttab', '"line\\nbreak\\ttab"'],
    // biome-ignore lint/suspicious/noTemplateCurlyInString: literal HCL interpolations are the point
    ['${a} %{b} $${c}', '"$${a} %%{b} $$${c}"'],
    ['bell\u0007', '"bell\\u0007"'],
  ])('writes %j as %s', (value, literal) => {
    // Act / Assess
    expect(hclString(value)).toBe(literal);
  });
});

describe('renderCloudFormation', () => {
  it('writes a JSON template with SecurityGroupIngress and SecurityGroupEgress resources', () => {
    // Prepare
    const report = reportWith([
      ingressRule(),
      ingressRule({ action: 'authorize-egress', groupId: SG.cluster, peer: { groupId: SG.node } }),
      ingressRule({ peer: { cidr: 'fd00:1::10/128' }, fromPort: 8443, toPort: 8443 }),
    ]);

    // Act
    const template = JSON.parse(renderCloudFormation(report));

    // Assess
    expect(template.AWSTemplateFormatVersion).toBe('2010-09-09');
    expect(Object.values(template.Resources)).toEqual([
      {
        Type: 'AWS::EC2::SecurityGroupIngress',
        Properties: {
          GroupId: SG.node,
          IpProtocol: 'tcp',
          FromPort: 9443,
          ToPort: 9443,
          SourceSecurityGroupId: SG.cluster,
          Description:
            'eks-sg-advisor: EKS control plane to webhook vingress.elbv2.k8s.aws tcp/9443',
        },
      },
      {
        Type: 'AWS::EC2::SecurityGroupEgress',
        Properties: expect.objectContaining({
          GroupId: SG.cluster,
          DestinationSecurityGroupId: SG.node,
        }),
      },
      {
        Type: 'AWS::EC2::SecurityGroupIngress',
        Properties: expect.objectContaining({ CidrIpv6: 'fd00:1::10/128', FromPort: 8443 }),
      },
    ]);
    expect(Object.keys(template.Resources).every((id) => /^[A-Za-z0-9]+$/.test(id))).toBe(true);
  });

  it('writes AWS::EC2::NetworkAclEntry resources, naming an entry with no number in the description', () => {
    // Prepare
    const report = {
      ...reportWith([]),
      networkAclEntries: naclEntries(),
    };

    // Act
    const template = JSON.parse(renderCloudFormation(report));

    // Assess
    expect(Object.values(template.Resources)).toEqual([
      {
        Type: 'AWS::EC2::NetworkAclEntry',
        Properties: {
          NetworkAclId: ACL.c,
          RuleNumber: 99,
          Protocol: 6,
          RuleAction: 'allow',
          Egress: false,
          CidrBlock: '10.0.1.0/24',
          PortRange: { From: 9443, To: 9443 },
        },
      },
      {
        Type: 'AWS::EC2::NetworkAclEntry',
        Properties: expect.objectContaining({
          Egress: true,
          Ipv6CidrBlock: 'fd00:1::/64',
          RuleNumber: 200,
        }),
      },
    ]);
    expect(template.Description).toContain(
      `not included, no free rule number before the denying entry (renumber first): ${ACL.c} ingress`,
    );
  });
});

describe('renderText and renderMarkdown', () => {
  it('list the network ACL entries and their commands when there is no rule', () => {
    // Prepare
    const report = { ...reportWith([]), networkAclEntries: [naclEntry()] };

    // Act
    const text = renderText(report);
    const markdown = renderMarkdown(report);

    // Assess
    expect(text).toContain(
      `NETWORK ACL ENTRIES TO ADD (1)\n 1. ingress on ${ACL.c} (subnet-0c0c0c0c0c0c0c0c3), rule 99: allow tcp/9443 from 10.0.1.0/24\n    Lets TCP 9443 in. (finding 1)`,
    );
    expect(text).toContain('FIXES (AWS CLI)');
    expect(text).toContain('aws ec2 create-network-acl-entry');
    expect(markdown).toContain('### Network ACL entries to add (1)');
    expect(markdown).toContain('aws ec2 create-network-acl-entry');
  });

  it('strip terminal escape sequences from text that came from logs', () => {
    // Prepare
    const report = reportWith([ingressRule()]);
    const hostile = {
      ...report,
      findings: [{ ...report.findings[0], name: 'x\u001b[2J\u001b]0;owned\u0007' }],
    } as typeof report;

    // Act
    const text = renderText(hostile);

    // Assess
    // biome-ignore lint/suspicious/noControlCharactersInRegex: looking for control characters is the point
    expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
    expect(text).toContain('x [2J ]0;owned ');
  });

  it('escape Markdown in text that came from logs', () => {
    // Prepare
    const report = reportWith([ingressRule()]);
    const hostile = {
      ...report,
      findings: [{ ...report.findings[0], name: 'a|b [link](http://x) <img src=x>' }],
    } as typeof report;

    // Act
    const markdown = renderMarkdown(hostile);

    // Assess
    expect(markdown).toContain('a\\|b \\[link\\]\\(http://x\\) \\<img src=x\\>');
    expect(markdown).toContain('```sh\n#!/bin/sh');
  });

  it('escape helpers replace control characters', () => {
    // Act / Assess
    expect(plainText('a\nb\u009bc')).toBe('a b c');
    expect(markdownText('*_`')).toBe('\\*\\_\\`');
  });
});
