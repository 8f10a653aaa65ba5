import { describe, expect, it } from 'vitest';
import { controlPlaneTargets } from '#core/k8s/control-plane-targets.ts';
import type { ControlPlaneTarget } from '#core/k8s/targets.ts';
import { fixtureClusterObjects } from '#test/helpers/k8s-fixtures.ts';

function summary(target: ControlPlaneTarget): string {
  const where = target.service
    ? `${target.service.namespace}/${target.service.name}:${target.service.port}`
    : `url ${target.url?.host}:${target.url?.port}`;
  const endpoints = target.endpoints
    .map((e) => `${e.ip}:${e.port}${e.ready ? '' : ' (not ready)'}`)
    .join(', ');
  const config = target.configuration ? ` [${target.configuration.kind}]` : '';
  return `${target.kind} ${target.name}${config} -> ${where} -> ${endpoints || '-'}`;
}

describe('controlPlaneTargets on a realistic cluster', () => {
  const targets = controlPlaneTargets(fixtureClusterObjects());
  const named = (name: string, kind?: string): ControlPlaneTarget => {
    const found = targets.find(
      (t) => t.name === name && (kind === undefined || t.configuration?.kind === kind),
    );
    if (!found) throw new Error(`no target ${name}`);
    return found;
  };

  it('lists every service-backed APIService, admission webhook and conversion webhook with its endpoints', () => {
    // Assess: local APIServices (v1., v1.apps, ...) and CRDs without a conversion webhook are absent.
    expect(targets.map(summary)).toEqual([
      'apiservice v1alpha1.tap.linkerd.io -> linkerd-viz/tap:443 -> 10.0.3.140:8089',
      'apiservice v1beta1.metrics.k8s.io -> kube-system/metrics-server:443 -> 10.0.1.145:10251, 10.0.2.201:10251',
      'webhook-admission mpod.elbv2.k8s.aws [mutating] -> kube-system/aws-load-balancer-webhook-service:443 -> 10.0.2.77:9443, 10.0.3.12:9443',
      'webhook-admission mservice.elbv2.k8s.aws [mutating] -> kube-system/aws-load-balancer-webhook-service:443 -> 10.0.2.77:9443, 10.0.3.12:9443',
      'webhook-admission mtargetgroupbinding.elbv2.k8s.aws [mutating] -> kube-system/aws-load-balancer-webhook-service:443 -> 10.0.2.77:9443, 10.0.3.12:9443',
      'webhook-admission mutate.kyverno.svc-fail [mutating] -> kyverno/kyverno-svc:443 -> 10.0.1.200:9443, 10.0.3.201:9443',
      'webhook-admission tap-injector.linkerd.io [mutating] -> linkerd-viz/tap-injector:443 -> 10.0.1.77:8443',
      'webhook-admission validate.kyverno.svc-fail [validating] -> kyverno/kyverno-svc:443 -> 10.0.1.200:9443, 10.0.3.201:9443',
      'webhook-admission validate.policy.example.com [validating] -> url policy.example.com:8443 -> -',
      'webhook-admission vingress.elbv2.k8s.aws [validating] -> kube-system/aws-load-balancer-webhook-service:443 -> 10.0.2.77:9443, 10.0.3.12:9443',
      'webhook-admission vtargetgroupbinding.elbv2.k8s.aws [validating] -> kube-system/aws-load-balancer-webhook-service:443 -> 10.0.2.77:9443, 10.0.3.12:9443',
      'webhook-admission webhook.cert-manager.io [mutating] -> cert-manager/cert-manager-webhook:443 -> 10.0.2.54:10260',
      'webhook-admission webhook.cert-manager.io [validating] -> cert-manager/cert-manager-webhook:443 -> 10.0.2.54:10260',
      'webhook-conversion externalsecrets.external-secrets.io -> external-secrets/external-secrets-webhook:443 -> 10.0.2.33:10250 (not ready)',
    ]);
  });

  it('resolves a named targetPort through the EndpointSlice port of the same name (linkerd tap: apiserver 443 → 8089, not grpc 8088)', () => {
    // Assess
    expect(named('v1alpha1.tap.linkerd.io').endpoints).toEqual([
      {
        ip: '10.0.3.140',
        port: 8089,
        ready: true,
        podNamespace: 'linkerd-viz',
        podName: 'tap-7f9c5d8b6-hx2kd',
        nodeName: 'ip-10-0-3-87.ec2.internal',
        hostNetwork: false,
        podEni: null,
        securityGroupPolicies: [],
      },
    ]);
  });

  it('reports a hostNetwork webhook with the node IP and hostNetwork true', () => {
    // Assess
    expect(named('webhook.cert-manager.io', 'validating')).toMatchObject({
      failurePolicy: 'Fail',
      timeoutSeconds: 30,
      endpoints: [
        {
          ip: '10.0.2.54',
          port: 10260,
          podName: 'cert-manager-webhook-7d5b8c9f4-lp9sx',
          nodeName: 'ip-10-0-2-54.ec2.internal',
          hostNetwork: true,
          securityGroupPolicies: [],
        },
      ],
      problems: [],
    });
  });

  it('gives a security-groups-for-pods webhook its branch ENI and policy, and flags the replica the policy missed', () => {
    // Act
    const kyverno = named('validate.kyverno.svc-fail');
    // Assess
    expect(kyverno.endpoints.map((e) => [e.ip, e.podEni?.eniId ?? null])).toEqual([
      ['10.0.1.200', 'eni-0a1b2c3d4e5f60718'],
      ['10.0.3.201', null],
    ]);
    expect(kyverno.endpoints[0]?.podEni).toEqual({
      eniId: 'eni-0a1b2c3d4e5f60718',
      privateIp: '10.0.1.200',
      vlanId: 1,
      subnetCidr: '10.0.1.0/24',
    });
    expect(kyverno.endpoints[0]?.securityGroupPolicies).toEqual([
      {
        name: 'kyverno-admission-controller',
        groupIds: ['sg-0c4e7d2a9b1f35e60'],
        match: 'selected',
      },
    ]);
    expect(kyverno.problems).toEqual([
      {
        code: 'security-group-policy-not-applied',
        message:
          "pod kyverno/kyverno-admission-controller-6c9d8f7b5-x2lbn is selected by SecurityGroupPolicy kyverno-admission-controller but has no vpc.amazonaws.com/pod-eni annotation: it runs with its node's security groups (scheduled before the policy, or no trunk ENI on its node)",
      },
    ]);
  });

  it('keeps a not-ready endpoint, marked, and reports the service as having no ready endpoint', () => {
    // Assess
    expect(named('externalsecrets.external-secrets.io').problems).toEqual([
      {
        code: 'no-endpoints',
        message: 'service external-secrets/external-secrets-webhook has 1 endpoint(s), none ready',
      },
    ]);
  });

  it('reports an unavailable APIService with the condition the aggregator set', () => {
    // Assess
    expect(named('v1alpha1.tap.linkerd.io').problems).toEqual([
      {
        code: 'apiservice-unavailable',
        message:
          'APIService v1alpha1.tap.linkerd.io is not Available (FailedDiscoveryCheck): failing or missing response from https://10.0.3.140:8089/apis/tap.linkerd.io/v1alpha1: Get "https://10.0.3.140:8089/apis/tap.linkerd.io/v1alpha1": context deadline exceeded (Client.Timeout exceeded while awaiting headers)',
      },
    ]);
  });

  it('reports a URL webhook by host and port, with no endpoint Kubernetes could know', () => {
    // Assess
    expect(named('validate.policy.example.com')).toMatchObject({
      service: null,
      url: { host: 'policy.example.com', port: 8443, path: '/validate' },
      failurePolicy: 'Ignore',
      timeoutSeconds: 5,
      endpoints: [],
      problems: [{ code: 'url-hostname' }],
    });
  });
});
