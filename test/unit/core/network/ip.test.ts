import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cidrContains, parseCidr, parseIp, sameIp } from '#core/network/ip.ts';

function ip(text: string) {
  const parsed = parseIp(text);
  if (!parsed) throw new Error(`fixture: ${text} is not an IP`);
  return parsed;
}

function cidr(text: string) {
  const parsed = parseCidr(text);
  if (!parsed) throw new Error(`fixture: ${text} is not a CIDR`);
  return parsed;
}

describe('parseIp', () => {
  it.each([
    ['10.0.1.2', 4, 167772418n],
    ['0.0.0.0', 4, 0n],
    ['255.255.255.255', 4, 4294967295n],
    ['::', 6, 0n],
    ['::1', 6, 1n],
    ['fd00::1', 6, (0xfd00n << 112n) | 1n],
    ['FD00:0:0:0:0:0:0:1', 6, (0xfd00n << 112n) | 1n],
    ['[fd00::1]', 6, (0xfd00n << 112n) | 1n],
    ['fe80::1%eth0', 6, (0xfe80n << 112n) | 1n],
    ['::ffff:10.0.0.1', 6, (0xffffn << 32n) | 167772161n],
    ['2001:db8::10.0.0.1', 6, (0x20010db8n << 96n) | 167772161n],
  ])('reads %s', (text, family, value) => {
    // Act
    const parsed = parseIp(text);

    // Assess
    expect(parsed).toMatchObject({ family, value });
  });

  it.each(['10.0.1', '10.0.1.256', 'fd00:::1', '1::2::3', 'svc.ns.svc', '', '10.0.0.1/32'])(
    'refuses %j',
    (text) => {
      // Act
      const parsed = parseIp(text);

      // Assess
      expect(parsed).toBeNull();
    },
  );
});

describe('parseCidr and cidrContains', () => {
  it.each([
    ['10.0.0.0/16', '10.0.255.255', true],
    ['10.0.0.0/16', '10.1.0.0', false],
    ['10.0.1.7/24', '10.0.1.200', true],
    ['10.0.1.64/28', '10.0.1.79', true],
    ['10.0.1.64/28', '10.0.1.80', false],
    ['0.0.0.0/0', '192.168.1.1', true],
    ['10.0.0.5', '10.0.0.5', true],
    ['10.0.0.5', '10.0.0.6', false],
    ['fd00::/16', 'fd00:1::10', true],
    ['fd00:1:0:0:1::/80', 'fd00:1::1:0:0:9', true],
    ['fd00:1:0:0:1::/80', 'fd00:1::2:0:0:9', false],
    ['::/0', 'fd00::1', true],
    ['0.0.0.0/0', 'fd00::1', false],
    ['::/0', '10.0.0.1', false],
  ])('%s contains %s: %s', (block, address, expected) => {
    // Act
    const contains = cidrContains(cidr(block), ip(address));

    // Assess
    expect(contains).toBe(expected);
  });

  it.each(['10.0.0.0/33', 'fd00::/129', '10.0.0.0/x', 'nope/8', '10.0.0.0/'])(
    'refuses %j',
    (text) => {
      // Act
      const parsed = parseCidr(text);

      // Assess
      expect(parsed).toBeNull();
    },
  );

  it('agrees with bit arithmetic on random IPv4 blocks', () => {
    // Prepare
    const octets = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255));

    // Act / Assess
    fc.assert(
      fc.property(octets, octets, fc.integer({ min: 0, max: 32 }), (a, b, length) => {
        const block = cidr(`${a.join('.')}/${length}`);
        const address = ip(b.join('.'));
        const toNumber = (o: number[]) => o.reduce((acc, x) => acc * 256 + x, 0);
        const shift = 2 ** (32 - length);
        const expected = Math.floor(toNumber(a) / shift) === Math.floor(toNumber(b) / shift);
        expect(cidrContains(block, address)).toBe(expected);
      }),
    );
  });
});

describe('sameIp', () => {
  it('matches IPv6 addresses whatever their spelling', () => {
    // Act / Assess
    expect(sameIp(ip('fd00::1'), ip('FD00:0000:0:0::0001'))).toBe(true);
    expect(sameIp(ip('10.0.0.1'), ip('::ffff:10.0.0.1'))).toBe(false);
  });
});
