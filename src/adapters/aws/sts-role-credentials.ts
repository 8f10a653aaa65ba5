import {
  AssumeRoleCommand,
  type AssumeRoleCommandOutput,
  type STSClient,
} from '@aws-sdk/client-sts';
import { awsErrorMessage, awsErrorName } from '#adapters/aws/aws-error.ts';
import type { AccountRole } from '#core/clusters/account-roles.ts';
import { ClusterAccessError } from '#core/errors.ts';
import type { Clock } from '#core/gateways.ts';

/** Temporary credentials in the shape SDK v3 clients take as `credentials`. */
export interface TemporaryCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
  readonly expiration: Date;
}

/** Settings of {@link StsRoleCredentials}. */
export interface RoleCredentialSettings {
  /** Session length asked of STS (default 3,600 s, the roles' default maximum). */
  readonly durationSeconds?: number;
  /** Credentials are renewed this long before they expire (default 5 min). */
  readonly renewBeforeMs?: number;
}

/**
 * Assumes the configured cross-account roles through STS AssumeRole (with the role session name
 * and, when configured, the external ID) and keeps each session's credentials until shortly
 * before they expire; concurrent callers of one session share one AssumeRole call.
 *
 * @example
 * const roles = new StsRoleCredentials(new STSClient({}), systemClock);
 * const logs = new CloudWatchLogsClient({ region: 'eu-west-1',
 *   credentials: roles.provider(role, 'eks-sg-advisor-payments', '210987654321/eu-west-1/payments') });
 */
export class StsRoleCredentials {
  private readonly sessions = new Map<string, Promise<TemporaryCredentials>>();

  constructor(
    private readonly client: STSClient,
    private readonly clock: Clock,
    private readonly settings: RoleCredentialSettings = {},
  ) {}

  /**
   * The session's credentials: cached ones while they last, else a new AssumeRole.
   *
   * @throws ClusterAccessError naming `cluster`, the role and the STS error (e.g. AccessDenied
   *   when the role's trust policy does not name this function's role or the external ID differs).
   */
  async credentials(
    role: AccountRole,
    sessionName: string,
    cluster: string,
  ): Promise<TemporaryCredentials> {
    const key = `${role.roleArn}|${sessionName}`;
    const cached = this.sessions.get(key);
    if (cached !== undefined) {
      const held = await cached.catch(() => null);
      if (held !== null && held.expiration.getTime() - this.renewBeforeMs() > this.clock.now()) {
        return held;
      }
      if (this.sessions.get(key) === cached) this.sessions.delete(key);
    }
    let pending = this.sessions.get(key);
    if (pending === undefined) {
      const started = this.assume(role, sessionName, cluster);
      pending = started;
      this.sessions.set(key, started);
      started.catch(() => {
        if (this.sessions.get(key) === started) this.sessions.delete(key);
      });
    }
    return pending;
  }

  /**
   * A credential provider for an SDK client's `credentials` setting, bound to one session.
   *
   * @example
   * new EC2Client({ region, credentials: roles.provider(role, sessionName, cluster) });
   */
  provider(
    role: AccountRole,
    sessionName: string,
    cluster: string,
  ): () => Promise<TemporaryCredentials> {
    return () => this.credentials(role, sessionName, cluster);
  }

  private renewBeforeMs(): number {
    return this.settings.renewBeforeMs ?? 300_000;
  }

  private async assume(
    role: AccountRole,
    sessionName: string,
    cluster: string,
  ): Promise<TemporaryCredentials> {
    let out: AssumeRoleCommandOutput;
    try {
      out = await this.client.send(
        new AssumeRoleCommand({
          RoleArn: role.roleArn,
          RoleSessionName: sessionName,
          ExternalId: role.externalId ?? undefined,
          DurationSeconds: this.settings.durationSeconds ?? 3600,
        }),
      );
    } catch (error) {
      const name = awsErrorName(error) || 'Error';
      throw new ClusterAccessError(
        cluster,
        `AssumeRole ${role.roleArn} failed: ${name}: ${awsErrorMessage(error)}`,
        { cause: error },
      );
    }
    const credentials = out.Credentials;
    if (
      !credentials?.AccessKeyId ||
      !credentials.SecretAccessKey ||
      !credentials.SessionToken ||
      !credentials.Expiration
    ) {
      throw new ClusterAccessError(cluster, `AssumeRole ${role.roleArn} returned no credentials`);
    }
    return {
      accessKeyId: credentials.AccessKeyId,
      secretAccessKey: credentials.SecretAccessKey,
      sessionToken: credentials.SessionToken,
      expiration: credentials.Expiration,
    };
  }
}
