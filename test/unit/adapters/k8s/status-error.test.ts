import { describe, expect, it } from 'vitest';
import { statusErrorOf } from '#adapters/k8s/status-error.ts';

const LABEL = {
  cluster: 'prod',
  verb: 'list',
  resource: 'endpointslices.discovery.k8s.io',
  group: 'discovery.k8s.io',
  namespace: 'kube-system',
};

function forbidden(message: string) {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason: 'Forbidden',
    details: { group: 'discovery.k8s.io', kind: 'endpointslices' },
    code: 403,
  };
}

describe('statusErrorOf', () => {
  it('names the missing permission of a namespaced 403 as the Status reports it', () => {
    // Act
    const error = statusErrorOf(
      403,
      forbidden(
        'endpointslices.discovery.k8s.io is forbidden: User "arn:aws:sts::111122223333:assumed-role/advisor/s" cannot list resource "endpointslices" in API group "discovery.k8s.io" in the namespace "kube-system"',
      ),
      LABEL,
    );
    // Assess
    expect(error.status).toBe(403);
    expect(error.message).toBe(
      'forbidden: User "arn:aws:sts::111122223333:assumed-role/advisor/s" cannot list resource "endpointslices" in API group "discovery.k8s.io" in the namespace "kube-system" (cluster prod: grant get/list on endpointslices.discovery.k8s.io to the access entry\'s group)',
    );
  });

  it('names the cluster scope and the core group ("") as the server writes them', () => {
    // Act
    const error = statusErrorOf(
      403,
      forbidden(
        'pods is forbidden: User "u" cannot list resource "pods" in API group "" at the cluster scope',
      ),
      { ...LABEL, resource: 'pods', group: '', namespace: null },
    );
    // Assess
    expect(error.message).toMatch(
      /^forbidden: User "u" cannot list resource "pods" in API group "" at the cluster scope \(/,
    );
  });

  it('falls back to the request when the 403 message has another form, without control characters', () => {
    // Act
    const error = statusErrorOf(403, forbidden('denied\u001b[31m by webhook\nauthorizer'), LABEL);
    // Assess
    expect(error.message).toBe(
      'forbidden: cannot list resource "endpointslices.discovery.k8s.io" in API group "discovery.k8s.io" in namespace kube-system (cluster prod): denied [31m by webhook authorizer',
    );
  });

  it('writes bidi and line-separator characters of the Status message as spaces', () => {
    // Act
    const error = statusErrorOf(403, forbidden('denied\u202e by\u2028webhook'), LABEL);
    // Assess
    expect(error.message).toMatch(/: denied {2}by webhook$/);
  });

  it('explains a 401 as a token the cluster does not map', () => {
    // Act / Assess
    expect(
      statusErrorOf(401, { kind: 'Status', message: 'Unauthorized', code: 401 }, LABEL).message,
    ).toBe(
      'the Kubernetes API of cluster prod rejected the token (401 Unauthorized): the IAM principal has no access entry on the cluster (nor an aws-auth mapping), or the local clock is off',
    );
  });

  it('reports other statuses with the Status message, or says there was none', () => {
    // Act / Assess
    expect(statusErrorOf(503, 'not json', LABEL).message).toBe(
      'the Kubernetes API of cluster prod answered 503 to list endpointslices.discovery.k8s.io in namespace kube-system: no Status message',
    );
  });
});
