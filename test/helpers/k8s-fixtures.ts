import { readFileSync } from 'node:fs';
import {
  admissionWebhooksOf,
  apiServiceOf,
  customResourceDefinitionOf,
} from '#adapters/k8s/translate-registrations.ts';
import {
  endpointSliceOf,
  podOf,
  securityGroupPolicyOf,
  serviceOf,
} from '#adapters/k8s/translate-workloads.ts';
import type { ClusterObjects } from '#core/k8s/objects.ts';

/** The items of one fixture List under `test/fixtures/k8s/cluster/`. */
export function fixtureItems(resource: string): unknown[] {
  const list = JSON.parse(
    readFileSync(new URL(`../fixtures/k8s/cluster/${resource}.json`, import.meta.url), 'utf8'),
  ) as { items: unknown[] };
  return list.items;
}

/**
 * The fixture cluster (metrics-server, linkerd-viz tap, AWS Load Balancer Controller,
 * cert-manager on hostNetwork, Kyverno with a SecurityGroupPolicy, external-secrets' conversion
 * webhook, a URL webhook) as the reader would return it.
 */
export function fixtureClusterObjects(): ClusterObjects {
  return {
    apiServices: fixtureItems('apiservices').map(apiServiceOf),
    admissionWebhooks: [
      ...fixtureItems('validatingwebhookconfigurations').flatMap((i) =>
        admissionWebhooksOf(i, 'validating'),
      ),
      ...fixtureItems('mutatingwebhookconfigurations').flatMap((i) =>
        admissionWebhooksOf(i, 'mutating'),
      ),
    ],
    customResourceDefinitions: fixtureItems('customresourcedefinitions').map(
      customResourceDefinitionOf,
    ),
    services: fixtureItems('services').map(serviceOf),
    endpointSlices: fixtureItems('endpointslices').map(endpointSliceOf),
    pods: fixtureItems('pods').map(podOf),
    securityGroupPolicies: fixtureItems('securitygrouppolicies').map(securityGroupPolicyOf),
  };
}
