import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ADDON_PORTS } from '#core/port-names/addon-catalogue.ts';
import {
  addonsOnPort,
  ianaServiceName,
  matchAddons,
  portName,
} from '#core/port-names/addon-match.ts';
import { ianaTcpService } from '#core/port-names/iana-services.ts';

const SCRIPT = fileURLToPath(new URL('../../../../scripts/gen-iana-services.mjs', import.meta.url));

describe('matchAddons', () => {
  it.each([
    [
      'AWS Load Balancer Controller by webhook name',
      { name: 'vingress.elbv2.k8s.aws', service: null },
      9443,
    ],
    [
      'AWS Load Balancer Controller by service',
      {
        name: 'x',
        service: { namespace: 'kube-system', name: 'aws-load-balancer-webhook-service', port: 443 },
      },
      9443,
    ],
    [
      'metrics-server by APIService (upstream port first)',
      { name: 'v1beta1.metrics.k8s.io', service: null },
      10250,
    ],
    ['prometheus-adapter', { name: 'v1beta1.custom.metrics.k8s.io', service: null }, 6443],
    [
      'KEDA metrics by service',
      {
        name: 'v1beta1.external.metrics.k8s.io',
        service: { namespace: 'keda', name: 'keda-operator-metrics-apiserver', port: 443 },
      },
      6443,
    ],
    [
      'Datadog external metrics by service',
      {
        name: 'v1beta1.external.metrics.k8s.io',
        service: { namespace: 'datadog', name: 'datadog-cluster-agent-metrics-api', port: 8443 },
      },
      8443,
    ],
    ['Linkerd proxy injector', { name: 'linkerd-proxy-injector.linkerd.io', service: null }, 8443],
    [
      'Linkerd policy validator',
      { name: 'linkerd-policy-validator.linkerd.io', service: null },
      9443,
    ],
    ['Linkerd viz tap', { name: 'v1alpha1.tap.linkerd.io', service: null }, 8089],
    [
      'istiod sidecar injector',
      { name: 'rev.namespace.sidecar-injector.istio.io', service: null },
      15017,
    ],
    ['istiod validation', { name: 'rev.validation.istio.io', service: null }, 15017],
    ['cert-manager webhook', { name: 'webhook.cert-manager.io', service: null }, 10250],
    [
      'cert-manager conversion (CRD name)',
      { name: 'certificates.cert-manager.io', service: null },
      10250,
    ],
    ['Gatekeeper', { name: 'validation.gatekeeper.sh', service: null }, 8443],
    ['Kyverno', { name: 'validate.kyverno.svc-fail', service: null }, 9443],
    ['Karpenter', { name: 'validation.webhook.karpenter.sh', service: null }, 8443],
    ['VPA', { name: 'vpa.k8s.io', service: null }, 8000],
    [
      'external-secrets',
      { name: 'validate.externalsecret.external-secrets.io', service: null },
      10250,
    ],
    ['Calico API server', { name: 'v3.projectcalico.org', service: null }, 5443],
    ['Datadog admission controller', { name: 'datadog.webhook.agent.config', service: null }, 8000],
    [
      'KEDA webhooks by service',
      {
        name: 'vscaledobject.kb.io',
        service: { namespace: 'keda', name: 'keda-admission-webhooks', port: 443 },
      },
      9443,
    ],
  ])('recognises %s', (_what, identity, port) => {
    // Act
    const matches = matchAddons(identity);

    // Assess
    expect(matches[0]?.port).toBe(port);
  });

  it('finds nothing for an unknown webhook', () => {
    // Act / Assess
    expect(matchAddons({ name: 'validate.payments.example.com', service: null })).toEqual([]);
  });

  it('has every catalogue entry on a valid port with a source', () => {
    // Act / Assess
    for (const entry of ADDON_PORTS) {
      expect(entry.port).toBeGreaterThan(0);
      expect(entry.port).toBeLessThan(65536);
      expect(entry.source.length).toBeGreaterThan(0);
    }
    expect(addonsOnPort(15017).map((e) => e.addon)).toEqual(['istiod']);
  });
});

describe('portName', () => {
  it('names the add-on behind the finding, else the IANA service said to be one, else nothing', () => {
    // Prepare
    const metrics = matchAddons({ name: 'v1beta1.metrics.k8s.io', service: null });

    // Act / Assess
    expect(portName(10251, metrics)).toBe('metrics-server, EKS community add-on');
    expect(portName(443, [])).toBe('IANA name: https');
    expect(portName(4443, [])).toBe('IANA name: pharos');
    expect(portName(8443, [])).toBe(`IANA name: ${ianaServiceName(8443)}`);
    expect(portName(1, [])).toBe('IANA name: tcpmux');
  });
});

describe('ianaTcpService', () => {
  it('names ports from the IANA registry, not only the few a thin /etc/services keeps', () => {
    // Act / Assess
    expect(ianaTcpService(443)).toBe('https');
    expect(ianaTcpService(53)).toBe('domain');
    expect(ianaTcpService(4443)).toBe('pharos');
    expect(ianaTcpService(6443)).toBe('sun-sr-https');
    expect(ianaTcpService(10250)).toBeUndefined();
  });

  it('is generated from the TCP entries of a services file by scripts/gen-iana-services.mjs', () => {
    // Prepare
    const dir = mkdtempSync(join(tmpdir(), 'iana-'));
    const services = join(dir, 'services');
    const out = join(dir, 'iana-services.ts');
    writeFileSync(
      services,
      '# comment\nhttps\t\t443/tcp\t\t\t\t# http over TLS\nhttps\t\t443/udp\npharos\t\t4443/tcp\nsyslog\t\t514/udp\n\n',
    );

    // Act
    const run = spawnSync(process.execPath, [SCRIPT, services, out], { encoding: 'utf8' });

    // Assess
    expect(run.status).toBe(0);
    expect(readFileSync(out, 'utf8')).toContain("'443:https 4443:pharos'");
  });
});
