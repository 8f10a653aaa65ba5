import type { IncomingMessage } from 'node:http';

/** How a call is encoded on the wire, which decides the error shape a fault answers with. */
export type Protocol = 'json' | 'query' | 'ec2-query' | 'rest-json';

/** A call as the proxy recognises it. */
export interface RecognisedCall {
  readonly service: string;
  readonly operation: string;
  readonly protocol: Protocol;
}

/** EKS REST-JSON routes: method, path pattern, operation. */
const EKS_ROUTES: readonly (readonly [string, RegExp, string])[] = [
  ['POST', /^\/clusters$/, 'CreateCluster'],
  ['GET', /^\/clusters$/, 'ListClusters'],
  ['GET', /^\/clusters\/[^/]+$/, 'DescribeCluster'],
  ['DELETE', /^\/clusters\/[^/]+$/, 'DeleteCluster'],
  ['POST', /^\/clusters\/[^/]+\/update-config$/, 'UpdateClusterConfig'],
  ['GET', /^\/clusters\/[^/]+\/updates$/, 'ListUpdates'],
  ['GET', /^\/clusters\/[^/]+\/updates\/[^/]+$/, 'DescribeUpdate'],
  ['POST', /^\/clusters\/[^/]+\/node-groups$/, 'CreateNodegroup'],
  ['GET', /^\/clusters\/[^/]+\/node-groups$/, 'ListNodegroups'],
  ['GET', /^\/clusters\/[^/]+\/node-groups\/[^/]+$/, 'DescribeNodegroup'],
];

/**
 * The service and operation of an SDK request: the service from the SigV4 credential scope (as
 * moto routes it); the operation from `X-Amz-Target` (JSON protocols: CloudWatch Logs, DynamoDB,
 * SSM, Secrets Manager, SQS), from `Action=` in the form body (query protocols: EC2, SNS, STS),
 * or from the method and path (EKS's REST-JSON). An unknown REST route is named
 * `METHOD /path`.
 *
 * @example
 * operationOf(req, body); // { service: 'logs', operation: 'StartQuery', protocol: 'json' }
 */
export function operationOf(req: IncomingMessage, body: Buffer): RecognisedCall {
  const scope = /Credential=[^/]+\/\d{8}\/[^/]+\/([^/]+)\/aws4_request/.exec(
    String(req.headers.authorization ?? ''),
  );
  const service = scope?.[1] ?? 'unknown';
  const target = req.headers['x-amz-target'];
  if (typeof target === 'string') {
    return { service, operation: target.slice(target.lastIndexOf('.') + 1), protocol: 'json' };
  }
  const type = String(req.headers['content-type'] ?? '');
  if (type.startsWith('application/x-www-form-urlencoded')) {
    const action = new URLSearchParams(body.toString('utf8')).get('Action') ?? 'unknown';
    return { service, operation: action, protocol: service === 'ec2' ? 'ec2-query' : 'query' };
  }
  const method = req.method ?? 'GET';
  const path = new URL(req.url ?? '/', 'http://proxy').pathname;
  const route = EKS_ROUTES.find(([m, pattern]) => m === method && pattern.test(path));
  return { service, operation: route?.[2] ?? `${method} ${path}`, protocol: 'rest-json' };
}
