import { describe, expect, it } from 'vitest';
import { matchesSelector } from '#core/k8s/label-selector.ts';
import { podEniOf } from '#core/k8s/pod-eni.ts';
import { policiesSelecting } from '#core/k8s/security-group-policies.ts';
import { podIn, policyIn } from '#test/helpers/k8s-objects.ts';

const LABELS = { app: 'kyverno', tier: 'admission' };

describe('matchesSelector', () => {
  it.each([
    ['an empty selector', {}, [], true],
    ['matching matchLabels', { app: 'kyverno' }, [], true],
    ['a differing matchLabels value', { app: 'other' }, [], false],
    ['In with the value', {}, [{ key: 'tier', operator: 'In', values: ['admission', 'x'] }], true],
    ['In without the label', {}, [{ key: 'zone', operator: 'In', values: ['a'] }], false],
    [
      'NotIn with another value',
      {},
      [{ key: 'tier', operator: 'NotIn', values: ['background'] }],
      true,
    ],
    ['NotIn without the label', {}, [{ key: 'zone', operator: 'NotIn', values: ['a'] }], true],
    ['Exists', {}, [{ key: 'app', operator: 'Exists', values: [] }], true],
    [
      'DoesNotExist on a present label',
      {},
      [{ key: 'app', operator: 'DoesNotExist', values: [] }],
      false,
    ],
    ['an unknown operator', {}, [{ key: 'app', operator: 'Gt', values: ['1'] }], false],
  ])('%s → %s', (_name, matchLabels, matchExpressions, expected) => {
    // Act / Assess
    expect(matchesSelector({ matchLabels, matchExpressions }, LABELS)).toBe(expected);
  });
});

describe('podEniOf', () => {
  const two =
    '[{"eniId":"eni-0a1b2c3d4e5f60718","privateIp":"10.0.1.200","vlanId":1,"subnetCidr":"10.0.1.0/24"},{"eniId":"eni-0b1b2c3d4e5f60718","privateIp":"10.0.1.201"}]';

  it('returns the entry carrying the endpoint IP', () => {
    // Act / Assess
    expect(podEniOf(two, '10.0.1.201')).toEqual({
      eniId: 'eni-0b1b2c3d4e5f60718',
      privateIp: '10.0.1.201',
      vlanId: null,
      subnetCidr: null,
    });
  });

  it('falls back to the first entry when none carries the IP', () => {
    // Act / Assess
    expect(podEniOf(two, '10.9.9.9')?.eniId).toBe('eni-0a1b2c3d4e5f60718');
  });

  it.each([
    ['not json'],
    ['{}'],
    ['[]'],
    ['[{"eniId":"vpc-1","privateIp":"1.1.1.1"}]'],
    ['[{"eniId":"eni-0a1b2c3d"}]'],
  ])('returns null for %s', (text) => {
    // Act / Assess
    expect(podEniOf(text, '10.0.1.200')).toBeNull();
  });
});

describe('policiesSelecting', () => {
  const pod = podIn('kyverno', 'p', { labels: LABELS });

  it("applies the VPC resource controller's rules: same namespace, a selector, at least one group", () => {
    // Prepare
    const policies = [
      policyIn('kyverno', 'by-label', {
        podSelector: { matchLabels: { app: 'kyverno' }, matchExpressions: [] },
      }),
      policyIn('kyverno', 'other-label', {
        podSelector: { matchLabels: { app: 'x' }, matchExpressions: [] },
      }),
      policyIn('other-ns', 'elsewhere'),
      policyIn('kyverno', 'no-groups', { groupIds: [] }),
      policyIn('kyverno', 'no-selector', { podSelector: null }),
    ];
    // Act / Assess
    expect(policiesSelecting(pod, policies).map((p) => p.name)).toEqual(['by-label']);
  });

  it('says a service-account selector is unverified unless it is empty', () => {
    // Prepare
    const sa = { matchLabels: { team: 'platform' }, matchExpressions: [] };
    const policies = [
      policyIn('kyverno', 'sa-only', { podSelector: null, serviceAccountSelector: sa }),
      policyIn('kyverno', 'sa-empty', {
        podSelector: null,
        serviceAccountSelector: { matchLabels: {}, matchExpressions: [] },
      }),
      policyIn('kyverno', 'both-pod-misses', {
        podSelector: { matchLabels: { app: 'x' }, matchExpressions: [] },
        serviceAccountSelector: sa,
      }),
    ];
    // Act / Assess
    expect(policiesSelecting(pod, policies).map((p) => [p.name, p.match])).toEqual([
      ['sa-empty', 'selected'],
      ['sa-only', 'service-account-unverified'],
    ]);
  });
});
