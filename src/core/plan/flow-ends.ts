import { DATA_PLANE_ROLES } from '#core/network/eni-role.ts';
import { type IpAddress, parseIp } from '#core/network/ip.ts';
import type { Eni, NetworkModel } from '#core/network/model.ts';
import { resolveEndpoint } from '#core/network/resolve-endpoint.ts';
import type { EndRole, FlowEnd, PlanFlow } from '#core/plan/plan-types.ts';

/**
 * The side of the cluster an interface belongs to: its X-ENIs, its nodes and pods, or other.
 *
 * @example
 * roleOfEni(eni); // 'data-plane'
 */
export function roleOfEni(eni: Eni | null): EndRole {
  if (!eni) return 'other';
  if (eni.role === 'control-plane') return 'control-plane';
  return DATA_PLANE_ROLES.has(eni.role) ? 'data-plane' : 'other';
}

/**
 * The end of a flow at `ip`: the interface that owns it (exact address or delegated prefix), its
 * groups and subnet. An address no interface owns is `other`, with no groups.
 *
 * @example
 * flowEnd(model, parseIp('10.0.1.200')!).eni?.role; // 'branch'
 */
export function flowEnd(model: NetworkModel, ip: IpAddress): FlowEnd {
  const eni = resolveEndpoint(model, ip.text)?.eni ?? null;
  return endOfEni(eni, ip);
}

/**
 * The end of a flow on `eni` at `ip` (its first address when `ip` is not given).
 *
 * @example
 * endOfEni(xeni, null).role; // 'control-plane'
 */
export function endOfEni(eni: Eni | null, ip: IpAddress | null): FlowEnd {
  return {
    ip: ip ?? eni?.privateIps[0] ?? null,
    eni,
    groupIds: eni?.groupIds ?? [],
    subnetId: eni?.subnetId ?? null,
    role: roleOfEni(eni),
  };
}

/**
 * The ends the control plane sends from: each X-ENI at its primary address, or, when the snapshot
 * has none, one end carrying the cluster's groups with no address.
 *
 * @example
 * controlPlaneEnds(model).length; // 2
 */
export function controlPlaneEnds(model: NetworkModel): FlowEnd[] {
  if (model.controlPlaneEnis.length > 0) {
    return model.controlPlaneEnis.map((eni) => endOfEni(eni, null));
  }
  const { clusterSecurityGroupId, additionalGroupIds } = model.cluster;
  const groupIds = [
    ...new Set([
      ...(clusterSecurityGroupId ? [clusterSecurityGroupId] : []),
      ...additionalGroupIds,
    ]),
  ];
  return [{ ip: null, eni: null, groupIds, subnetId: null, role: 'control-plane' }];
}

/**
 * A short text for a flow: `tcp/9443 10.0.1.10 → 10.0.2.7`.
 *
 * @example
 * flowText(flow); // 'tcp/9443 10.0.1.10 (eni-0e7a...) → 10.0.2.7 (eni-0a1b...)'
 */
export function flowText(flow: PlanFlow): string {
  const end = (e: FlowEnd): string =>
    `${e.ip?.text ?? 'the control plane'}${e.eni ? ` (${e.eni.id})` : ''}`;
  const what =
    flow.protocol === 'icmp' || flow.protocol === 'icmpv6'
      ? flow.protocol
      : `${flow.protocol}/${flow.port}`;
  return `${what} ${end(flow.source)} → ${end(flow.destination)}`;
}

/**
 * The address of a text, or null.
 *
 * @example
 * ipOf('10.0.0.1')?.family; // 4
 */
export function ipOf(text: string | null): IpAddress | null {
  return text === null ? null : parseIp(text);
}
