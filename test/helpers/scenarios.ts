import { diffAlerts } from '#core/alerts/diff.ts';
import type { Report } from '#core/model/report.ts';
import { type AlertNotification, buildAlertNotification } from '#render/alerts/notification.ts';
import { HOUR, loadReport, MINUTE, T0 } from '#test/helpers/reports.ts';

/** Where the prod-eu fixture's cluster runs. */
export const PROD_EU_PLACE = { account: '123456789012', region: 'eu-west-1' };

/** The prod-eu fixture seen for the first time at T0: four new alerts. */
export function firstRun(): { report: Report; notification: AlertNotification } {
  const report = loadReport('prod-eu');
  const diff = diffAlerts([], report, T0);
  return { report, notification: buildAlertNotification(report, diff, T0, PROD_EU_PLACE) };
}

/**
 * The run 90 minutes later: the ALB webhook repeats (not notified), the cert-manager conversion
 * webhook turned from allowed to blocked with a rule, metrics-server and kyverno were not seen for
 * an hour (resolved).
 */
export function secondRun(): { report: Report; notification: AlertNotification } {
  const first = loadReport('prod-eu');
  const previous = diffAlerts([], first, T0).nextState;
  const now = T0 + 90 * MINUTE;
  const [alb, , , certManager] = first.findings;
  if (!alb || !certManager) throw new Error('fixture prod-eu changed');
  const report: Report = {
    ...first,
    window: { start: new Date(now - HOUR).toISOString(), end: new Date(now).toISOString() },
    findings: [
      { ...alb, count: 12, lastSeen: new Date(now - 5 * MINUTE).toISOString() },
      {
        ...certManager,
        lastSeen: new Date(now - 2 * MINUTE).toISOString(),
        verdict: 'blocked',
        reason:
          'The branch ENI security group sg-0bbbbccccddddeeee no longer allows TCP 10250 from the cluster security group.',
      },
    ],
    recommendations: [
      { ...(first.recommendations[0] as Report['recommendations'][number]), findings: [0] },
      {
        action: 'authorize-ingress',
        groupId: 'sg-0bbbbccccddddeeee',
        protocol: 'tcp',
        fromPort: 10250,
        toPort: 10250,
        peer: { groupId: 'sg-0fedcba9876543210' },
        description: 'eks-sg-advisor: certificates.cert-manager.io from control plane',
        reason:
          'Conversion webhook for certificates.cert-manager.io timed out 7 times dialling 10.0.50.3:10250.',
        findings: [1],
      },
    ],
  };
  const diff = diffAlerts(previous, report, now);
  return { report, notification: buildAlertNotification(report, diff, now) };
}

/** The hostile-names fixture (log text trying to mention, link and format) as a first run. */
export function hostileRun(): { report: Report; notification: AlertNotification } {
  const report = loadReport('hostile-names');
  const diff = diffAlerts([], report, T0);
  return { report, notification: buildAlertNotification(report, diff, T0) };
}

/**
 * The prod-eu fixture seen for the first time, with the cert-manager conversion webhook's path
 * allowed by the security groups but denied by the endpoint subnet's network ACL.
 */
export function naclRun(): { report: Report; notification: AlertNotification } {
  const first = loadReport('prod-eu');
  const findings = first.findings.map((finding, i) =>
    i === 3
      ? {
          ...finding,
          verdict: 'nacl-blocked' as const,
          reason:
            "Network ACL acl-0c3d4e5f607182930 of subnet subnet-0c3d4e5f607182931 (the endpoint's) denies inbound TCP 10250 from 10.0.1.10 (rule 100 denies it). Fix: allow TCP 10250 in from 10.0.1.0/24 as rule 99. The security groups allow TCP 10250 from the control plane to 10.0.50.3:10250.",
        }
      : finding,
  );
  const networkAclEntries = [
    {
      networkAclId: 'acl-0c3d4e5f607182930',
      subnetId: 'subnet-0c3d4e5f607182931',
      direction: 'ingress' as const,
      ruleNumber: 99,
      protocol: 'tcp' as const,
      fromPort: 10250,
      toPort: 10250,
      cidr: '10.0.1.0/24',
      reason:
        'Lets TCP 10250 in from 10.0.1.0/24 (subnet subnet-0a1b2c3d4e5f60718) through acl-0c3d4e5f607182930, which rule 100 denies today.',
      findings: [3],
    },
  ];
  const report: Report = { ...first, findings, networkAclEntries };
  const diff = diffAlerts([], report, T0);
  return { report, notification: buildAlertNotification(report, diff, T0, PROD_EU_PLACE) };
}
