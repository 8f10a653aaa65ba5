import type { Protocol, RecognisedCall } from '#test/helpers/fault-operations.ts';

/** The faults answered with an error (the others delay or drop the call). */
export type ErrorFault = 'throttle' | 'limit-exceeded' | 'error-500';

/** An HTTP answer. */
export interface FaultAnswer {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

interface ErrorSpec {
  readonly status: number;
  readonly code: string;
  readonly message: string;
}

/**
 * The error each service sends for a fault, as the real APIs do: JSON services a
 * `ThrottlingException`; EC2 `RequestLimitExceeded` (503); SNS `Throttled` (429, the modeled
 * `ThrottledException`); other query services `Throttling`; EKS `ThrottlingException` (429);
 * CloudWatch Logs' concurrent-query refusal `LimitExceededException`.
 */
function specOf(fault: ErrorFault, call: RecognisedCall): ErrorSpec {
  const { protocol, service } = call;
  if (fault === 'throttle') {
    if (protocol === 'ec2-query') {
      return { status: 503, code: 'RequestLimitExceeded', message: 'Request limit exceeded.' };
    }
    if (service === 'sns') return { status: 429, code: 'Throttled', message: 'Rate exceeded' };
    if (protocol === 'query') return { status: 400, code: 'Throttling', message: 'Rate exceeded' };
    if (protocol === 'rest-json') {
      return { status: 429, code: 'ThrottlingException', message: 'Rate exceeded' };
    }
    return { status: 400, code: 'ThrottlingException', message: 'Rate exceeded' };
  }
  if (fault === 'limit-exceeded') {
    if (protocol === 'rest-json') {
      return { status: 400, code: 'ResourceLimitExceededException', message: 'Limit exceeded' };
    }
    const message =
      service === 'logs'
        ? 'Account maximum query concurrency limit of [30] reached.'
        : 'Limit exceeded';
    return { status: 400, code: 'LimitExceededException', message };
  }
  const internal: Readonly<Record<Protocol, string>> = {
    json: 'InternalFailure',
    query: service === 'sns' ? 'InternalError' : 'InternalFailure',
    'ec2-query': 'InternalError',
    'rest-json': 'ServerException',
  };
  return {
    status: 500,
    code: internal[protocol],
    message: 'We encountered an internal error. Please try again.',
  };
}

/**
 * The HTTP answer of an error fault in the call's protocol: JSON `{"__type", "message"}`; EC2's
 * `<Response><Errors><Error>`; the query protocol's `<ErrorResponse><Error>` (SNS, STS); EKS's
 * REST-JSON `x-amzn-ErrorType` header with `{"message"}`.
 *
 * @example
 * faultAnswer('throttle', { service: 'logs', operation: 'StartQuery', protocol: 'json' }, id).status; // 400
 */
export function faultAnswer(
  fault: ErrorFault,
  call: RecognisedCall,
  requestId: string,
): FaultAnswer {
  const spec = specOf(fault, call);
  const id = { 'x-amzn-requestid': requestId };
  switch (call.protocol) {
    case 'json':
      return {
        status: spec.status,
        headers: { ...id, 'content-type': 'application/x-amz-json-1.1' },
        body: JSON.stringify({ __type: spec.code, message: spec.message }),
      };
    case 'rest-json':
      return {
        status: spec.status,
        headers: { ...id, 'content-type': 'application/json', 'x-amzn-errortype': spec.code },
        body: JSON.stringify({ message: spec.message }),
      };
    case 'ec2-query':
      return {
        status: spec.status,
        headers: { 'content-type': 'text/xml;charset=UTF-8' },
        body: `<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>${spec.code}</Code><Message>${spec.message}</Message></Error></Errors><RequestID>${requestId}</RequestID></Response>`,
      };
    case 'query':
      return {
        status: spec.status,
        headers: { ...id, 'content-type': 'text/xml' },
        body: `<ErrorResponse><Error><Type>${spec.status >= 500 ? 'Receiver' : 'Sender'}</Type><Code>${spec.code}</Code><Message>${spec.message}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`,
      };
  }
}
