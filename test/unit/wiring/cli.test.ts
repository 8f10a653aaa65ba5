import { describe, expect, it } from 'vitest';
import { InputError } from '#core/errors.ts';
import { cliAws } from '#wiring/cli.ts';

describe('cliAws', () => {
  it.each(['eu-west-1', 'us-gov-west-1', 'ap-southeast-4'])('uses --region %s', async (region) => {
    // Prepare
    const aws = cliAws(region);

    // Act
    const used = await aws.region();
    aws.close();

    // Assess
    expect(used).toBe(region);
  });

  it.each(['EU-WEST-1', 'europe', 'eu-west-1; rm -rf /', ''])('rejects --region %j', (region) => {
    // Act
    const act = (): unknown => cliAws(region);

    // Assess
    expect(act).toThrow(InputError);
  });

  it('builds one client of a kind however many adapters use it, and destroys it on close', () => {
    // Prepare
    let built = 0;
    let destroyed = 0;
    const aws = cliAws('eu-west-1', {
      ec2: () => {
        built++;
        return { destroy: () => destroyed++ } as unknown as ReturnType<
          NonNullable<Parameters<typeof cliAws>[1]>['ec2'] & {}
        >;
      },
    });

    // Act
    aws.flowLogs();
    aws.ruleChanges();
    aws.close();

    // Assess
    expect({ built, destroyed }).toEqual({ built: 1, destroyed: 1 });
  });
});
