import { describe, expect, it } from 'vitest';
import { controlPlaneTargets } from '#core/k8s/control-plane-targets.ts';
import { clusterOf, webhookTo } from '#test/helpers/k8s-objects.ts';

function urlTarget(url: string) {
  const [target] = controlPlaneTargets(
    clusterOf({ admissionWebhooks: [webhookTo('w.example.com', url)] }),
  );
  return target;
}

describe('URL webhooks', () => {
  it('makes an IP host the endpoint, port 443 by default', () => {
    // Act
    const target = urlTarget('https://10.0.9.4/validate');
    // Assess
    expect(target?.url).toEqual({ host: '10.0.9.4', port: 443, path: '/validate' });
    expect(target?.endpoints.map((e) => [e.ip, e.port, e.ready])).toEqual([
      ['10.0.9.4', 443, true],
    ]);
    expect(target?.problems).toEqual([]);
  });

  it('unwraps an IPv6 host', () => {
    // Act / Assess
    expect(urlTarget('https://[fd00:ec2::254]:8443/v')?.endpoints[0]).toMatchObject({
      ip: 'fd00:ec2::254',
      port: 8443,
    });
  });

  it.each([
    [
      'https://127.0.0.1:10443/validate',
      'url-loopback',
      'validating webhook w.example.com calls a loopback address (127.0.0.1:10443): no path through the VPC to check',
    ],
    [
      'https://hooks.internal:8443/x',
      'url-hostname',
      'validating webhook w.example.com calls https://hooks.internal:8443 by name: Kubernetes does not know its address',
    ],
    ['not a url', 'url-invalid', 'validating webhook w.example.com has a URL that does not parse'],
  ])('reports %s as %s, with no endpoint', (url, code, message) => {
    // Act
    const target = urlTarget(url);
    // Assess
    expect(target?.endpoints).toEqual([]);
    expect(target?.problems).toEqual([{ code, message }]);
  });
});
