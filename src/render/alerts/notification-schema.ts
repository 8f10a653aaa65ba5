import * as z from 'zod/mini';
import { FINDING_KINDS, VERDICTS } from '#core/alerts/vocabulary.ts';
import { InputError } from '#core/errors.ts';
import { lazy } from '#core/lazy.ts';
import { ERROR_CLASSES } from '#core/model/error-class.ts';
import { type AlertNotification, NOTIFICATION_SCHEMA } from '#render/alerts/notification.ts';

/** The alert notification's schema, built on first use (not at every function's cold start). */
const notificationSchema = lazy(() => {
  const kind = z.enum(FINDING_KINDS);
  const verdict = z.enum(VERDICTS);
  const text = z.string();
  const maybeText = z.nullable(z.string());
  const count = z.number();

  const finding = z.object({
    kind,
    name: maybeText,
    host: maybeText,
    ip: maybeText,
    port: z.nullable(count),
    error: z.nullable(z.enum(ERROR_CLASSES)),
    latencyMs: z.nullable(count),
    count,
    firstSeen: maybeText,
    lastSeen: maybeText,
    target: z.nullable(
      z.object({
        ip: maybeText,
        port: count,
        source: z.enum(['url', 'dial-tail', 'dialer', 'kubernetes', 'catalogue']),
        portName: maybeText,
      }),
    ),
    verdict,
    reason: text,
    networkInterface: z.nullable(
      z.object({
        id: text,
        role: z.enum([
          'node',
          'branch',
          'trunk',
          'vpc-cni-secondary',
          'fargate',
          'control-plane',
          'instance',
          'other-cluster',
          'nat-gateway',
          'load-balancer',
          'vpc-endpoint',
          'other',
        ]),
        groupIds: z.array(text),
        description: maybeText,
        match: z.enum(['exact', 'prefix']),
      }),
    ),
  });

  const recommendation = z.object({
    action: z.enum(['authorize-ingress', 'authorize-egress']),
    groupId: text,
    protocol: z.enum(['tcp', 'udp']),
    fromPort: count,
    toPort: count,
    peer: z.union([z.object({ groupId: text }), z.object({ cidr: text })]),
    description: text,
    reason: text,
    findings: z.array(count),
  });

  const networkAclEntry = z.object({
    networkAclId: text,
    subnetId: text,
    direction: z.enum(['ingress', 'egress']),
    ruleNumber: z.nullable(count),
    protocol: z.literal('tcp'),
    fromPort: count,
    toPort: count,
    cidr: text,
    reason: text,
    findings: z.array(count),
  });

  const alert = z.object({
    change: z.enum(['new', 'changed', 'resolved']),
    fingerprint: text,
    kind,
    name: maybeText,
    endpoint: text,
    verdicts: z.array(verdict),
    previousVerdicts: z.nullable(z.array(verdict)),
    rules: z.array(text),
    previousRules: z.nullable(z.array(text)),
    count,
    openedAt: text,
    lastSeenAt: text,
    resolvedAt: maybeText,
    findings: z.array(finding),
    omittedFindings: count,
    recommendations: z.array(recommendation),
    // Absent from messages published before they were added.
    networkAclEntries: z.optional(z.array(networkAclEntry)),
  });

  return z.object({
    schema: z.literal(NOTIFICATION_SCHEMA),
    id: text,
    cluster: text,
    // Absent from messages published before they were added (retried after an update).
    account: z.optional(maybeText),
    region: z.optional(maybeText),
    generatedAt: text,
    window: z.nullable(z.object({ start: text, end: text })),
    severity: z.enum(['critical', 'warning', 'info']),
    counts: z.object({
      new: count,
      changed: count,
      resolved: count,
      open: count,
      findings: count,
      recommendations: count,
    }),
    alerts: z.array(alert),
    report: z.object({
      cluster: text,
      window: z.nullable(z.object({ start: text, end: text })),
      findings: z.array(finding),
      recommendations: z.array(recommendation),
      // Absent when the snapshot had no network ACLs, and from earlier releases' messages.
      networkAclEntries: z.optional(z.array(networkAclEntry)),
      notes: z.array(z.object({ code: text, message: text })),
    }),
    omitted: z.object({ alerts: count, findings: count, recommendations: count, notes: count }),
  });
});

/**
 * Reads the JSON report of a notification (the `lambda`/`sqs`/`https` message of the topic) and
 * checks its shape, so the Slack Lambda renders only what this project published.
 *
 * @throws InputError when the text is not JSON or not an alert notification (the message names
 *   the first offending field).
 * @example
 * const notification = parseAlertNotification(event.Records[0].Sns.Message);
 */
export function parseAlertNotification(json: string): AlertNotification {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch (error) {
    throw new InputError(
      'the SNS message is not JSON; expected an eks-sg-advisor alert notification',
      {
        cause: error,
      },
    );
  }
  const result = notificationSchema().safeParse(data);
  if (!result.success) {
    const issue = result.error.issues[0];
    const path = issue?.path.join('.') || '(root)';
    throw new InputError(
      `the SNS message is not an alert notification: ${path}: ${issue?.message ?? 'invalid'}`,
    );
  }
  const { account, region, ...rest } = result.data;
  return { ...rest, account: account ?? null, region: region ?? null };
}
