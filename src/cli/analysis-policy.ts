import type { AnalysisPolicy } from '#core/build-report.ts';
import { InputError } from '#core/errors.ts';
import { DEFAULT_QUOTA_LIMITS } from '#core/recommend/quotas.ts';
import { parseReplyPorts, parseSensitivePorts } from '#core/recommend/sensitive-ports.ts';

/** The `analyze` flags that set what the analysis may propose. */
export interface PolicyFlags {
  readonly 'sensitive-ports'?: unknown;
  readonly 'max-rules-per-group'?: unknown;
  readonly 'max-acl-entries'?: unknown;
  readonly 'reply-ports'?: unknown;
}

/** The `parseArgs` options of {@link PolicyFlags}. */
export const POLICY_OPTIONS = {
  'sensitive-ports': { type: 'string' },
  'max-rules-per-group': { type: 'string' },
  'max-acl-entries': { type: 'string' },
  'reply-ports': { type: 'string' },
} as const;

/** The help lines of {@link PolicyFlags}. */
export const POLICY_USAGE = `  --sensitive-ports LIST
                      Ports that get a rule only when a registered APIService or webhook
                      targets them (Kubernetes API or add-on catalogue), else "needs review":
                      e.g. 22,3389,2379-2380, or 'none' (default: SSH, Telnet, RDP, VNC, the
                      database, cache and search ports listed in the README).
  --max-rules-per-group N
                      The security-group quota of rules per direction (default 60).
  --max-acl-entries N The network ACL quota of entries per direction and address family,
                      the * entry included (default 20).
  --reply-ports FROM-TO
                      The control plane's source ports, which network ACL entries must let
                      the replies back to (default 1024-65535, the range AWS recommends for
                      clients of any OS; 32768-60999 is Linux's).
`;

/**
 * The analysis policy from the `analyze` flags: sensitive ports and quotas (unset flags keep the
 * defaults).
 *
 * @throws InputError naming the flag and the bad value.
 * @example
 * policyFromFlags({ 'sensitive-ports': 'none' }); // { sensitivePorts: [], limits: {...} }
 */
export function policyFromFlags(flags: PolicyFlags): AnalysisPolicy {
  const sensitive = flags['sensitive-ports'];
  const reply = flags['reply-ports'];
  return {
    ...(typeof reply === 'string' ? { replyPorts: parseReplyPorts(reply, '--reply-ports') } : {}),
    ...(typeof sensitive === 'string'
      ? { sensitivePorts: parseSensitivePorts(sensitive, '--sensitive-ports') }
      : {}),
    limits: {
      ...DEFAULT_QUOTA_LIMITS,
      rulesPerGroup: integerFlag(flags, 'max-rules-per-group', 1, 1000, 60),
      aclEntriesPerDirection: integerFlag(flags, 'max-acl-entries', 1, 40, 20),
    },
  };
}

function integerFlag(
  flags: PolicyFlags,
  name: keyof PolicyFlags,
  min: number,
  max: number,
  fallback: number,
): number {
  const value = flags[name];
  if (value === undefined) return fallback;
  if (typeof value === 'string' && /^[0-9]{1,4}$/.test(value)) {
    const n = Number(value);
    if (n >= min && n <= max) return n;
  }
  throw new InputError(
    `--${name} must be a whole number from ${min} to ${max} (got ${JSON.stringify(String(value).slice(0, 20))}; see 'analyze --help')`,
  );
}
