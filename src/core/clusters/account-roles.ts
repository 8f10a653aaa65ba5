import type { ClusterSpec, HomeLocation } from '#core/clusters/cluster-spec.ts';
import { ClusterAccessError, InputError } from '#core/errors.ts';
import { EXTERNAL_ID, ROLE_ARN } from '#core/model/aws-names.ts';

/** The role the functions assume to read one account's clusters. */
export interface AccountRole {
  /** The account the role is in (from its ARN); its clusters are read through it. */
  readonly account: string;
  readonly roleArn: string;
  /** Sent as `ExternalId` when the role's trust policy requires one. */
  readonly externalId: string | null;
}

/** STS `RoleSessionName`: at most 64 characters of `[\w+=,.@-]`. */
const SESSION_NAME_LENGTH = 64;

/** How a cluster's logs, EKS and EC2 APIs are reached. */
export type ClusterAccess =
  /** With the function's own credentials (a cluster of the function's account). */
  | { readonly kind: 'own'; readonly region: string | null }
  /** With the credentials of `role`, assumed under `sessionName`. */
  | {
      readonly kind: 'assume-role';
      readonly role: AccountRole;
      readonly sessionName: string;
      readonly region: string | null;
    };

/**
 * Parses one configured role: `<role ARN>` or `<role ARN>|<external ID>`.
 *
 * @throws InputError naming the entry and what is wrong with it.
 * @example
 * parseAccountRole('arn:aws:iam::210987654321:role/eks-sg-advisor-reader|ext-7f3a');
 * // { account: '210987654321', roleArn: 'arn:aws:iam::210987654321:role/eks-sg-advisor-reader', externalId: 'ext-7f3a' }
 */
export function parseAccountRole(text: string): AccountRole {
  const [roleArn = '', externalId, ...rest] = text.split('|').map((part) => part.trim());
  const account = ROLE_ARN.exec(roleArn)?.[1];
  if (account === undefined || rest.length > 0) {
    throw new InputError(
      `${JSON.stringify(text.slice(0, 140))} must be an IAM role ARN (arn:aws:iam::<account>:role/<name>), optionally followed by |<external ID>`,
    );
  }
  if (externalId !== undefined && !EXTERNAL_ID.test(externalId)) {
    throw new InputError(
      `the external ID of ${roleArn} must be 2 to 1224 characters of letters, digits and +=,.@:/-_`,
    );
  }
  return { account, roleArn, externalId: externalId ?? null };
}

/**
 * Parses the configured roles, at most one per account.
 *
 * @throws InputError naming an invalid entry, or an account given two roles.
 * @example
 * parseAccountRoles(['arn:aws:iam::210987654321:role/reader']).length; // 1
 */
export function parseAccountRoles(entries: readonly string[]): AccountRole[] {
  const roles = new Map<string, AccountRole>();
  for (const entry of entries) {
    const role = parseAccountRole(entry);
    const other = roles.get(role.account);
    if (other !== undefined && other.roleArn !== role.roleArn) {
      throw new InputError(
        `account ${role.account} has two roles (${other.roleArn} and ${role.roleArn}): give one per account`,
      );
    }
    roles.set(role.account, role);
  }
  return [...roles.values()];
}

/**
 * The STS role session name of a cluster's run: `eks-sg-advisor-<cluster>`, cut at 64 characters.
 * It shows in the target account's CloudTrail as the caller's session.
 *
 * @example
 * roleSessionName('payments'); // 'eks-sg-advisor-payments'
 */
export function roleSessionName(cluster: string): string {
  return `eks-sg-advisor-${cluster}`.slice(0, SESSION_NAME_LENGTH);
}

/**
 * How to reach a (resolved) cluster: through its account's configured role, or with the
 * function's own credentials when no role is configured and the cluster is in the function's
 * account (or either account is unknown, as in a local invocation).
 *
 * @throws ClusterAccessError when the cluster is in another account and no role is configured for it.
 * @example
 * clusterAccess({ name: 'payments', account: '210987654321', region: 'eu-west-1' }, roles, home);
 * // { kind: 'assume-role', role, sessionName: 'eks-sg-advisor-payments', region: 'eu-west-1' }
 */
export function clusterAccess(
  cluster: ClusterSpec,
  roles: readonly AccountRole[],
  home: HomeLocation,
): ClusterAccess {
  const region = cluster.region ?? home.region;
  const role = roles.find((candidate) => candidate.account === cluster.account);
  if (role !== undefined) {
    return { kind: 'assume-role', role, sessionName: roleSessionName(cluster.name), region };
  }
  if (cluster.account === null || home.account === null || cluster.account === home.account) {
    return { kind: 'own', region };
  }
  throw new ClusterAccessError(
    `${cluster.account}/${cluster.region ?? '?'}/${cluster.name}`,
    `it is in account ${cluster.account}, this function runs in account ${home.account}, and no role is configured for account ${cluster.account} (parameter accountRoles)`,
  );
}
