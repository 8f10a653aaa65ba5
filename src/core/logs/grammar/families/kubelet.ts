import {
  detailOf,
  endpointOfCall,
  type MessageMatch,
  matchOf,
  readCall,
} from '#core/logs/grammar/families/match.ts';

const BACKEND = 'error dialing backend: ';

/**
 * `error dialing backend: ...`: the apiserver could not reach a kubelet for logs, exec or
 * port-forward. A `dial tcp IP:10250` tail names the node.
 *
 * @example
 * parseKubelet('error dialing backend: dial tcp 10.0.3.4:10250: i/o timeout')?.port; // 10250
 */
export function parseKubelet(text: string): MessageMatch | null {
  const at = text.lastIndexOf(BACKEND);
  if (at === -1) return null;
  const tail = text.slice(at + BACKEND.length);
  const call = readCall(tail);
  return matchOf({
    kind: 'kubelet',
    error: call.error,
    detail: detailOf(tail),
    ...endpointOfCall(call),
  });
}
