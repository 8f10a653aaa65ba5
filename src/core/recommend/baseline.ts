import type { ReportNote } from '#core/model/report.ts';
import { evaluateDirection, evaluatePath, type PathSource } from '#core/network/evaluate-path.ts';
import type { Eni, NetworkModel } from '#core/network/model.ts';
import { taggedForCluster } from '#core/recommend/choose-group.ts';

const NODE_ROLES = new Set(['node', 'vpc-cni-secondary', 'trunk']);
const NODE_PORTS = [
  { port: 443, what: 'HTTPS (extension API servers and webhooks on 443)' },
  { port: 10250, what: 'the kubelet (logs, exec, port-forward, metrics)' },
] as const;
const MINIMUM =
  'The documented minimum between the control plane and the nodes is TCP 443, TCP 10250 and TCP/UDP 53.';

/**
 * Audits the documented minimum between the control plane and the cluster's nodes, whatever the
 * logs say: control plane → every distinct node group set on TCP 443 and TCP 10250, and the
 * cluster security group's outbound TCP and UDP 53 to itself. Each gap is a note.
 *
 * @example
 * baselineNotes(model, controlPlaneSources(model)); // [{ code: 'baseline-missing', message: '...' }]
 */
export function baselineNotes(model: NetworkModel, sources: readonly PathSource[]): ReportNote[] {
  const notes: ReportNote[] = [];
  const nodes = clusterNodeInterfaces(model);
  if (nodes.length === 0) {
    notes.push({
      code: 'baseline-skipped',
      message: `No node interface of cluster ${model.cluster.name} was recognised in the snapshot, so the control plane → node minimum was not checked.`,
    });
  }
  for (const [key, enis] of bySortedGroups(nodes)) {
    const sample = enis.find((eni) => eni.privateIps.length > 0);
    const ip = sample?.privateIps[0];
    if (!sample || !ip) continue;
    for (const { port, what } of NODE_PORTS) {
      const flow = { protocol: 'tcp', port, family: ip.family } as const;
      const result = evaluatePath(model, sources, { ip, groupIds: sample.groupIds }, flow);
      if (result.verdict === 'allowed') continue;
      const sides = [
        ...(result.ingress === 'missing' ? [`ingress on ${key}`] : []),
        ...(result.egress === 'missing' ? ['egress on the control-plane groups'] : []),
      ];
      notes.push({
        code: result.verdict === 'blocked' ? 'baseline-missing' : 'baseline-unknown',
        message:
          result.verdict === 'blocked'
            ? `The control plane cannot open TCP ${port} to ${what} on ${enis.length} node interface(s) with groups ${key}: missing ${sides.join(' and ')}. ${MINIMUM}`
            : `Could not check TCP ${port} from the control plane to node interfaces with groups ${key}: ${result.unknownWhy.join('; ')}.`,
      });
    }
  }
  notes.push(...dnsNotes(model));
  return notes;
}

/**
 * The node interfaces of the cluster: node, VPC CNI secondary and trunk interfaces that carry the
 * cluster security group or a group tagged for the cluster, are tagged by the VPC CNI for the
 * cluster, or share an instance with one that is. Without group details in the snapshot (no tags
 * to go by), every node, secondary and trunk interface of the VPC.
 *
 * @example
 * clusterNodeInterfaces(model).map((eni) => eni.id);
 */
export function clusterNodeInterfaces(model: NetworkModel): Eni[] {
  const { name, clusterSecurityGroupId } = model.cluster;
  const direct = (eni: Eni): boolean =>
    eni.tags['cluster.k8s.amazonaws.com/name'] === name ||
    (clusterSecurityGroupId !== null && eni.groupIds.includes(clusterSecurityGroupId)) ||
    eni.groupIds.some((id) => taggedForCluster(model.groups.get(id), name));
  const candidates = model.enis.filter((eni) => NODE_ROLES.has(eni.role));
  if (model.groups.size === 0) return candidates;
  const instances = new Set(
    candidates.filter(direct).flatMap((eni) => (eni.instanceId ? [eni.instanceId] : [])),
  );
  return candidates.filter(
    (eni) => direct(eni) || (eni.instanceId !== null && instances.has(eni.instanceId)),
  );
}

function bySortedGroups(enis: readonly Eni[]): Map<string, Eni[]> {
  const map = new Map<string, Eni[]>();
  for (const eni of enis) {
    const key = [...eni.groupIds].sort().join(', ') || 'no group';
    map.set(key, [...(map.get(key) ?? []), eni]);
  }
  return map;
}

function dnsNotes(model: NetworkModel): ReportNote[] {
  const clusterSg = model.cluster.clusterSecurityGroupId;
  if (clusterSg === null) return [];
  const peerIps = model.enis
    .filter((eni) => eni.role !== 'control-plane' && eni.groupIds.includes(clusterSg))
    .flatMap((eni) => eni.privateIps.slice(0, 1));
  const missing: string[] = [];
  for (const protocol of ['tcp', 'udp'] as const) {
    const flow = { protocol, port: 53, family: 4 } as const;
    const peer = { ips: peerIps, groupIds: [clusterSg] };
    const decision = evaluateDirection(model, [clusterSg], 'egress', flow, peer);
    if (decision.outcome === 'deny') missing.push(protocol.toUpperCase());
  }
  if (missing.length === 0) return [];
  return [
    {
      code: 'baseline-missing',
      message: `The cluster security group ${clusterSg} does not allow outbound ${missing.join(' and ')} 53 (DNS) to itself. ${MINIMUM}`,
    },
  ];
}
