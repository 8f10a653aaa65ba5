import type { PodEni } from '#core/k8s/targets.ts';

/** The annotation the VPC resource controller sets on a pod that has its own branch ENI. */
export const POD_ENI_ANNOTATION = 'vpc.amazonaws.com/pod-eni';

/**
 * Reads the `vpc.amazonaws.com/pod-eni` annotation (a JSON array such as
 * `[{"eniId":"eni-…","ifAddress":"02:…","privateIp":"10.0.1.200","vlanId":1,"subnetCidr":"10.0.1.0/24"}]`)
 * and returns the entry for `ip` (or the first one when none carries that IP). Returns null when
 * the text is not such an array; never throws.
 *
 * @example
 * podEniOf('[{"eniId":"eni-0a","privateIp":"10.0.1.200"}]', '10.0.1.200')?.eniId; // 'eni-0a'
 */
export function podEniOf(annotation: string, ip: string): PodEni | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(annotation);
  } catch {
    return null;
  }
  if (!Array.isArray(parsed)) return null;
  const entries = parsed.flatMap((entry) => {
    const eni = entryOf(entry);
    return eni ? [eni] : [];
  });
  if (entries.length === 0 || entries.length !== parsed.length) return null;
  return entries.find((e) => e.privateIp === ip) ?? entries[0] ?? null;
}

function entryOf(entry: unknown): PodEni | null {
  if (typeof entry !== 'object' || entry === null) return null;
  const { eniId, privateIp, vlanId, subnetCidr } = entry as Record<string, unknown>;
  if (typeof eniId !== 'string' || !/^eni-[0-9a-f]{8,17}$/.test(eniId)) return null;
  if (typeof privateIp !== 'string' || privateIp === '') return null;
  return {
    eniId,
    privateIp,
    vlanId: typeof vlanId === 'number' && Number.isInteger(vlanId) ? vlanId : null,
    subnetCidr: typeof subnetCidr === 'string' ? subnetCidr : null,
  };
}
