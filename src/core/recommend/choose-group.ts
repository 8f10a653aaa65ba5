import { DATA_PLANE_ROLES } from '#core/network/eni-role.ts';
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

/** The group that stands for the control plane in new rules, and why it was chosen. */
export interface ControlPlaneGroupChoice {
  readonly groupId: string | null;
  readonly why: string;
}

/**
 * The control-plane group new rules name (as the source of node and pod ingress rules, and as
 * the group that gets egress rules): the group the user names (`--control-plane-group`); else,
 * following the convention the existing rules show, an additional cluster group that a node or
 * pod group already admits on TCP 443 or 10250 (private clusters that keep the cluster group off
 * the nodes write every rule against it); else the cluster security group when every X-ENI
 * carries it; else a group every X-ENI carries; else the first additional group.
 *
 * @example
 * chooseControlPlaneGroup(model, null); // { groupId: 'sg-0add...', why: 'the node group sg-0b0d... admits TCP 10250 from it' }
 */
export function chooseControlPlaneGroup(
  model: NetworkModel,
  explicit: string | null,
): ControlPlaneGroupChoice {
  if (explicit !== null) return { groupId: explicit, why: 'named with --control-plane-group' };
  const { clusterSecurityGroupId, additionalGroupIds } = model.cluster;
  const xenis = model.controlPlaneEnis;
  const onAll = (id: string): boolean => xenis.every((eni) => eni.groupIds.includes(id));
  const dataGroups = new Set(
    model.enis.filter((e) => DATA_PLANE_ROLES.has(e.role)).flatMap((e) => e.groupIds),
  );
  for (const additional of additionalGroupIds) {
    if (additional === clusterSecurityGroupId || (xenis.length > 0 && !onAll(additional))) continue;
    for (const groupId of dataGroups) {
      const admits = (model.rulesByGroup.get(groupId) ?? []).find(
        (rule) =>
          rule.direction === 'ingress' &&
          rule.peer.kind === 'group' &&
          rule.peer.groupId === additional &&
          [443, 10250].some((port) => admitsTcp(rule, port)),
      );
      if (admits) {
        return {
          groupId: additional,
          why: `the existing rules use it: ${groupId} admits the control plane from it (${admits.id ?? 'a rule'})`,
        };
      }
    }
  }
  if (clusterSecurityGroupId !== null && onAll(clusterSecurityGroupId)) {
    return { groupId: clusterSecurityGroupId, why: 'the cluster security group' };
  }
  const common =
    xenis.length > 0
      ? (xenis[0]?.groupIds.find(onAll) ?? null)
      : (clusterSecurityGroupId ?? additionalGroupIds[0] ?? null);
  return common === null
    ? { groupId: null, why: 'no security group is on every control-plane interface' }
    : { groupId: common, why: 'a group every control-plane interface carries' };
}

function admitsTcp(
  rule: { protocol: string; fromPort: number | null; toPort: number | null },
  port: number,
): boolean {
  if (rule.protocol === '-1') return true;
  if (rule.protocol !== 'tcp') return false;
  if (rule.fromPort === null || rule.toPort === null) return true;
  return rule.fromPort <= port && port <= rule.toPort;
}
