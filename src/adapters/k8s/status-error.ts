import { KubernetesApiError } from '#core/errors.ts';
import { plainText } from '#render/escape.ts';

/** The request a failed answer belongs to, for the error message. */
export interface RequestLabel {
  readonly cluster: string;
  readonly verb: string;
  /** `resource.group` as RBAC writes it (`apiservices.apiregistration.k8s.io`, `pods`). */
  readonly resource: string;
  readonly group: string;
  readonly namespace: string | null;
}

const FORBIDDEN =
  /User "([^"]*)" cannot (\S+) resource "([^"]*)" in API group "([^"]*)"(?: in the namespace "([^"]*)"| at the cluster scope)?/;

/**
 * Turns a non-2xx answer of the API server into one error line. For 403 it names the missing
 * permission (verb, resource, API group, scope) exactly as the server's `Status` message reports
 * it; for 401 it says the token was rejected and why that usually happens.
 *
 * @example
 * statusErrorOf(403, { kind: 'Status', message: 'pods is forbidden: User "x" cannot list resource "pods" in API group "" in the namespace "a"' }, label).message;
 * // 'forbidden: User "x" cannot list resource "pods" in API group "" in the namespace "a" (cluster prod: grant get/list on pods to the access entry)'
 */
export function statusErrorOf(
  status: number,
  body: unknown,
  label: RequestLabel,
): KubernetesApiError {
  const message = statusMessageOf(body);
  const where =
    label.namespace === null ? 'at the cluster scope' : `in namespace ${label.namespace}`;
  if (status === 401) {
    return new KubernetesApiError(
      401,
      `the Kubernetes API of cluster ${label.cluster} rejected the token (401 Unauthorized): the IAM principal has no access entry on the cluster (nor an aws-auth mapping), or the local clock is off`,
    );
  }
  if (status === 403) {
    const denied = message === null ? null : FORBIDDEN.exec(message);
    if (denied) {
      const [, user, verb, resource, group, namespace] = denied;
      const scope =
        namespace === undefined ? 'at the cluster scope' : `in the namespace "${namespace}"`;
      return new KubernetesApiError(
        403,
        `forbidden: User "${user}" cannot ${verb} resource "${resource}" in API group "${group}" ${scope} (cluster ${label.cluster}: grant get/list on ${label.resource} to the access entry's group)`,
      );
    }
    return new KubernetesApiError(
      403,
      `forbidden: cannot ${label.verb} resource "${label.resource}" in API group "${label.group}" ${where} (cluster ${label.cluster}): ${message ?? 'no Status message'}`,
    );
  }
  return new KubernetesApiError(
    status,
    `the Kubernetes API of cluster ${label.cluster} answered ${status} to ${label.verb} ${label.resource} ${where}: ${message ?? 'no Status message'}`,
  );
}

/**
 * The `message` of a Kubernetes `Status` body, cleaned of control characters and cut to 500
 * characters; null when there is none.
 *
 * @example
 * statusMessageOf({ kind: 'Status', message: 'Unauthorized' }); // 'Unauthorized'
 */
export function statusMessageOf(body: unknown): string | null {
  if (typeof body !== 'object' || body === null) return null;
  const { message } = body as { message?: unknown };
  if (typeof message !== 'string' || message === '') return null;
  return plainText(message).slice(0, 500);
}
