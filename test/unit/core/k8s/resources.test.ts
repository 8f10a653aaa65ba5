import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { KUBERNETES_RESOURCES, listPath, qualifiedName } from '#core/k8s/resources.ts';

/** The (group, resource, verbs) rules of the ClusterRole in docs/readme-k8s.md. */
function documentedRules(): string[] {
  const doc = readFileSync(new URL('../../../../docs/readme-k8s.md', import.meta.url), 'utf8');
  const role = /kind: ClusterRole\n[\s\S]*?rules:\n([\s\S]*?)\n---/.exec(doc)?.[1] ?? '';
  const rules = [
    ...role.matchAll(/apiGroups: \[(.*)\]\n\s+resources: \[(.*)\]\n\s+verbs: \[(.*)\]/g),
  ];
  const list = (text: string | undefined): string[] => JSON.parse(`[${text ?? ''}]`) as string[];
  return rules.flatMap(([, groups, resources, verbs]) =>
    list(groups).flatMap((group) =>
      list(resources).map((resource) => `${group}/${resource}: ${list(verbs).join(',')}`),
    ),
  );
}

describe('the Kubernetes resources the audit reads', () => {
  it('are exactly what the README ClusterRole grants, with get and list only', () => {
    // Prepare
    const read = Object.values(KUBERNETES_RESOURCES).map(
      (r) => `${r.group}/${r.resource}: get,list`,
    );
    // Act
    const documented = documentedRules();
    // Assess
    expect(documented.sort()).toEqual(read.sort());
  });

  it.each([
    [KUBERNETES_RESOURCES.pods, 'kube-system', '/api/v1/namespaces/kube-system/pods'],
    [KUBERNETES_RESOURCES.apiServices, null, '/apis/apiregistration.k8s.io/v1/apiservices'],
    [
      KUBERNETES_RESOURCES.securityGroupPolicies,
      'team-a',
      '/apis/vpcresources.k8s.aws/v1beta1/namespaces/team-a/securitygrouppolicies',
    ],
  ])('lists %o in %s at %s', (resource, namespace, path) => {
    // Act / Assess
    expect(listPath(resource, namespace)).toBe(path);
  });

  it('names resources the way RBAC does', () => {
    // Act / Assess
    expect(qualifiedName(KUBERNETES_RESOURCES.services)).toBe('services');
    expect(qualifiedName(KUBERNETES_RESOURCES.endpointSlices)).toBe(
      'endpointslices.discovery.k8s.io',
    );
  });
});
