import { describe, expect, it } from 'vitest';
import {
  alertFingerprint,
  alertIdentity,
  alertSignature,
  ruleKey,
} from '#core/alerts/fingerprint.ts';
import { aFinding, aRecommendation } from '#test/helpers/reports.ts';

describe('alertIdentity', () => {
  it('names a webhook by its service host and service port, not by the pod it reached', () => {
    // Act
    const identity = alertIdentity(aFinding({ host: 'Webhook.NS.svc' }));

    // Assess
    expect(identity).toEqual({
      kind: 'webhook-admission',
      name: 'vingress.elbv2.k8s.aws',
      endpoint: 'webhook.ns.svc:443',
    });
  });

  it('names an APIService reached by IP by its target port, so a restarted pod keeps the alert', () => {
    // Prepare
    const at = (ip: string) =>
      aFinding({
        kind: 'apiservice-availability',
        name: 'v1beta1.metrics.k8s.io',
        host: ip,
        ip,
        port: 10251,
        target: { ip, port: 10251, source: 'url', portName: null },
      });

    // Act
    const before = alertIdentity(at('10.0.12.45'));
    const after = alertIdentity(at('10.0.12.99'));

    // Assess
    expect(before).toEqual({
      kind: 'apiservice-availability',
      name: 'v1beta1.metrics.k8s.io',
      endpoint: 'port 10251',
    });
    expect(alertFingerprint(after)).toBe(alertFingerprint(before));
  });

  it('names an unnamed finding (a dial, a kubelet) by its IP and port', () => {
    // Act
    const identity = alertIdentity(
      aFinding({ kind: 'dial', name: null, host: null, ip: '10.0.1.5', port: 9443, target: null }),
    );

    // Assess
    expect(identity).toEqual({ kind: 'dial', name: null, endpoint: '10.0.1.5:9443' });
  });
});

describe('alertFingerprint', () => {
  it('is 32 hex digits and differs between a null name and an empty one', () => {
    // Act
    const unnamed = alertFingerprint({ kind: 'dial', name: null, endpoint: 'x' });
    const empty = alertFingerprint({ kind: 'dial', name: '', endpoint: 'x' });

    // Assess
    expect(unnamed).toMatch(/^[0-9a-f]{32}$/);
    expect(unnamed).not.toBe(empty);
  });
});

describe('ruleKey and alertSignature', () => {
  it('describes a rule without its description and hashes verdicts with rules', () => {
    // Prepare
    const egress = aRecommendation({
      action: 'authorize-egress',
      peer: { cidr: '10.0.0.0/16' },
      fromPort: 1025,
      toPort: 65535,
    });

    // Act
    const key = ruleKey(egress);
    const signature = alertSignature(['blocked'], [key]);

    // Assess
    expect(key).toBe('egress sg-0123456789abcdef0 tcp/1025-65535 to 10.0.0.0/16');
    expect(ruleKey({ ...egress, description: 'other' })).toBe(key);
    expect(signature).toMatch(/^[0-9a-f]{16}$/);
    expect(alertSignature(['allowed'], [key])).not.toBe(signature);
  });
});
