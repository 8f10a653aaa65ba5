import type { FindingKind } from '#core/model/finding.ts';
import type { Verdict } from '#core/model/report.ts';

// Records keyed by the unions: adding a kind or a verdict fails to compile until it is listed.
const KINDS = {
  'apiservice-availability': true,
  openapi: true,
  discovery: true,
  'webhook-admission': true,
  'webhook-conversion': true,
  dial: true,
  kubelet: true,
} as const satisfies Record<FindingKind, true>;
const VERDICT_SET = {
  blocked: true,
  'nacl-blocked': true,
  allowed: true,
  'not-network': true,
  'unknown-ip': true,
  'no-target': true,
  unknown: true,
  'not-cluster': true,
  'needs-review': true,
} as const satisfies Record<Verdict, true>;

/** Every finding kind, for validating data read back from storage or a message. */
export const FINDING_KINDS = Object.keys(KINDS) as [FindingKind, ...FindingKind[]];

/** Every verdict, for validating data read back from storage or a message. */
export const VERDICTS = Object.keys(VERDICT_SET) as [Verdict, ...Verdict[]];

/**
 * Whether a value read from outside is a finding kind.
 *
 * @example
 * isFindingKind('dial'); // true
 */
export function isFindingKind(value: unknown): value is FindingKind {
  return typeof value === 'string' && Object.hasOwn(KINDS, value);
}

/**
 * Whether a value read from outside is a verdict.
 *
 * @example
 * isVerdict('blocked'); // true
 */
export function isVerdict(value: unknown): value is Verdict {
  return typeof value === 'string' && Object.hasOwn(VERDICT_SET, value);
}
