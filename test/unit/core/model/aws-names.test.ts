import { describe, expect, it } from 'vitest';
import {
  CLUSTER_ARN,
  CLUSTER_LOG_GROUP,
  CLUSTER_NAME,
  clusterArnParts,
  clusterLogGroupName,
  EKS_XENI_DESCRIPTION,
  FUNCTION_ARN_PREFIX,
  isClusterName,
  REGION,
  ROLE_ARN,
  SECRET_ID,
  SECURITY_GROUP_ID,
  TOPIC_ARN,
} from '#core/model/aws-names.ts';

describe('CLUSTER_NAME', () => {
  it('accepts 1 to 100 letters, digits, hyphens and underscores starting with a letter or digit', () => {
    // Prepare
    const good = ['a', 'prod-eu_1', `a${'b'.repeat(99)}`];
    const bad = ['', '-a', '_a', 'a/b', 'a.b', `a${'b'.repeat(100)}`];

    // Act
    const accepted = [...good, ...bad].filter((name) => isClusterName(name));

    // Assess
    expect(accepted).toEqual(good);
    expect(CLUSTER_NAME.test('prod')).toBe(true);
  });
});

describe('REGION', () => {
  it('accepts the commercial, GovCloud and ISO Region names', () => {
    // Prepare
    const names = [
      'us-east-1',
      'eu-central-2',
      'ap-southeast-4',
      'us-gov-west-1',
      'us-isob-east-1',
      'eusc-de-east-1',
    ];

    // Act
    const refused = names.filter((name) => !REGION.test(name));

    // Assess
    expect(refused).toEqual([]);
  });

  it('refuses a prefix of more than four letters, capitals, a missing number or a zone letter', () => {
    // Prepare
    const names = ['abcde-east-1', 'eu-1', 'eu-west', 'EU-WEST-1', 'eu-west-1a'];

    // Act
    const accepted = names.filter((name) => REGION.test(name));

    // Assess
    expect(accepted).toEqual([]);
  });
});

describe('SECURITY_GROUP_ID', () => {
  it('accepts sg- with 8 to 17 lowercase hex digits and nothing else', () => {
    // Prepare
    const ids = [
      'sg-0123abcd',
      'sg-0123456789abcdef0',
      'sg-0123ABCD',
      'sg-0123abc',
      'sg-1; rm -rf /',
    ];

    // Act
    const accepted = ids.filter((id) => SECURITY_GROUP_ID.test(id));

    // Assess
    expect(accepted).toEqual(['sg-0123abcd', 'sg-0123456789abcdef0']);
  });
});

describe('ARN patterns', () => {
  it('reads the Region, account and name of an EKS cluster ARN in every partition', () => {
    // Prepare
    const arn = 'arn:aws-us-gov:eks:us-gov-west-1:123456789012:cluster/prod';

    // Act
    const parts = clusterArnParts(arn);

    // Assess
    expect(parts).toEqual({ region: 'us-gov-west-1', account: '123456789012', name: 'prod' });
  });

  it('finds nothing in an ARN of another service, a malformed Region or no ARN', () => {
    // Prepare
    const arns = [
      'arn:aws:iam::123456789012:role/prod',
      'arn:aws:eks:west:123456789012:cluster/prod',
      undefined,
    ];

    // Act
    const parts = arns.map((arn) => clusterArnParts(arn));

    // Assess
    expect(parts).toEqual([null, null, null]);
    expect(CLUSTER_ARN.test('arn:aws:eks:eu-west-1:123456789012:cluster/a/b')).toBe(false);
  });

  it('refuses a partition that is not aws or aws-<word>', () => {
    // Prepare
    const roles = [
      'arn:aws-cn:iam::123456789012:role/r',
      'arn:awsx:iam::123456789012:role/r',
      'arn:aws-:iam::123456789012:role/r',
    ];

    // Act
    const accepted = roles.filter((arn) => ROLE_ARN.test(arn));

    // Assess
    expect(accepted).toEqual(['arn:aws-cn:iam::123456789012:role/r']);
  });

  it('takes the account of a role ARN and of a Lambda function ARN from the same place', () => {
    // Prepare
    const role = 'arn:aws:iam::210987654321:role/reader';
    const fn = 'arn:aws:lambda:eu-west-1:123456789012:function:analyze';

    // Act
    const accounts = [ROLE_ARN.exec(role)?.[1], FUNCTION_ARN_PREFIX.exec(fn)?.[1]];

    // Assess
    expect(accounts).toEqual(['210987654321', '123456789012']);
  });

  it('accepts SNS topic ARNs and secrets by name or ARN, with a real Region', () => {
    // Prepare
    const topic = 'arn:aws:sns:eu-west-1:123456789012:alerts';
    const secretArn = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:slack-AbCdEf';

    // Act
    const results = [
      TOPIC_ARN.test(topic),
      TOPIC_ARN.test('arn:aws:sns:local:123456789012:alerts'),
      SECRET_ID.test('eks-sg-advisor/slack'),
      SECRET_ID.test(secretArn),
    ];

    // Assess
    expect(results).toEqual([true, false, true, true]);
  });
});

describe('log group names', () => {
  it('names the control-plane log group and reads the cluster and account back from @log', () => {
    // Prepare
    const group = clusterLogGroupName('demo');

    // Act
    const bare = CLUSTER_LOG_GROUP.exec(group);
    const withAccount = CLUSTER_LOG_GROUP.exec(`123456789012:${group}`);

    // Assess
    expect(group).toBe('/aws/eks/demo/cluster');
    expect([bare?.[1], bare?.[2]]).toEqual([undefined, 'demo']);
    expect([withAccount?.[1], withAccount?.[2]]).toEqual(['123456789012', 'demo']);
  });

  it('recognises the description EKS gives its cross-account ENIs', () => {
    // Prepare
    const descriptions = ['Amazon EKS prod', 'Amazon EKS prod/x', 'Amazon EKS '];

    // Act
    const matched = descriptions.filter((text) => EKS_XENI_DESCRIPTION.test(text));

    // Assess
    expect(matched).toEqual(['Amazon EKS prod']);
  });
});
