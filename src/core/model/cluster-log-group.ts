/**
 * The control-plane log group EKS writes for a cluster.
 *
 * @example
 * clusterLogGroupName('demo'); // '/aws/eks/demo/cluster'
 */
export function clusterLogGroupName(cluster: string): string {
  return `/aws/eks/${cluster}/cluster`;
}
