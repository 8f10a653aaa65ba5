import { EKS_XENI_DESCRIPTION } from '#core/model/aws-names.ts';
import type { EniRole } from '#core/network/model.ts';

/** Roles of interfaces that carry the cluster's data plane (nodes and pods). */
export const DATA_PLANE_ROLES: ReadonlySet<string> = new Set<EniRole>([
  'node',
  'trunk',
  'branch',
  'vpc-cni-secondary',
  'fargate',
]);

/** What {@link eniRole} reads from a DescribeNetworkInterfaces entry. */
export interface EniFacts {
  readonly description: string;
  readonly interfaceType: string | null;
  readonly instanceId: string | null;
}

/** Interface types AWS services create (DescribeNetworkInterfaces `interface-type`), by role. */
const SERVICE_TYPES: Readonly<Record<string, EniRole>> = {
  nat_gateway: 'nat-gateway',
  natGateway: 'nat-gateway',
  load_balancer: 'load-balancer',
  network_load_balancer: 'load-balancer',
  gateway_load_balancer: 'load-balancer',
  vpc_endpoint: 'vpc-endpoint',
  gateway_load_balancer_endpoint: 'vpc-endpoint',
};

/**
 * The role of a network interface in an EKS cluster, from its type, description and attachment.
 * Interface types win over descriptions; X-ENIs of other clusters are `other-cluster`; NAT
 * gateways, load balancers (`ELB ...`: application and classic load balancers have the plain
 * `interface` type) and VPC endpoints are named as such. `node` here means "attached to an EC2
 * instance": whether the instance is one of the cluster's nodes is decided with the whole
 * snapshot (see `clusterScopeOf`).
 *
 * @example
 * eniRole({ description: 'Amazon EKS prod', interfaceType: 'interface', instanceId: null }, 'prod'); // 'control-plane'
 * eniRole({ description: 'aws-K8S-i-0abc', interfaceType: 'interface', instanceId: 'i-0abc' }, 'prod'); // 'vpc-cni-secondary'
 * eniRole({ description: 'ELB app/web/50dc6c495c0c9188', interfaceType: 'interface', instanceId: null }, 'prod'); // 'load-balancer'
 */
export function eniRole(facts: EniFacts, cluster: string): EniRole {
  const { description, interfaceType, instanceId } = facts;
  if (interfaceType === 'branch' || description === 'aws-k8s-branch-eni') return 'branch';
  if (interfaceType === 'trunk' || description === 'aws-k8s-trunk-eni') return 'trunk';
  if (description === `Amazon EKS ${cluster}`) return 'control-plane';
  if (EKS_XENI_DESCRIPTION.test(description)) return 'other-cluster';
  const service = interfaceType === null ? undefined : SERVICE_TYPES[interfaceType];
  if (service) return service;
  if (description.startsWith('Interface for NAT Gateway ')) return 'nat-gateway';
  if (description.startsWith('ELB ')) return 'load-balancer';
  if (description.startsWith('VPC Endpoint Interface ')) return 'vpc-endpoint';
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
