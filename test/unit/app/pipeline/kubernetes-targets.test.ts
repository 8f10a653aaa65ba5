import { describe, expect, it } from 'vitest';
import { readTargets } from '#app/pipeline/kubernetes-targets.ts';
import { KubernetesApiError } from '#core/errors.ts';
import { fixtureClusterObjects } from '#test/helpers/k8s-fixtures.ts';

const refusing = {
  readClusterObjects: async () => {
    throw new KubernetesApiError(403, 'list apiservices: Forbidden');
  },
};

describe('readTargets', () => {
  it('reads the control-plane targets of the cluster’s objects', async () => {
    // Prepare
    const deps = { kubernetes: { readClusterObjects: async () => fixtureClusterObjects() } };
    // Act
    const read = await readTargets(deps, 'demo', {});
    // Assess
    expect(read.kind).toBe('read');
    expect(read.kind === 'read' && read.targets.length).toBeGreaterThan(0);
  });

  it('turns a refused Kubernetes API into a report note by default (a scheduled run goes on)', async () => {
    // Act
    const read = await readTargets({ kubernetes: refusing }, 'demo', {});
    // Assess
    expect(read).toEqual({
      kind: 'unavailable',
      note: expect.objectContaining({ code: 'kubernetes-unavailable' }),
    });
  });

  it('fails with the reader’s error when told to throw (the CLI’s --kubernetes)', async () => {
    // Act
    const act = readTargets({ kubernetes: refusing }, 'demo', {}, 'throw');
    // Assess
    await expect(act).rejects.toThrow(KubernetesApiError);
  });
});
