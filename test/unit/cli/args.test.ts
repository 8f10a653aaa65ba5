import { describe, expect, it } from 'vitest';
import { clusterNames } from '#cli/args.ts';

describe('clusterNames', () => {
  it('keeps each cluster once, in order', () => {
    // Assess
    expect(clusterNames(['b', 'a', 'b'])).toEqual(['b', 'a']);
  });

  it.each([[undefined], [[]]])('requires at least one --cluster (%j)', (values) => {
    // Act
    const act = (): unknown => clusterNames(values);
    // Assess
    expect(act).toThrow('--cluster NAME is required');
  });

  it.each(['-x', 'a/b', 'a b', '../etc', 'x'.repeat(101), '_a'])('rejects the name %j', (name) => {
    // Act
    const act = (): unknown => clusterNames([name]);
    // Assess
    expect(act).toThrow(/is not a valid EKS cluster name/);
  });
});
