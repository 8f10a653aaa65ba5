import { describe, expect, it } from 'vitest';
import { auditTargets } from '#core/k8s/audit-plan.ts';
import { controlPlaneTargets } from '#core/k8s/control-plane-targets.ts';
import { fixtureClusterObjects } from '#test/helpers/k8s-fixtures.ts';

describe('auditTargets (the seam the security-group evaluator plugs into)', () => {
  const plan = auditTargets(controlPlaneTargets(fixtureClusterObjects()));

  it('lists one TCP flow per distinct ready endpoint, with every target that calls it', () => {
    // Assess
    expect(
      plan.flows.map(
        (f) => `${f.protocol} ${f.ip}:${f.port} ← ${f.callers.map((c) => c.name).join(', ')}`,
      ),
    ).toEqual([
      'tcp 10.0.3.140:8089 ← v1alpha1.tap.linkerd.io',
      'tcp 10.0.1.145:10251 ← v1beta1.metrics.k8s.io',
      'tcp 10.0.2.201:10251 ← v1beta1.metrics.k8s.io',
      'tcp 10.0.2.77:9443 ← mpod.elbv2.k8s.aws, mservice.elbv2.k8s.aws, mtargetgroupbinding.elbv2.k8s.aws, vingress.elbv2.k8s.aws, vtargetgroupbinding.elbv2.k8s.aws',
      'tcp 10.0.3.12:9443 ← mpod.elbv2.k8s.aws, mservice.elbv2.k8s.aws, mtargetgroupbinding.elbv2.k8s.aws, vingress.elbv2.k8s.aws, vtargetgroupbinding.elbv2.k8s.aws',
      'tcp 10.0.1.200:9443 ← mutate.kyverno.svc-fail, validate.kyverno.svc-fail',
      'tcp 10.0.3.201:9443 ← mutate.kyverno.svc-fail, validate.kyverno.svc-fail',
      'tcp 10.0.1.77:8443 ← tap-injector.linkerd.io',
      'tcp 10.0.2.54:10260 ← webhook.cert-manager.io',
    ]);
  });

  it('keeps what a path check needs on each flow: the branch ENI, hostNetwork, the node', () => {
    // Assess
    const byAddress = new Map(plan.flows.map((f) => [`${f.ip}:${f.port}`, f.endpoint]));
    expect(byAddress.get('10.0.1.200:9443')?.podEni?.eniId).toBe('eni-0a1b2c3d4e5f60718');
    expect(byAddress.get('10.0.2.54:10260')).toMatchObject({
      hostNetwork: true,
      nodeName: 'ip-10-0-2-54.ec2.internal',
    });
  });

  it('lists the targets with nothing to check and why, and claims no verdict', () => {
    // Assess
    expect(plan.evaluated).toBe(false);
    expect(plan.unchecked.map((u) => [u.name, u.problems.map((p) => p.code)])).toEqual([
      ['externalsecrets.external-secrets.io', ['no-endpoints']],
      ['validate.policy.example.com', ['url-hostname']],
    ]);
  });
});
