import { describe, expect, it } from 'vitest';
import { alertFixes, PLAIN } from '#render/alerts/describe.ts';
import { parseAlertNotification } from '#render/alerts/notification-schema.ts';
import { ACL } from '#test/helpers/network-fixture.ts';
import { naclEntry } from '#test/helpers/report-fixture.ts';
import { naclRun } from '#test/helpers/scenarios.ts';

describe('network ACL entries in notifications', () => {
  it('gives the alert whose findings need them their ACL entries, and reads them back', () => {
    // Prepare
    const { notification } = naclRun();

    // Act
    const parsed = parseAlertNotification(JSON.stringify(notification));

    // Assess
    const withEntries = notification.alerts.filter((a) => (a.networkAclEntries ?? []).length > 0);
    expect(withEntries.map((a) => [a.name, a.verdicts])).toEqual([
      ['certificates.cert-manager.io', ['nacl-blocked']],
    ]);
    expect(notification.alerts.filter((a) => 'networkAclEntries' in a)).toHaveLength(1);
    expect(parsed.alerts).toEqual(notification.alerts);
  });

  it('lists an ACL entry as a fix with its command, or says why there is none', () => {
    // Prepare
    const alert = naclRun().notification.alerts.find(
      (a) => a.name === 'certificates.cert-manager.io',
    );
    if (!alert) throw new Error('scenario changed');
    const bad = { ...alert, networkAclEntries: [naclEntry({ networkAclId: "acl-1'; reboot" })] };
    const unnumbered = { ...alert, networkAclEntries: [naclEntry({ ruleNumber: null })] };

    // Act
    const [fix] = alertFixes(alert, PLAIN);
    const [refused] = alertFixes(bad, PLAIN);
    const [renumber] = alertFixes(unnumbered, PLAIN);

    // Assess
    expect(fix).toMatchObject({
      key: 'acl acl-0c3d4e5f607182930 ingress tcp/10250 from 10.0.1.0/24',
      sentence:
        'Allow tcp/10250 into acl-0c3d4e5f607182930 (subnet-0c3d4e5f607182931) from 10.0.1.0/24 as rule 99',
      command:
        'aws ec2 create-network-acl-entry --network-acl-id acl-0c3d4e5f607182930 --ingress --rule-number 99 --protocol tcp --port-range From=10250,To=10250 --cidr-block 10.0.1.0/24 --rule-action allow',
      problem: null,
    });
    expect(refused).toMatchObject({ command: null });
    expect(refused?.problem).toContain('is not a network ACL ID');
    expect(renumber).toMatchObject({
      command: null,
      problem: 'no free rule number before the denying entry: renumber the ACL first',
    });
    expect(renumber?.sentence).toBe(
      `Allow tcp/9443 into ${ACL.c} (subnet-0c0c0c0c0c0c0c0c3) from 10.0.1.0/24, before the entry that denies it`,
    );
  });
});
