import {
  DescribeClusterCommand,
  DescribeUpdateCommand,
  EKSClient,
  InvalidParameterException,
  ResourceInUseException,
  UpdateClusterConfigCommand,
} from '@aws-sdk/client-eks';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { beforeEach, describe, expect, it } from 'vitest';
import { EksClusterControl } from '#adapters/aws/eks-cluster-control.ts';
import { enableApiLogging } from '#app/enable-logging/enable-api-logging.ts';
import { AwsCallError } from '#core/errors.ts';
import { FakeClock } from '#test/helpers/fake-clock.ts';
import { FakeRetention } from '#test/helpers/fake-eks.ts';

const eks = mockClient(EKSClient);

function control(): EksClusterControl {
  return new EksClusterControl(new EKSClient({ region: 'us-east-1' }));
}

const LOGGING_OFF = {
  cluster: {
    name: 'demo',
    status: 'ACTIVE' as const,
    logging: {
      clusterLogging: [
        { types: ['audit' as const], enabled: true },
        {
          types: [
            'api' as const,
            'authenticator' as const,
            'controllerManager' as const,
            'scheduler' as const,
          ],
          enabled: false,
        },
      ],
    },
  },
};

beforeEach(() => {
  eks.reset();
});

describe('EksClusterControl', () => {
  it('reads the enabled log types from the enabled entries only', async () => {
    // Prepare
    eks.on(DescribeClusterCommand).resolves(LOGGING_OFF);
    // Act
    const state = await control().describeCluster('demo');
    // Assess
    expect(state).toEqual({ name: 'demo', status: 'ACTIVE', enabledTypes: ['audit'] });
  });

  it('takes "No changes needed" as no-changes (mocked: moto applies any logging update)', async () => {
    // Prepare
    eks.on(UpdateClusterConfigCommand).rejects(
      new InvalidParameterException({
        message: 'No changes needed for the logging config provided',
        $metadata: {},
      }),
    );
    // Act
    const result = await control().updateClusterLogging('demo', { types: ['api'], enabled: true });
    // Assess
    expect(result).toEqual({ outcome: 'no-changes' });
  });

  it('reports another InvalidParameterException as an AWS failure naming the cluster (mocked: moto accepts it)', async () => {
    // Prepare
    eks
      .on(UpdateClusterConfigCommand)
      .rejects(
        new InvalidParameterException({ message: 'Cluster is not in ACTIVE state', $metadata: {} }),
      );
    // Act
    const act = control().updateClusterLogging('demo', { types: ['api'], enabled: true });
    // Assess
    await expect(act).rejects.toThrow(AwsCallError);
    await expect(act).rejects.toThrow('UpdateClusterConfig: demo: Cluster is not in ACTIVE state');
  });

  it('takes ResourceInUseException as another update in progress (mocked: moto never has updates in progress)', async () => {
    // Prepare
    const message =
      'Cannot LoggingUpdate because cluster demo currently has update 1a2b in progress';
    eks
      .on(UpdateClusterConfigCommand)
      .rejects(new ResourceInUseException({ message, $metadata: {} }));
    // Act
    const result = await control().updateClusterLogging('demo', { types: ['api'], enabled: true });
    // Assess
    expect(result).toEqual({ outcome: 'update-in-progress', message });
  });

  it('reads DescribeUpdate status and errors (mocked: moto does not implement DescribeUpdate)', async () => {
    // Prepare
    eks.on(DescribeUpdateCommand).resolves({
      update: {
        id: 'u-1',
        status: 'Failed',
        errors: [{ errorCode: 'IpNotAvailable', errorMessage: 'Subnet has no free IP addresses' }],
      },
    });
    // Act
    const state = await control().describeUpdate('demo', 'u-1');
    // Assess
    expect(state).toEqual({
      status: 'Failed',
      errors: ['IpNotAvailable: Subnet has no free IP addresses'],
    });
  });
});

describe('enableApiLogging through the EKS adapter', () => {
  it('sends only the api entry and waits for the update to succeed (mocked: moto returns no update and lacks DescribeUpdate)', async () => {
    // Prepare
    eks.on(DescribeClusterCommand).resolves(LOGGING_OFF);
    eks
      .on(UpdateClusterConfigCommand)
      .resolves({ update: { id: 'u-7', status: 'InProgress', type: 'LoggingUpdate' } });
    eks
      .on(DescribeUpdateCommand)
      .resolvesOnce({ update: { id: 'u-7', status: 'InProgress' } })
      .resolves({ update: { id: 'u-7', status: 'Successful' } });
    const logs = new FakeRetention();
    // Act
    const result = await enableApiLogging(
      { eks: control(), logs, clock: new FakeClock() },
      'demo',
      { wait: true },
    );
    // Assess
    expect(result).toMatchObject({ ok: true, logging: { state: 'enabled', updateId: 'u-7' } });
    expect(eks).toHaveReceivedCommandWith(UpdateClusterConfigCommand, {
      name: 'demo',
      logging: { clusterLogging: [{ types: ['api'], enabled: true }] },
    });
    expect(eks).toHaveReceivedCommandTimes(DescribeUpdateCommand, 2);
    // The group did not exist yet, so it is created with the default policy.
    expect(result.retention).toEqual({
      state: 'set',
      days: 30,
      previousDays: null,
      createdGroup: true,
    });
  });

  it('leaves the cluster pending without retrying when another update is in progress (mocked: ResourceInUseException)', async () => {
    // Prepare
    eks.on(DescribeClusterCommand).resolves(LOGGING_OFF);
    eks
      .on(UpdateClusterConfigCommand)
      .rejects(new ResourceInUseException({ message: 'update 1a2b in progress', $metadata: {} }));
    // Act
    const result = await enableApiLogging(
      { eks: control(), logs: new FakeRetention(), clock: new FakeClock() },
      'demo',
      { wait: true },
    );
    // Assess
    expect(result).toMatchObject({
      ok: true,
      logging: { state: 'pending', reason: 'update-in-progress' },
    });
    expect(eks).toHaveReceivedCommandTimes(UpdateClusterConfigCommand, 1);
    expect(eks).not.toHaveReceivedCommand(DescribeUpdateCommand);
  });
});
