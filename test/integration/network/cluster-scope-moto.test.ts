import {
  CreateNetworkInterfaceCommand,
  CreateSecurityGroupCommand,
  type EC2Client,
  RunInstancesCommand,
} from '@aws-sdk/client-ec2';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AwsNetworkReader } from '#adapters/aws/aws-network-reader.ts';
import { analyzeLogEvents } from '#core/build-report.ts';
import { REFERENCE_TIME, webhookDialLine } from '#test/helpers/apiserver-lines.ts';
import { createMotoCluster, motoEc2, motoEks } from '#test/helpers/moto-cluster.ts';

const timeoutTo = (ip: string): string =>
  webhookDialLine(0, 'validate.example.com', 'example-webhook.example', ip, 9443);

let ec2: EC2Client;
let reader: AwsNetworkReader;
const eks = motoEks();

beforeEach(() => {
  ec2 = motoEc2();
  reader = new AwsNetworkReader({ eks, ec2 });
});

afterEach(() => {
  ec2.destroy();
});

describe('only node and pod interfaces of the cluster get rules, on snapshots read from moto_server', () => {
  it('proposes nothing for a load balancer, a NAT gateway or an unrelated instance, and the rule for the node', async () => {
    // Prepare: besides the cluster, an application load balancer's interface (type `interface`,
    // described `ELB app/...` as AWS creates it), a NAT gateway, and an instance with its own group.
    const cluster = await createMotoCluster(ec2, 'demo');
    const [subnet] = cluster.subnetIds;
    await ec2.send(
      new CreateNetworkInterfaceCommand({
        SubnetId: subnet,
        Description: 'ELB app/web/50dc6c495c0c9188',
        PrivateIpAddress: '10.0.1.201',
      }),
    );
    // moto creates no interface for a NAT gateway: make one as AWS describes it.
    await ec2.send(
      new CreateNetworkInterfaceCommand({
        SubnetId: subnet,
        Description: 'Interface for NAT Gateway nat-0a1b2c3d4e5f60718',
        PrivateIpAddress: '10.0.1.203',
      }),
    );
    const bastionSg = await ec2.send(
      new CreateSecurityGroupCommand({
        GroupName: 'bastion',
        Description: 'bastion',
        VpcId: cluster.vpcId,
      }),
    );
    await ec2.send(
      new RunInstancesCommand({
        ImageId: 'ami-12345678',
        InstanceType: 't3.micro',
        MinCount: 1,
        MaxCount: 1,
        SubnetId: subnet,
        SecurityGroupIds: [bastionSg.GroupId ?? ''],
        PrivateIpAddress: '10.0.1.202',
      }),
    );
    const snapshot = await reader.readSnapshot('demo');
    const ips = ['10.0.1.201', '10.0.1.202', '10.0.1.203', cluster.podIp];

    // Act
    const report = analyzeLogEvents(
      ips.map((ip) => ({ message: timeoutTo(ip) })),
      snapshot,
      { referenceTime: REFERENCE_TIME },
    );

    // Assess
    const byIp = new Map(report.findings.map((f) => [f.target?.ip, f]));
    expect(byIp.get('10.0.1.201')).toMatchObject({
      verdict: 'not-cluster',
      networkInterface: { role: 'load-balancer' },
    });
    expect(byIp.get('10.0.1.202')).toMatchObject({
      verdict: 'not-cluster',
      networkInterface: { role: 'instance' },
    });
    expect(byIp.get('10.0.1.203')).toMatchObject({
      verdict: 'not-cluster',
      networkInterface: { role: 'nat-gateway' },
    });
    expect(byIp.get(cluster.podIp)?.verdict).toBe('blocked');
    expect(report.recommendations.map((r) => [r.groupId, r.fromPort])).toEqual([
      [cluster.nodeSg, 9443],
    ]);
  });
});
