import { describe, expect, it } from 'vitest';
import { explainError } from '#core/explain-error.ts';
import { corpusFragments } from '#test/helpers/corpus.ts';

describe('explainError', () => {
  it('points a service-only webhook timeout at the add-on pod port, not the service port', () => {
    // Act
    const e = explainError(
      'Internal error occurred: failed calling webhook "vingress.elbv2.k8s.aws": failed to call webhook: Post "https://aws-load-balancer-webhook-service.kube-system.svc:443/validate?timeout=10s": context deadline exceeded',
    );
    // Assess
    expect(e).toMatchObject({
      kind: 'webhook-admission',
      name: 'vingress.elbv2.k8s.aws',
      error: 'timeout',
      securityGroupFix: 'yes',
      endpoint: { ip: null, port: 443 },
    });
    expect(e.likelyTargetPorts).toContainEqual({
      addon: 'AWS Load Balancer Controller',
      port: 9443,
    });
    expect(e.advice.join(' ')).toMatch(/by default 9443/);
  });

  it('says a refused connection needs no rule', () => {
    // Act
    const e = explainError(
      'Internal error occurred: failed calling webhook "mservice.elbv2.k8s.aws": failed to call webhook: Post "https://aws-load-balancer-webhook-service.kube-system.svc:443/mutate-v1-service?timeout=10s": dial tcp 100.64.184.123:9443: connect: connection refused',
    );
    // Assess
    expect(e).toMatchObject({
      error: 'refused',
      securityGroupFix: 'no',
      endpoint: { ip: '100.64.184.123', port: 9443 },
    });
    expect(e.advice.join(' ')).toMatch(/packet reached the pod/);
  });

  it('says when a text is not an API-server call failure', () => {
    // Act
    const e = explainError('Error from server (NotFound): pods "x" not found');
    // Assess
    expect(e).toMatchObject({ kind: 'none', error: null, securityGroupFix: 'unknown' });
    expect(e.advice).toEqual([
      'This text is not a failed call from the API server to a webhook or aggregated API.',
    ]);
  });

  it.each(corpusFragments().map((f) => [f.text.slice(0, 60), f] as const))(
    'classifies the corpus fragment %s like the classifier',
    (_preview, fragment) => {
      // Act / Assess
      expect(explainError(fragment.text).error).toBe(fragment.error);
    },
  );
});
