import { CloudWatchLogsClient, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { DescribeNetworkInterfacesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { DEFAULT_MAX_ATTEMPTS } from '#adapters/aws/aws-client-config.ts';
import { throughProxy } from '#test/helpers/fault-clients.ts';
import { FaultProxy } from '#test/helpers/fault-proxy.ts';
import { failOnUnhandledRejections } from '#test/helpers/unhandled-rejections.ts';

failOnUnhandledRejections();

let proxy: FaultProxy;

beforeEach(async () => {
  proxy = await FaultProxy.start(inject('motoEndpoint'));
});

afterEach(async () => {
  await proxy.close();
});

describe('awsClientConfig through the fault proxy', () => {
  it('retries a call throttled twice and succeeds on the third attempt', async () => {
    // Prepare
    proxy.inject({ operation: 'DescribeLogGroups', fault: 'throttle', times: 2 });
    const logs = new CloudWatchLogsClient(throughProxy(proxy));

    // Act
    const out = await logs.send(new DescribeLogGroupsCommand({}));

    // Assess
    expect(out.$metadata.attempts).toBe(3);
    expect(proxy.attempts('DescribeLogGroups')).toBe(3);
  });

  it(`gives up on a permanent 500 after exactly ${DEFAULT_MAX_ATTEMPTS} attempts`, async () => {
    // Prepare
    proxy.inject({ operation: 'DescribeNetworkInterfaces', fault: 'error-500' });
    const ec2 = new EC2Client(throughProxy(proxy));

    // Act
    const act = ec2.send(new DescribeNetworkInterfacesCommand({}));

    // Assess
    await expect(act).rejects.toMatchObject({
      name: 'InternalError',
      $metadata: { httpStatusCode: 500, attempts: DEFAULT_MAX_ATTEMPTS },
    });
    expect(proxy.attempts('DescribeNetworkInterfaces')).toBe(DEFAULT_MAX_ATTEMPTS);
  });

  it('retries a dropped connection, and gives up when every attempt is dropped', async () => {
    // Prepare
    proxy.inject({ operation: 'DescribeNetworkInterfaces', fault: 'drop', times: 1 });
    const ec2 = new EC2Client(throughProxy(proxy, { maxAttempts: 3 }));

    // Act
    const once = await ec2.send(new DescribeNetworkInterfacesCommand({}));
    proxy.inject({ operation: 'DescribeNetworkInterfaces', fault: 'drop' });
    const always = ec2.send(new DescribeNetworkInterfacesCommand({}));

    // Assess
    expect(once.$metadata.attempts).toBe(2);
    await expect(always).rejects.toMatchObject({ code: 'ECONNRESET', $metadata: { attempts: 3 } });
    expect(proxy.attempts('DescribeNetworkInterfaces')).toBe(2 + 3);
  });

  it('cuts a request that outlives the request timeout and retries it', async () => {
    // Prepare
    proxy.inject({ operation: 'DescribeLogGroups', fault: 'slow', delayMs: 2_000, times: 1 });
    const logs = new CloudWatchLogsClient(throughProxy(proxy, { requestTimeoutMs: 200 }));
    const started = Date.now();

    // Act
    const out = await logs.send(new DescribeLogGroupsCommand({}));

    // Assess
    expect(out.$metadata.attempts).toBe(2);
    expect(Date.now() - started).toBeLessThan(1_500);
    expect(proxy.calls).toMatchObject([
      { fault: 'slow', forwarded: false },
      { fault: null, forwarded: true },
    ]);
  });
});
