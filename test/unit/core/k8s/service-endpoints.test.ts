import { describe, expect, it } from 'vitest';
import { indexCluster } from '#core/k8s/cluster-index.ts';
import { serviceEndpoints } from '#core/k8s/service-endpoints.ts';
import {
  clusterOf,
  endpointAt,
  podIn,
  policyIn,
  serviceIn,
  sliceOf,
} from '#test/helpers/k8s-objects.ts';

const REF = { namespace: 'ns', name: 'hook', port: 443 };

describe('serviceEndpoints', () => {
  it('uses the slice port named like the service port, whatever the targetPort says', () => {
    // Prepare: the service's targetPort is a number, the slice (the controller's resolution) wins.
    const index = indexCluster(
      clusterOf({
        services: [
          serviceIn('ns', 'hook', [
            { name: 'https', port: 443, targetPort: 9443, protocol: 'TCP' },
          ]),
        ],
        endpointSlices: [
          sliceOf(
            'ns',
            'hook',
            [
              { name: 'metrics', port: 8080, protocol: 'TCP' },
              { name: 'https', port: 9443, protocol: 'TCP' },
            ],
            [endpointAt('10.0.0.9', 'p1')],
          ),
        ],
        pods: [podIn('ns', 'p1')],
      }),
    );
    // Act
    const { endpoints, problems } = serviceEndpoints(REF, index);
    // Assess
    expect(endpoints.map((e) => `${e.ip}:${e.port}`)).toEqual(['10.0.0.9:9443']);
    expect(problems).toEqual([]);
  });

  it('matches an unnamed single-port service to the slice port named ""', () => {
    // Prepare
    const index = indexCluster(
      clusterOf({
        services: [
          serviceIn('ns', 'hook', [{ name: '', port: 443, targetPort: 8443, protocol: 'TCP' }]),
        ],
        endpointSlices: [
          sliceOf(
            'ns',
            'hook',
            [{ name: '', port: 8443, protocol: 'TCP' }],
            [endpointAt('10.0.0.9', null)],
          ),
        ],
      }),
    );
    // Act
    const { endpoints } = serviceEndpoints(REF, index);
    // Assess: no targetRef, so nothing is known of the pod.
    expect(endpoints).toEqual([
      {
        ip: '10.0.0.9',
        port: 8443,
        ready: true,
        podNamespace: null,
        podName: null,
        nodeName: null,
        hostNetwork: null,
        podEni: null,
        securityGroupPolicies: [],
      },
    ]);
  });

  it('treats ready: null as ready, joins slices, drops duplicates and orders by IP numerically', () => {
    // Prepare
    const port = [{ name: 'https', port: 9443, protocol: 'TCP' }];
    const index = indexCluster(
      clusterOf({
        services: [
          serviceIn('ns', 'hook', [
            { name: 'https', port: 443, targetPort: 'https', protocol: 'TCP' },
          ]),
        ],
        endpointSlices: [
          sliceOf('ns', 'hook', port, [
            endpointAt('10.0.0.10', 'a', null),
            endpointAt('10.0.0.9', 'b', false),
          ]),
          sliceOf('ns', 'hook', port, [endpointAt('10.0.0.9', 'b', true)]),
        ],
      }),
    );
    // Act
    const { endpoints, problems } = serviceEndpoints(REF, index);
    // Assess
    expect(endpoints.map((e) => [e.ip, e.ready])).toEqual([
      ['10.0.0.9', true],
      ['10.0.0.10', true],
    ]);
    expect(problems).toEqual([]);
  });

  it.each([
    ['a missing service', clusterOf({}), 'service-not-found', 'service ns/hook does not exist'],
    [
      'an ExternalName service',
      clusterOf({ services: [serviceIn('ns', 'hook', [], 'ExternalName')] }),
      'unsupported-service-type',
      'service ns/hook is of type ExternalName: the API server does not route to it',
    ],
    [
      'a service without that port',
      clusterOf({
        services: [
          serviceIn('ns', 'hook', [{ name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' }]),
        ],
      }),
      'service-port-not-found',
      'service ns/hook has no port 443 (its ports: 80)',
    ],
    [
      'a service without EndpointSlices',
      clusterOf({
        services: [
          serviceIn('ns', 'hook', [
            { name: 'https', port: 443, targetPort: 'https', protocol: 'TCP' },
          ]),
        ],
      }),
      'no-endpoints',
      'service ns/hook has no endpoints',
    ],
    [
      'slices whose ports lack the service port name',
      clusterOf({
        services: [
          serviceIn('ns', 'hook', [
            { name: 'https', port: 443, targetPort: 'https', protocol: 'TCP' },
          ]),
        ],
        endpointSlices: [
          sliceOf(
            'ns',
            'hook',
            [{ name: 'web', port: 8443, protocol: 'TCP' }],
            [endpointAt('10.0.0.9', 'p')],
          ),
        ],
      }),
      'endpoint-port-not-found',
      "the EndpointSlices of service ns/hook have no port named 'https' (service port 443, targetPort https)",
    ],
  ])('reports %s as a problem, not an exception', (_name, cluster, code, message) => {
    // Act
    const result = serviceEndpoints(REF, indexCluster(cluster));
    // Assess
    expect(result).toEqual({ endpoints: [], problems: [{ code, message }] });
  });

  it('reports an unreadable pod-eni annotation and applies no policy to hostNetwork pods', () => {
    // Prepare
    const index = indexCluster(
      clusterOf({
        services: [
          serviceIn('ns', 'hook', [
            { name: 'https', port: 443, targetPort: 'https', protocol: 'TCP' },
          ]),
        ],
        endpointSlices: [
          sliceOf(
            'ns',
            'hook',
            [{ name: 'https', port: 9443, protocol: 'TCP' }],
            [endpointAt('10.0.0.9', 'odd'), endpointAt('10.0.0.20', 'host')],
          ),
        ],
        pods: [
          podIn('ns', 'odd', { podEniAnnotation: '{"eniId":"eni-0a"}' }),
          podIn('ns', 'host', { hostNetwork: true }),
        ],
        securityGroupPolicies: [policyIn('ns', 'all-pods')],
      }),
    );
    // Act
    const { endpoints, problems } = serviceEndpoints(REF, index);
    // Assess
    expect(endpoints.map((e) => [e.podName, e.securityGroupPolicies.map((p) => p.name)])).toEqual([
      ['odd', ['all-pods']],
      ['host', []],
    ]);
    expect(problems.map((p) => p.code)).toEqual(['pod-eni-unreadable']);
  });
});
