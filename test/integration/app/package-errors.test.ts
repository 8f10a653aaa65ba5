import { describe, expect, it } from 'vitest';
import { runOsls } from '#test/helpers/osls.ts';

describe('npx osls package refusing bad params with one line', () => {
  it('names the clusters param and gives an example when --param clusters is missing, with no stack trace', async () => {
    // Act
    const run = await runOsls(['package', '--stage', 'prod']);

    // Assess
    const lines = (run.stdout + run.stderr).trim().split('\n');
    expect(run.status).toBe(2);
    expect(lines).toEqual([
      'Error: param clusters is required: name the EKS clusters to analyse, e.g. npx osls deploy --stage prod --param clusters=prod-eu-1,210987654321/eu-west-1/payments',
    ]);
  });

  it('refuses a stage so long that CloudFormation would cut the role names the target accounts trust', async () => {
    // Act
    const run = await runOsls([
      'package',
      '--stage',
      'pr-1234-feature-x',
      '--param',
      'clusters=demo',
    ]);

    // Assess
    const lines = (run.stdout + run.stderr).trim().split('\n');
    expect(run.status).toBe(2);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^Error: stage 'pr-1234-feature-x' is too long: the stack name eks-sg-advisor-pr-1234-feature-x has 32 characters, at most 30 .*use a stage of at most 15 characters$/,
    );
  });
});
