import type { ServiceRef } from '#core/findings.ts';
import { explainErrorClass, sgFixability } from '#core/logs/error-class.ts';
import { parseErrorText } from '#core/logs/parse-message.ts';
import { matchAddons } from '#core/port-names/addon-match.ts';

/** What an error text copied from kubectl, Helm, Terraform or an APIService condition says. */
export interface ErrorExplanation {
  readonly kind: string;
  readonly name: string | null;
  readonly service: ServiceRef | null;
  /** The endpoint the text says was dialled, when it names one. */
  readonly endpoint: {
    readonly ip: string | null;
    readonly host: string | null;
    readonly port: number | null;
  };
  readonly error: string | null;
  /** `yes`: typical of a security group dropping packets; `maybe`; `no`. */
  readonly securityGroupFix: 'yes' | 'maybe' | 'no' | 'unknown';
  /** Default target ports of the add-on behind the service or name, from the catalogue. */
  readonly likelyTargetPorts: readonly { readonly addon: string; readonly port: number }[];
  /** Sentences a person can act on. */
  readonly advice: readonly string[];
}

/**
 * Explains an error text the way the classifier reads it, with the add-on catalogue's likely
 * target port when the text names only the service (the port to open is the pod's, not 443).
 * Never throws; unrecognised text gets kind `none` and an advice line saying so.
 *
 * @example
 * explainError('Internal error occurred: failed calling webhook "x": ... context deadline exceeded').securityGroupFix; // 'yes'
 */
export function explainError(text: string): ErrorExplanation {
  const match = parseErrorText(text);
  const addons = matchAddons({ name: match.name, service: match.service });
  const likely = dedupe(addons.map((a) => ({ addon: a.addon, port: a.port })));
  const advice: string[] = [];
  if (match.kind === 'none') {
    advice.push(
      'This text is not a failed call from the API server to a webhook or aggregated API.',
    );
  } else if (match.error !== null) {
    advice.push(explainErrorClass(match.error));
    if (sgFixability(match.error) !== 'no')
      advice.push(...portAdvice(match.ip, match.port, likely));
  }
  return {
    kind: match.kind,
    name: match.name,
    service: match.service,
    endpoint: { ip: match.ip, host: match.host, port: match.port },
    error: match.error,
    securityGroupFix: match.error === null ? 'unknown' : sgFixability(match.error),
    likelyTargetPorts: likely,
    advice,
  };
}

function portAdvice(
  ip: string | null,
  port: number | null,
  likely: readonly { readonly addon: string; readonly port: number }[],
): string[] {
  if (ip !== null && port !== null) {
    return [
      `The API server dialled ${ip}:${port}: the security groups of the network interface that owns ${ip} must admit TCP ${port} from the cluster security group. Run 'eks-sg-advisor analyze' with a network snapshot to get the exact rule.`,
    ];
  }
  const ports = likely.map((l) => `${l.port} (${l.addon})`).join(', ');
  return [
    likely.length > 0
      ? `The text names the service port, not the pod's: the API server dials the pod's target port, by default ${ports}. Open that port, not the service port, from the cluster security group.`
      : 'The text names the service port, not the pod: find the target port with kubectl get endpointslices and open that port from the cluster security group.',
  ];
}

function dedupe<T extends { readonly addon: string; readonly port: number }>(
  items: readonly T[],
): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const key = `${item.addon}:${item.port}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
