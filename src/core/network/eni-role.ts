import type { EniRole } from '#core/network/model.ts';

/** What {@link eniRole} reads from a DescribeNetworkInterfaces entry. */
export interface EniFacts {
  readonly description: string;
  readonly interfaceType: string | null;
  readonly instanceId: string | null;
}

/**
 * The role of a network interface in an EKS cluster, from its type, description and attachment.
 * Interface types win over descriptions; X-ENIs of other clusters are `other`.
 *
 * @example
 * eniRole({ description: 'Amazon EKS prod', interfaceType: 'interface', instanceId: null }, 'prod'); // 'control-plane'
 * eniRole({ description: 'aws-K8S-i-0abc', interfaceType: 'interface', instanceId: 'i-0abc' }, 'prod'); // 'vpc-cni-secondary'
 */
export function eniRole(facts: EniFacts, cluster: string): EniRole {
  const { description, interfaceType, instanceId } = facts;
  if (interfaceType === 'branch' || description === 'aws-k8s-branch-eni') return 'branch';
  if (interfaceType === 'trunk' || description === 'aws-k8s-trunk-eni') return 'trunk';
  if (description === `Amazon EKS ${cluster}`) return 'control-plane';
  if (description.startsWith('aws-K8S-i-')) return 'vpc-cni-secondary';
  if (description.startsWith('fargate-')) return 'fargate';
  if (instanceId?.startsWith('i-') && !isServiceType(interfaceType)) return 'node';
  return 'other';
}

function isServiceType(interfaceType: string | null): boolean {
  return (
    interfaceType !== null && interfaceType !== 'interface' && !interfaceType.startsWith('efa')
  );
}
