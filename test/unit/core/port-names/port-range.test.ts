import { describe, expect, it } from 'vitest';
import { portRangeText, rulePortsText } from '#core/port-names/port-range.ts';

describe('rulePortsText', () => {
  it.each([
    [{ protocol: '-1', fromPort: null, toPort: null }, 'all traffic'],
    [{ protocol: 'icmp', fromPort: null, toPort: null }, 'icmp'],
    [{ protocol: 'tcp', fromPort: 6443, toPort: 6443 }, 'tcp/6443'],
    [{ protocol: 'udp', fromPort: 1000, toPort: 2000 }, `udp/${portRangeText(1000, 2000)}`],
  ])('writes %j as %s', (rule, text) => {
    // Act
    const written = rulePortsText(rule);

    // Assess
    expect(written).toBe(text);
  });
});
