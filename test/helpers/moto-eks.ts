import { CreateClusterCommand, type EKSClient, type LogSetup } from '@aws-sdk/client-eks';

/** Creates an EKS cluster in moto_server with the given logging entries (moto's default: all off). */
export async function createCluster(
  eks: EKSClient,
  name: string,
  clusterLogging?: LogSetup[],
): Promise<void> {
  await eks.send(
    new CreateClusterCommand({
      name,
      roleArn: 'arn:aws:iam::123456789012:role/eks-cluster',
      resourcesVpcConfig: { subnetIds: ['subnet-0a1b2c3d'] },
      ...(clusterLogging ? { logging: { clusterLogging } } : {}),
    }),
  );
}
