import type { ServiceRef } from '#core/model/finding.ts';

/** What an error text copied from kubectl, Helm, Terraform or an APIService condition says. */
export interface ErrorExplanation {
  readonly kind: string;
  readonly name: string | null;
  readonly service: ServiceRef | null;
  /** What failed, in one sentence. */
  readonly what: string;
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
  /** The TCP ports a rule would open when one can help (the pod's port, not the service's). */
  readonly portsToOpen: readonly number[];
  /**
   * Sensitive ports (SSH, databases, caches...) the text names but no registration does, held
   * out of {@link portsToOpen} for review (`explainError` always sets it).
   */
  readonly reviewPorts?: readonly number[];
  /** Sentences a person can act on. */
  readonly advice: readonly string[];
}
