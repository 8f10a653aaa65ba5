import { type MessageMatch, matchOf } from '#core/logs/grammar/families/match.ts';

const AGGREGATION =
  /^OpenAPI AggregationController: (?:Processing item|action for item) ([a-z0-9.-]{1,253})/;

/**
 * OpenAPI controller progress lines (`Processing item X`, `action for item X: Rate Limited
 * Requeue.`): not failures, but they name the APIService, so `classify --all` reports the name.
 *
 * @example
 * parseControllerNoise('OpenAPI AggregationController: Processing item v1beta1.metrics.k8s.io')?.name; // 'v1beta1.metrics.k8s.io'
 */
export function parseControllerNoise(text: string): MessageMatch | null {
  const match = AGGREGATION.exec(text);
  return match ? matchOf({ kind: 'none', name: match[1] ?? null }) : null;
}
