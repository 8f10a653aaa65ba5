import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  DescribeLogGroupsCommand,
  LimitExceededException,
  StartQueryCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { DescribeNetworkInterfacesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { EKSClient, ListClustersCommand, ServerException } from '@aws-sdk/client-eks';
import {
  CreateTopicCommand,
  InternalErrorException,
  PublishCommand,
  SNSClient,
  ThrottledException,
} from '@aws-sdk/client-sns';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { type FaultKind, FaultProxy } from '#test/helpers/fault-proxy.ts';
import { failOnUnhandledRejections } from '#test/helpers/unhandled-rejections.ts';

failOnUnhandledRejections();

let proxy: FaultProxy;

beforeEach(async () => {
  proxy = await FaultProxy.start(inject('motoEndpoint'));
});

afterEach(async () => {
  await proxy.close();
});

/** Standard retries with no adaptive rate limiting: these tests are about error shapes only. */
function config(maxAttempts: number) {
  return { region: 'us-east-1', endpoint: proxy.url, maxAttempts, retryMode: 'standard' };
}

/** One SDK call that succeeds against an empty moto (after its set-up), by operation. */
interface Probe {
  readonly operation: string;
  call(maxAttempts: number): Promise<{ $metadata: { attempts?: number } }>;
}

const probes: Readonly<Record<string, Probe>> = {
  logs: {
    operation: 'DescribeLogGroups',
    call: (n) => new CloudWatchLogsClient(config(n)).send(new DescribeLogGroupsCommand({})),
  },
  dynamodb: {
    operation: 'ListTables',
    call: (n) => new DynamoDBClient(config(n)).send(new ListTablesCommand({})),
  },
  ec2: {
    operation: 'DescribeNetworkInterfaces',
    call: (n) => new EC2Client(config(n)).send(new DescribeNetworkInterfacesCommand({})),
  },
  sns: {
    operation: 'Publish',
    call: async (n) => {
      const sns = new SNSClient(config(n));
      const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: 'faults' }));
      return sns.send(new PublishCommand({ TopicArn, Message: 'hello' }));
    },
  },
  sts: {
    operation: 'GetCallerIdentity',
    call: (n) => new STSClient(config(n)).send(new GetCallerIdentityCommand({})),
  },
  eks: {
    operation: 'ListClusters',
    call: (n) => new EKSClient(config(n)).send(new ListClustersCommand({})),
  },
};

function probe(service: string): Probe {
  const found = probes[service];
  if (!found) throw new Error(`no probe for ${service}`);
  return found;
}

describe('FaultProxy', () => {
  it('recognises the operation of each protocol and passes calls through to moto', async () => {
    // Act
    for (const service of Object.keys(probes)) await probe(service).call(1);

    // Assess
    expect(
      proxy.calls.map(({ service, operation, protocol }) => [service, operation, protocol]),
    ).toEqual([
      ['logs', 'DescribeLogGroups', 'json'],
      ['dynamodb', 'ListTables', 'json'],
      ['ec2', 'DescribeNetworkInterfaces', 'ec2-query'],
      ['sns', 'CreateTopic', 'query'],
      ['sns', 'Publish', 'query'],
      ['sts', 'GetCallerIdentity', 'query'],
      ['eks', 'ListClusters', 'rest-json'],
    ]);
    expect(proxy.calls.every((call) => call.fault === null && call.forwarded)).toBe(true);
  });

  it.each<[string, FaultKind, string, number, (new (...args: never[]) => Error) | null]>([
    ['logs', 'throttle', 'ThrottlingException', 400, null],
    ['dynamodb', 'throttle', 'ThrottlingException', 400, null],
    ['ec2', 'throttle', 'RequestLimitExceeded', 503, null],
    ['sns', 'throttle', 'ThrottledException', 429, ThrottledException],
    ['sts', 'throttle', 'Throttling', 400, null],
    ['eks', 'throttle', 'ThrottlingException', 429, null],
    ['logs', 'error-500', 'InternalFailure', 500, null],
    ['dynamodb', 'error-500', 'InternalFailure', 500, null],
    ['ec2', 'error-500', 'InternalError', 500, null],
    ['sns', 'error-500', 'InternalErrorException', 500, InternalErrorException],
    ['sts', 'error-500', 'InternalFailure', 500, null],
    ['eks', 'error-500', 'ServerException', 500, ServerException],
  ])(
    'answers a %s %s so the SDK raises %s (HTTP %i) and retries it',
    async (service, fault, name, status, type) => {
      // Prepare
      const { operation, call } = probe(service);
      proxy.inject({ operation, fault, times: 1 });

      // Act
      const failure = await call(1).then(
        () => null,
        (error: unknown) => error,
      );
      proxy.inject({ operation, fault, times: 1 });
      const retried = await call(2);

      // Assess
      expect(failure).toMatchObject({ name, $metadata: { httpStatusCode: status } });
      if (type) expect(failure).toBeInstanceOf(type);
      expect(retried.$metadata.attempts).toBe(2);
    },
  );

  it("answers StartQuery's limit-exceeded with CloudWatch Logs' LimitExceededException", async () => {
    // Prepare
    const logs = new CloudWatchLogsClient(config(1));
    await logs.send(new CreateLogGroupCommand({ logGroupName: '/aws/eks/x/cluster' }));
    proxy.inject({ operation: 'StartQuery', fault: 'limit-exceeded' });

    // Act
    const act = logs.send(
      new StartQueryCommand({
        logGroupName: '/aws/eks/x/cluster',
        queryString: 'fields @message',
        startTime: 0,
        endTime: 60,
      }),
    );

    // Assess
    await expect(act).rejects.toBeInstanceOf(LimitExceededException);
    await expect(act).rejects.toMatchObject({
      message: 'Account maximum query concurrency limit of [30] reached.',
      $metadata: { httpStatusCode: 400 },
    });
  });

  it('drops the connection without an answer: the SDK sees a reset socket and retries', async () => {
    // Prepare
    const { operation, call } = probe('ec2');
    proxy.inject({ operation, fault: 'drop', times: 1 });

    // Act
    const failure = await call(1).then(
      () => null,
      (error: unknown) => error,
    );
    proxy.inject({ operation, fault: 'drop', times: 1 });
    const retried = await call(2);

    // Assess
    expect(failure).toMatchObject({ code: 'ECONNRESET' });
    expect(retried.$metadata.attempts).toBe(2);
    expect(proxy.calls.map((c) => c.forwarded)).toEqual([false, false, true]);
  });

  it('answers slowly, then forwards the call', async () => {
    // Prepare
    const { operation, call } = probe('logs');
    proxy.inject({ operation, fault: 'slow', delayMs: 300 });
    const started = Date.now();

    // Act
    const out = await call(1);

    // Assess
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(out.$metadata.attempts).toBe(1);
    expect(proxy.calls).toMatchObject([{ operation, fault: 'slow', forwarded: true }]);
  });

  it('never forwards a slow call whose client gave up', async () => {
    // Prepare
    proxy.inject({ operation: 'DescribeLogGroups', fault: 'slow', delayMs: 400 });
    const logs = new CloudWatchLogsClient(config(1));

    // Act
    const act = logs.send(new DescribeLogGroupsCommand({}), {
      abortSignal: AbortSignal.timeout(50),
    });

    // Assess
    await expect(act).rejects.toMatchObject({ name: 'AbortError' });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(proxy.calls).toMatchObject([{ fault: 'slow', forwarded: false }]);
  });

  it('faults only the first `times` calls of the named operation', async () => {
    // Prepare
    proxy.inject({ operation: 'ListTables', fault: 'error-500', times: 2 });

    // Act
    const outcomes: string[] = [];
    for (const service of ['dynamodb', 'dynamodb', 'logs', 'dynamodb']) {
      outcomes.push(
        await probe(service)
          .call(1)
          .then(
            () => 'ok',
            (error: unknown) => (error instanceof Error ? error.name : 'error'),
          ),
      );
    }

    // Assess
    expect(outcomes).toEqual(['InternalFailure', 'InternalFailure', 'ok', 'ok']);
    expect(proxy.attempts('ListTables')).toBe(3);
    expect(proxy.operations()).toEqual([
      'ListTables',
      'ListTables',
      'DescribeLogGroups',
      'ListTables',
    ]);
  });
});
