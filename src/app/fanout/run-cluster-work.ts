import type { ClusterWork } from '#core/clusters/cluster-work.ts';
import type { ClusterAnalysed, ClusterUpToDate } from '#core/run/cluster-run-result.ts';

/** Runs one cluster's work end to end (the composition root joins it to the pipeline); rejects when the run failed. */
export type ClusterRunner = (
  work: ClusterWork,
  signal?: AbortSignal,
) => Promise<ClusterAnalysed | ClusterUpToDate>;
