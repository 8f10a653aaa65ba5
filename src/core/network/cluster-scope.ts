import type {
  ClusterInfo,
  ClusterScope,
  EniRole,
  SecurityGroup,
  SgRule,
} from '#core/network/model.ts';

/** What {@link clusterScopeOf} reads of one interface. */
export interface ScopeEni {
  readonly id: string;
  readonly role: EniRole;
  readonly groupIds: readonly string[];
  readonly description: string;
  readonly instanceId: string | null;
  readonly vpcId: string | null;
  readonly tags: Readonly<Record<string, string>>;
}

/** What the whole snapshot says about the cluster's nodes and pods, built once. */
export interface ScopeContext {
  readonly cluster: ClusterInfo;
  /** Instances that carry a VPC CNI secondary or trunk interface of this cluster. */
  readonly clusterInstances: ReadonlySet<string>;
  /** Instances with an interface tagged for another cluster (and none for this one), by cluster. */
  readonly foreignInstances: ReadonlyMap<string, string>;
  /** Groups on this cluster's pod interfaces (branch, trunk, secondary, Fargate) or tagged for it. */
  readonly clusterGroups: ReadonlySet<string>;
  /** Groups with an ingress rule from the cluster security group or a control-plane group. */
  readonly admittingGroups: ReadonlySet<string>;
}

/** Tags that name the cluster an interface or a group belongs to (`<name>` in the key or value). */
const CLUSTER_KEY = /^kubernetes\.io\/cluster\/(.+)$/;
const CLUSTER_VALUE_TAGS = [
  'cluster.k8s.amazonaws.com/name',
  'eks:cluster-name',
  'aws:eks:cluster-name',
  'vpcresources.k8s.aws/cluster-name',
  'karpenter.sh/discovery',
] as const;

const POD_ROLES: ReadonlySet<EniRole> = new Set([
  'branch',
  'trunk',
  'vpc-cni-secondary',
  'fargate',
]);

const OUT_ROLES: Readonly<Partial<Record<EniRole, string>>> = {
  'control-plane':
    "one of the cluster's own control-plane interfaces (an EKS cross-account ENI): the API server does not call webhooks or APIServices on it, so the address is stale or misattributed",
  'other-cluster': "another EKS cluster's control-plane interface",
  'nat-gateway': "a NAT gateway's interface",
  'load-balancer': "a load balancer's interface",
  'vpc-endpoint': "a VPC endpoint's interface",
  other:
    'an interface that is neither a node nor a pod interface (no instance, no VPC CNI, security-groups-for-pods or Fargate description)',
};

/**
 * The clusters an interface's (or a group's) tags name: the `<name>` of
 * `kubernetes.io/cluster/<name>`, and the values of the VPC CNI, EKS and Karpenter cluster tags.
 *
 * @example
 * taggedClusters({ 'kubernetes.io/cluster/prod': 'owned' }); // ['prod']
 */
export function taggedClusters(tags: Readonly<Record<string, string>>): string[] {
  const names = new Set<string>();
  for (const [key, value] of Object.entries(tags)) {
    const keyed = CLUSTER_KEY.exec(key)?.[1];
    if (keyed) names.add(keyed);
    if ((CLUSTER_VALUE_TAGS as readonly string[]).includes(key) && value !== '') names.add(value);
  }
  return [...names];
}

/**
 * The facts about the cluster's nodes and pods that {@link clusterScopeOf} weighs, from every
 * interface, group and rule of the snapshot.
 *
 * @example
 * scopeContextOf(cluster, enis, groups, rules).clusterInstances.has('i-0abc'); // true
 */
export function scopeContextOf(
  cluster: ClusterInfo,
  enis: readonly ScopeEni[],
  groups: ReadonlyMap<string, SecurityGroup>,
  rules: readonly SgRule[],
): ScopeContext {
  const name = cluster.name;
  const foreign = (eni: ScopeEni): boolean => otherClusterTag(eni.tags, name) !== null;
  const foreignInstances = new Map<string, string>();
  for (const eni of enis) {
    const other = otherClusterTag(eni.tags, name);
    if (other !== null && eni.instanceId) foreignInstances.set(eni.instanceId, other);
  }
  const clusterInstances = new Set<string>();
  const clusterGroups = new Set<string>();
  for (const eni of enis) {
    const onForeign = eni.instanceId !== null && foreignInstances.has(eni.instanceId);
    if (!POD_ROLES.has(eni.role) || foreign(eni) || onForeign || !sameVpc(eni, cluster)) continue;
    for (const id of eni.groupIds) clusterGroups.add(id);
    const instance = eni.instanceId ?? eni.tags['node.k8s.amazonaws.com/instance_id'] ?? null;
    if (instance && (eni.role === 'vpc-cni-secondary' || eni.role === 'trunk')) {
      clusterInstances.add(instance);
    }
  }
  for (const group of groups.values()) {
    if (taggedClusters(group.tags).includes(name)) clusterGroups.add(group.id);
  }
  const controlPlaneGroups = new Set(
    [
      cluster.clusterSecurityGroupId,
      ...cluster.additionalGroupIds,
      ...enis.filter((e) => e.role === 'control-plane').flatMap((e) => e.groupIds),
    ].filter((id): id is string => id !== null),
  );
  const admittingGroups = new Set(
    rules
      .filter(
        (r) =>
          r.direction === 'ingress' &&
          r.peer.kind === 'group' &&
          controlPlaneGroups.has(r.peer.groupId) &&
          !controlPlaneGroups.has(r.groupId),
      )
      .map((r) => r.groupId),
  );
  if (cluster.clusterSecurityGroupId) clusterGroups.add(cluster.clusterSecurityGroupId);
  return { cluster, clusterInstances, foreignInstances, clusterGroups, admittingGroups };
}

/**
 * Whether an interface is a node or pod interface of this cluster, the only kind that may get a
 * rule or a network ACL entry. Out: the control plane's own interfaces, another cluster's, NAT
 * gateways, load balancers, VPC endpoints, interfaces of another VPC or tagged for another
 * cluster, and instances nothing ties to the cluster. An instance is a node when its interface
 * is tagged for the cluster, carries the cluster security group or a group of the cluster's pods
 * or tagged for it, carries a group that admits the control plane, or its instance holds a VPC
 * CNI interface of the cluster.
 *
 * @example
 * clusterScopeOf(eni, context); // { kind: 'in', why: 'carries the cluster security group sg-0c1a...' }
 */
export function clusterScopeOf(eni: ScopeEni, context: ScopeContext): ClusterScope {
  const { cluster } = context;
  const role = OUT_ROLES[eni.role];
  if (role) return { kind: 'out', why: role };
  if (!sameVpc(eni, cluster)) {
    return {
      kind: 'out',
      why: `an interface of VPC ${eni.vpcId}, not of the cluster's VPC ${cluster.vpcId}`,
    };
  }
  const other = otherClusterTag(eni.tags, cluster.name);
  if (other !== null) return { kind: 'out', why: `an interface tagged for cluster '${other}'` };
  const host = eni.instanceId === null ? undefined : context.foreignInstances.get(eni.instanceId);
  if (host !== undefined) {
    return {
      kind: 'out',
      why: `an interface of instance ${eni.instanceId}, which is tagged for cluster '${host}'`,
    };
  }
  if (POD_ROLES.has(eni.role)) return { kind: 'in', why: `a ${eni.role} interface` };
  const evidence = nodeEvidence(eni, context);
  if (evidence !== null) return { kind: 'in', why: evidence };
  return {
    kind: 'out',
    why: `the interface of instance ${eni.instanceId ?? '(unknown)'}, which nothing in the snapshot ties to cluster '${cluster.name}' (no cluster tag, no cluster security group, no group of its nodes or pods, no group that admits the control plane, no VPC CNI interface on the instance; if it is a node, tag its security group kubernetes.io/cluster/${cluster.name})`,
  };
}

function nodeEvidence(eni: ScopeEni, context: ScopeContext): string | null {
  const { cluster, clusterInstances, clusterGroups, admittingGroups } = context;
  if (taggedClusters(eni.tags).includes(cluster.name)) return 'tagged for the cluster';
  const csg = cluster.clusterSecurityGroupId;
  if (csg && eni.groupIds.includes(csg)) return `carries the cluster security group ${csg}`;
  if (eni.instanceId && clusterInstances.has(eni.instanceId)) {
    return `instance ${eni.instanceId} holds a VPC CNI interface of the cluster`;
  }
  const shared = eni.groupIds.find((id) => clusterGroups.has(id));
  if (shared) return `carries ${shared}, a group of the cluster's pods or tagged for it`;
  const admitting = eni.groupIds.find((id) => admittingGroups.has(id));
  if (admitting) return `carries ${admitting}, which admits the control plane`;
  return null;
}

function sameVpc(eni: ScopeEni, cluster: ClusterInfo): boolean {
  return eni.vpcId === null || cluster.vpcId === null || eni.vpcId === cluster.vpcId;
}

function otherClusterTag(tags: Readonly<Record<string, string>>, cluster: string): string | null {
  const names = taggedClusters(tags);
  if (names.length === 0 || names.includes(cluster)) return null;
  return names[0] ?? null;
}
