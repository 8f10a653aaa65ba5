import type { Eni, NetworkModel, SecurityGroup } from '#core/network/model.ts';

/**
 * Whether a group is tagged for the cluster (`kubernetes.io/cluster/<name>`, `aws:eks:cluster-name`,
 * `eks:cluster-name` or eksctl's `alpha.eksctl.io/cluster-name`).
 *
 * @example
 * taggedForCluster({ id: 'sg-0a', name: null, isVpcDefault: false, tags: { 'kubernetes.io/cluster/prod': 'owned' } }, 'prod'); // true
 */
export function taggedForCluster(group: SecurityGroup | undefined, cluster: string): boolean {
  if (!group) return false;
  const tags = group.tags;
  return (
    `kubernetes.io/cluster/${cluster}` in tags ||
    tags['aws:eks:cluster-name'] === cluster ||
    tags['eks:cluster-name'] === cluster ||
    tags['alpha.eksctl.io/cluster-name'] === cluster
  );
}

/** The group to add an ingress rule to, or why there is none. */
export type GroupChoice =
  | { readonly groupId: string; readonly why: string }
  | { readonly groupId: null; readonly why: string };

/**
 * The security group of `eni` that should receive the new ingress rule: the pod's group for a
 * branch ENI (any of its groups), otherwise a node group; in both cases preferring a group
 * tagged for the cluster, then any other group, then the cluster security group, and never the
 * VPC's default group (known only when the snapshot holds `securityGroups`).
 *
 * @example
 * chooseIngressGroup(model, eni); // { groupId: 'sg-0b0de5ec0de5ec0de', why: 'node group tagged for the cluster' }
 */
export function chooseIngressGroup(model: NetworkModel, eni: Eni): GroupChoice {
  const { name, clusterSecurityGroupId } = model.cluster;
  const kind = eni.role === 'branch' ? 'pod security group' : 'group of the interface';
  const usable = eni.groupIds.filter((id) => !model.groups.get(id)?.isVpcDefault);
  const first = usable[0];
  if (first === undefined) {
    return {
      groupId: null,
      why:
        eni.groupIds.length === 0
          ? `${eni.id} carries no security group in the snapshot`
          : `${eni.id} carries only the VPC default group; attach a dedicated group instead of opening the default one`,
    };
  }
  const notCluster = usable.filter((id) => id !== clusterSecurityGroupId);
  const tagged = notCluster.find((id) => taggedForCluster(model.groups.get(id), name));
  if (tagged) return { groupId: tagged, why: `${kind} tagged for cluster ${name}` };
  const other = notCluster[0];
  if (other) return { groupId: other, why: `first ${kind}` };
  return { groupId: first, why: 'the cluster security group (no other usable group on it)' };
}
