import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '#core/errors.ts';
import { authorizeCommand, recommendationProblem } from '#render/alerts/aws-cli-commands.ts';
import { shellQuote } from '#render/escape.ts';
import { renderAwsCli } from '#render/fixes/aws-cli.ts';
import { safeRule } from '#render/fixes/safe-values.ts';
import { hostileText } from '#test/helpers/hostile.ts';
import { aFinding, aRecommendation, aReport } from '#test/helpers/reports.ts';

// Characters shellQuote replaces with spaces (so they cannot round-trip).
const UNSAFE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
  /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]/;

// What a POSIX shell makes of `printf %s <words>`: the words it would pass to a command.
function shellEcho(words: string): string {
  const result = spawnSync('sh', ['-c', `printf '%s' ${words}`], { encoding: 'utf8' });
  return result.stdout;
}

describe('authorizeCommand', () => {
  it('renders an ingress rule from a group as one aws ec2 command with quoted JSON', () => {
    // Act
    const command = authorizeCommand(aRecommendation());

    // Assess
    expect(command).toBe(
      `aws ec2 authorize-security-group-ingress --group-id sg-0123456789abcdef0 --ip-permissions '[{"IpProtocol":"tcp","FromPort":9443,"ToPort":9443,"UserIdGroupPairs":[{"GroupId":"sg-0fedcba9876543210","Description":"eks-sg-advisor: vingress.elbv2.k8s.aws from control plane"}]}]'`,
    );
  });

  it('renders egress rules to IPv4 and IPv6 CIDRs', () => {
    // Act
    const v4 = authorizeCommand(
      aRecommendation({
        action: 'authorize-egress',
        peer: { cidr: '10.0.0.0/16' },
        description: '',
      }),
    );
    const v6 = authorizeCommand(
      aRecommendation({ action: 'authorize-egress', peer: { cidr: 'fd00::/8' }, description: '' }),
    );

    // Assess
    expect(v4).toContain(
      `authorize-security-group-egress --group-id sg-0123456789abcdef0 --ip-permissions '[{"IpProtocol":"tcp","FromPort":9443,"ToPort":9443,"IpRanges":[{"CidrIp":"10.0.0.0/16","Description":""}]}]'`,
    );
    expect(v6).toContain(`"Ipv6Ranges":[{"CidrIpv6":"fd00::/8","Description":""}]`);
  });

  it.each([
    [{ groupId: 'sg-123; rm -rf /' }, 'invalid security group id'],
    [{ groupId: 'sg-0123456789ABCDEF0' }, 'invalid security group id'],
    [{ groupId: 'sg-0123456' }, 'invalid security group id'],
    [{ peer: { groupId: 'sg-$(id)' } }, 'invalid peer security group id'],
    [{ peer: { cidr: "10.0.0.0/16'; reboot; '" } }, 'invalid peer CIDR'],
    [{ peer: { cidr: '10.0.0.0/33' } }, 'invalid peer CIDR'],
    [{ fromPort: 9444, toPort: 9443 }, 'invalid port range'],
    [{ fromPort: 70_000, toPort: 70_000 }, 'invalid port range'],
    [{ protocol: 'icmp' as 'tcp' }, 'invalid protocol'],
  ])('refuses %j: %s', (overrides, problem) => {
    // Prepare
    const rec = aRecommendation(overrides);

    // Act / Assess
    expect(recommendationProblem(rec)).toBe(problem);
    expect(() => authorizeCommand(rec)).toThrow(InputError);
  });

  it('writes characters EC2 does not allow in a description as _, within 255, as the script does', () => {
    // Act
    const command = authorizeCommand(
      aRecommendation({ description: `it's <!channel> \`id\` ${'x'.repeat(300)}` }),
    );

    // Assess
    const json = JSON.parse(shellEcho(command.slice(command.indexOf("'")))) as [
      { UserIdGroupPairs: [{ Description: string }] },
    ];
    const description = json[0].UserIdGroupPairs[0].Description;
    expect(description).toMatch(/^it_s _!channel_ _id_ x+$/);
    expect(description.length).toBe(255);
  });

  it('gives a rule the same --ip-permissions, description included, as the AWS CLI script', () => {
    fc.assert(
      fc.property(hostileText(8), (description) => {
        // Prepare
        const rec = aRecommendation({ description });

        // Act
        const command = authorizeCommand(rec);
        const script = renderAwsCli(aReport([aFinding()], [rec]));

        // Assess
        const permissions = command.slice(command.indexOf('--ip-permissions ') + 17);
        expect(script).toContain(`--ip-permissions ${permissions}`);
      }),
      { numRuns: 60 },
    );
  });

  it('refuses exactly the rules the script refuses', () => {
    const cidr = fc.oneof(
      fc.constantFrom(
        '10.0.0.0/16',
        '10.0.0.1',
        '10.0.0.0/33',
        'fd00::/8',
        'fe80::1%eth0/64',
        '::/0',
      ),
      fc.string({ maxLength: 20 }),
    );
    fc.assert(
      fc.property(cidr, fc.constantFrom('sg-0123456789abcdef0', 'sg-1; id'), (text, groupId) => {
        // Prepare
        const rec = aRecommendation({ groupId, peer: { cidr: text } });

        // Act
        const problem = recommendationProblem(rec);
        const scriptRefuses = (() => {
          try {
            safeRule(rec);
            return false;
          } catch {
            return true;
          }
        })();

        // Assess
        expect(problem !== null).toBe(scriptRefuses);
      }),
    );
  });

  it('passes any description to the shell as one literal JSON word', () => {
    fc.assert(
      fc.property(hostileText(8), (description) => {
        // Prepare
        const command = authorizeCommand(aRecommendation({ description }));

        // Act
        const word = shellEcho(command.slice(command.indexOf("'")));

        // Assess
        expect(JSON.parse(word)).toEqual([
          expect.objectContaining({ IpProtocol: 'tcp', FromPort: 9443 }),
        ]);
      }),
      { numRuns: 60 },
    );
  });
});

describe('shellQuote', () => {
  it('round-trips any string free of control, separator and bidi characters through sh as a single word', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 40 }).filter((text) => !UNSAFE.test(text)),
        (text) => {
          // Act
          const echoed = shellEcho(shellQuote(text));

          // Assess
          expect(echoed).toBe(text);
        },
      ),
      { numRuns: 60 },
    );
  });
});
