import { describe, expect, it } from 'vitest';
import type { Verdict } from '#core/model/report.ts';
import { severityOf } from '#render/alerts/notification.ts';

const alert = (change: 'new' | 'changed' | 'resolved', verdicts: Verdict[]) => ({
  change,
  verdicts,
});

describe('severityOf', () => {
  it.each([
    ['a new blocked alert', [alert('new', ['blocked'])], 'critical'],
    ['a changed alert a network ACL blocks', [alert('changed', ['nacl-blocked'])], 'critical'],
    ['a new allowed alert', [alert('new', ['allowed'])], 'warning'],
    ['a new alert no network change fixes', [alert('new', ['not-network'])], 'info'],
    ['a resolved blocked alert', [alert('resolved', ['blocked', 'nacl-blocked'])], 'info'],
  ] as const)('%s is %s', (_what, alerts, severity) => {
    expect(severityOf(alerts)).toBe(severity);
  });
});
