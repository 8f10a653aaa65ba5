import { describe, expect, it } from 'vitest';
import {
  CLUSTER_WORK_SCHEMA,
  type ClusterWork,
  decodeClusterWork,
  encodeClusterWork,
} from '#core/clusters/cluster-work.ts';
import { InputError } from '#core/errors.ts';

const WORK: ClusterWork = {
  cluster: { name: 'payments', account: '210987654321', region: 'eu-west-1' },
  trigger: 'on-demand',
  sinceMs: 7_200_000,
  dryRun: true,
  notify: false,
  dispatchedAt: Date.UTC(2026, 10, 28, 15),
  deferrals: 2,
  kubernetes: 'audit',
};

describe('encodeClusterWork and decodeClusterWork', () => {
  it('round-trip a work message, the cluster written account/region/name', () => {
    // Act
    const body = encodeClusterWork(WORK);
    const back = decodeClusterWork(body);
    // Assess
    expect(JSON.parse(body)).toMatchObject({
      schema: CLUSTER_WORK_SCHEMA,
      cluster: '210987654321/eu-west-1/payments',
    });
    expect(back).toEqual(WORK);
  });

  it('reads a message of the version before, which runs with the configured Kubernetes mode', () => {
    // Prepare: what a dispatcher of the previous release put on the queue.
    const { kubernetes: _mode, ...version1 } = JSON.parse(encodeClusterWork(WORK));
    const body = JSON.stringify({ ...version1, schema: 'eks-sg-advisor/cluster-work@1' });
    // Act
    const work = decodeClusterWork(body);
    // Assess
    expect(work).toEqual({ ...WORK, kubernetes: null });
  });

  it.each([
    ['not json', 'work message is not JSON'],
    ['{}', "work message: field 'schema' is invalid"],
    [
      JSON.stringify({ ...JSON.parse(encodeClusterWork(WORK)), schema: 'other@2' }),
      "field 'schema' is invalid",
    ],
    [
      JSON.stringify({ ...JSON.parse(encodeClusterWork(WORK)), deferrals: -1 }),
      "field 'deferrals' is invalid",
    ],
    [
      JSON.stringify({ ...JSON.parse(encodeClusterWork(WORK)), extra: 1 }),
      "field '(message)' is invalid",
    ],
    [
      JSON.stringify({ ...JSON.parse(encodeClusterWork(WORK)), kubernetes: 'all' }),
      "field 'kubernetes' is invalid",
    ],
    [
      JSON.stringify({
        ...JSON.parse(encodeClusterWork(WORK)),
        schema: 'eks-sg-advisor/cluster-work@1',
      }),
      "field '(message)' is invalid",
    ],
    [
      JSON.stringify({ ...JSON.parse(encodeClusterWork(WORK)), cluster: 'a/b/c' }),
      `work message: field 'cluster' "a/b/c": the account must be 12 digits`,
    ],
  ])('refuses %s naming the field', (body, message) => {
    // Act
    const act = (): unknown => decodeClusterWork(body);
    // Assess
    expect(act).toThrow(InputError);
    expect(act).toThrow(message);
  });
});
