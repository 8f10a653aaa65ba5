import type { EnableLoggingResult, RetentionOutcome } from '#core/run/enable-logging-result.ts';
import { jsonText, plainText } from '#render/escape.ts';

/**
 * One cluster's `enable-logging` result as a JSON line.
 *
 * @example
 * enableLoggingJson(result); // '{"cluster":"demo","ok":true,...}'
 */
export function enableLoggingJson(result: EnableLoggingResult): string {
  return jsonText(result);
}

/**
 * One line per cluster for `enable-logging`: `<cluster>: <ok|pending|FAILED>: <logging>; <retention>`.
 *
 * @example
 * enableLoggingLine(result); // 'demo: ok: api logging already enabled; retention kept at 90 days'
 */
export function enableLoggingLine(result: EnableLoggingResult): string {
  const { logging } = result;
  const verdict = !result.ok ? 'FAILED' : logging.state === 'pending' ? 'pending' : 'ok';
  let text: string;
  switch (logging.state) {
    case 'already-enabled':
      text = 'api logging already enabled';
      break;
    case 'enabled':
      text = `api logging enabled${logging.updateId ? ` (update ${logging.updateId})` : ''}`;
      break;
    case 'pending':
      text =
        logging.reason === 'update-in-progress'
          ? `api logging not changed: another cluster update is in progress (${logging.detail}); run again later`
          : `api logging pending: ${logging.detail}`;
      break;
    case 'failed':
      text = `api logging failed: ${logging.message}`;
      break;
  }
  const retention = result.retention ? `; ${retentionText(result.retention)}` : '';
  return plainText(`${result.cluster}: ${verdict}: ${text}${retention}`);
}

function retentionText(retention: RetentionOutcome): string {
  switch (retention.state) {
    case 'kept':
      return `retention kept at ${retention.days} days`;
    case 'kept-unbounded':
      return `retention left unlimited: ${retention.otherTypes.join(', ')} logs already use the group (--force-retention sets it)`;
    case 'set':
      return `retention set to ${retention.days} days${
        retention.createdGroup
          ? ' (log group created)'
          : retention.previousDays === null
            ? ' (was unlimited)'
            : ` (was ${retention.previousDays})`
      }`;
    case 'failed':
      return `retention failed: ${retention.message}`;
  }
}
