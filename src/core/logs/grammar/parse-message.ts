import { answerStart } from '#core/logs/grammar/callee-answer.ts';
import {
  parseAvailability,
  parseAvailabilityMessage,
} from '#core/logs/grammar/families/availability.ts';
import { parseControllerNoise } from '#core/logs/grammar/families/controller-noise.ts';
import { parseConversion } from '#core/logs/grammar/families/conversion.ts';
import { parseDialer } from '#core/logs/grammar/families/dialer.ts';
import { parseDiscovery } from '#core/logs/grammar/families/discovery.ts';
import { parseKubelet } from '#core/logs/grammar/families/kubelet.ts';
import { type MessageMatch, matchOf, NO_MATCH } from '#core/logs/grammar/families/match.ts';
import { parseOpenApi } from '#core/logs/grammar/families/openapi.ts';
import { parseTrace } from '#core/logs/grammar/families/trace.ts';
import { parseWebhook } from '#core/logs/grammar/families/webhook.ts';
import { parseStructured } from '#core/logs/grammar/go-quote.ts';
import { parseKlogLine } from '#core/logs/grammar/klog-line.ts';

/** Family parsers in match order: the first that recognises the text decides. */
const FAMILIES: readonly ((text: string) => MessageMatch | null)[] = [
  parseDialer,
  parseTrace,
  parseOpenApi,
  parseConversion,
  parseWebhook,
  parseAvailability,
  parseDiscovery,
  parseKubelet,
  parseControllerNoise,
];

/**
 * Recognises the message of one klog record (the text after the header, continuation lines
 * joined with `\n`). Structured (≥ 1.31) messages are unwrapped first: `"Unhandled Error"
 * err="..."` is judged by its `err`, and the V(2) `"changing APIService availability"` line by its
 * `message` when the new status is not `True`. Never throws.
 *
 * @example
 * parseMessage('"Unhandled Error" err="v1beta1.metrics.k8s.io failed with: ..." logger="UnhandledError"').kind; // 'apiservice-availability'
 */
export function parseMessage(message: string): MessageMatch {
  const structured = message.charCodeAt(0) === 0x22 ? parseStructured(message) : null;
  if (structured) {
    if (structured.msg === 'changing APIService availability') {
      const name = structured.fields.get('name') ?? null;
      if (structured.fields.get('newStatus') === 'True') return matchOf({ kind: 'none', name });
      return parseAvailabilityMessage(structured.fields.get('message') ?? '', name);
    }
    const err = structured.fields.get('err');
    if (err !== undefined) return parseFamilies(err);
    // No `err`: judge the message with its values (`"failed to discover some groups" groups="map[...]"`).
    const values = [...structured.fields.values()].join(' ');
    return parseFamilies(values ? `${structured.msg}: ${values}` : structured.msg);
  }
  return parseFamilies(message);
}

/**
 * The first family that recognises the API server's own part of `text` (before any callee
 * answer) reads the whole text; a family named only inside an answer (a log line a webhook
 * quotes in its HTTP 500 body) is never recognised.
 */
function parseFamilies(message: string): MessageMatch {
  const text = withoutQuotedRecords(message);
  const end = answerStart(text);
  const own = end < text.length ? text.slice(0, end) : text;
  for (const family of FAMILIES) {
    if (own !== text && family(own) === null) continue;
    const match = family(text);
    if (match) return match;
  }
  return NO_MATCH;
}

// A newline, and what other readers take for one (CR, NEL, the Unicode line and paragraph separators).
const LINE_BREAK = /[\n\r\u0085\u2028\u2029]/;
const LINE_BREAKS = /\r\n|[\n\r\u0085\u2028\u2029]/;

/**
 * One message is one record: klog writes a header only where a record starts, so a later line of
 * the message (after a real newline or line break, or a Go-quoted `\n` in a structured `err`) that carries a
 * header of its own is quoted or forged text. It is dropped, so that it can neither name an
 * endpoint nor decide the error class; header-less lines (an OpenAPI 503 body) are kept.
 */
function withoutQuotedRecords(text: string): string {
  if (!LINE_BREAK.test(text)) return text;
  const [first = '', ...rest] = text.split(LINE_BREAKS);
  const kept = rest.filter((line) => !parseKlogLine(line).hasHeader);
  return kept.length === rest.length ? text : [first, ...kept].join('\n');
}

const CONDITION =
  /^(?:failing or missing response from |no response from |timed out waiting for |bad status from |service\/|(?:endpoints|endpointslices) for service\/|cannot find endpoints)/;

/**
 * Recognises an error text as users see it outside the API server log: an APIService status
 * condition message (`failing or missing response from https://...`, `endpoints for service/...
 * have no addresses ...`) or a client-side error (`Internal error occurred: failed calling
 * webhook "x": ...`, `conversion webhook for ... failed: ...`). Condition messages carry no
 * APIService name. Never throws.
 *
 * @example
 * parseErrorText('failing or missing response from https://10.5.67.7:4443/apis/metrics.k8s.io/v1beta1: ...').port; // 4443
 */
export function parseErrorText(text: string): MessageMatch {
  const trimmed = text.trim();
  if (CONDITION.test(trimmed)) return parseAvailabilityMessage(trimmed, null);
  const match = parseMessage(trimmed);
  if (match.kind !== 'none') return match;
  // A condition message after a tool's own words (`linkerd check`: `× tap API service is
  // running FailedDiscoveryCheck: no response from https://...`), outside any answer.
  const own = trimmed.slice(0, answerStart(trimmed));
  const embedded = EMBEDDED_CONDITION.exec(own);
  if (!embedded) return match;
  return parseAvailabilityMessage(trimmed.slice(embedded.index + 1), null);
}

const EMBEDDED_CONDITION = /[\s:](?:failing or missing response from|no response from) https?:\/\//;
