import { describe, expect, it } from 'vitest';
import { admissionWebhooksOf, apiServiceOf } from '#adapters/k8s/translate-registrations.ts';
import { endpointSliceOf, podOf } from '#adapters/k8s/translate-workloads.ts';
import { KubernetesApiError } from '#core/errors.ts';

describe('Kubernetes object translation', () => {
  it('applies the API defaults: service port 443, failurePolicy Fail, timeout 10 s', () => {
    // Act
    const [webhook] = admissionWebhooksOf(
      {
        metadata: { name: 'cfg' },
        webhooks: [
          { name: 'w.example.com', clientConfig: { service: { namespace: 'ns', name: 's' } } },
        ],
      },
      'mutating',
    );
    // Assess
    expect(webhook).toEqual({
      configuration: { kind: 'mutating', name: 'cfg' },
      name: 'w.example.com',
      clientConfig: { service: { namespace: 'ns', name: 's', port: 443 }, url: null },
      failurePolicy: 'Fail',
      timeoutSeconds: 10,
    });
  });

  it('keeps a slice endpoint without conditions or targetRef as "ready unknown" and "no pod"', () => {
    // Act
    const slice = endpointSliceOf({
      metadata: { name: 's-1', namespace: 'ns', labels: { 'kubernetes.io/service-name': 's' } },
      addressType: 'IPv4',
      ports: [{ name: null, port: 8443 }],
      endpoints: [{ addresses: ['10.0.0.1'] }],
    });
    // Assess
    expect(slice.endpoints).toEqual([
      { addresses: ['10.0.0.1'], ready: null, nodeName: null, targetRef: null },
    ]);
    expect(slice.ports).toEqual([{ name: null, port: 8443, protocol: null }]);
  });

  it('reads a pod that is not scheduled yet (no IP, no node)', () => {
    // Act / Assess
    expect(
      podOf({ metadata: { name: 'p', namespace: 'ns' }, spec: {}, status: { phase: 'Pending' } }),
    ).toMatchObject({
      podIp: null,
      nodeName: null,
      hostNetwork: false,
      podEniAnnotation: null,
    });
  });

  it("names the resource and the object when a shape is not the API's", () => {
    // Act
    const act = () =>
      apiServiceOf({ metadata: { name: 'v1.x' }, spec: { service: { namespace: 3 } } });
    // Assess
    expect(act).toThrow(KubernetesApiError);
    expect(act).toThrow(/^apiservices v1\.x: unexpected object shape \(/);
  });
});
