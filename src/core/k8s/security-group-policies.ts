import { compareText } from '#core/k8s/cluster-index.ts';
import { isEmptySelector, matchesSelector } from '#core/k8s/label-selector.ts';
import type { PodObject, SecurityGroupPolicyObject } from '#core/k8s/objects.ts';
import type { MatchedSecurityGroupPolicy } from '#core/k8s/targets.ts';

/**
 * The SecurityGroupPolicies of the pod's namespace that select it, with the VPC resource
 * controller's rules: a policy needs a selector and at least one group; when it has both a pod and
 * a service-account selector, both must match. Service-account labels are not read, so a non-empty
 * service-account selector gives `service-account-unverified` instead of a guess. HostNetwork pods
 * never get a branch ENI, so no policy applies to them.
 *
 * @example
 * policiesSelecting(pod, policies).map((p) => p.name); // ['kyverno-admission']
 */
export function policiesSelecting(
  pod: PodObject,
  policies: readonly SecurityGroupPolicyObject[],
): MatchedSecurityGroupPolicy[] {
  if (pod.hostNetwork) return [];
  const matched: MatchedSecurityGroupPolicy[] = [];
  for (const policy of policies) {
    if (policy.namespace !== pod.namespace || policy.groupIds.length === 0) continue;
    const { podSelector, serviceAccountSelector } = policy;
    if (podSelector === null && serviceAccountSelector === null) continue;
    if (podSelector !== null && !matchesSelector(podSelector, pod.labels)) continue;
    const verified = serviceAccountSelector === null || isEmptySelector(serviceAccountSelector);
    matched.push({
      name: policy.name,
      groupIds: policy.groupIds,
      match: verified ? 'selected' : 'service-account-unverified',
    });
  }
  return matched.sort((a, b) => compareText(a.name, b.name));
}
