import { describe, expect, it } from 'vitest';
import { ianaTcpPorts } from '#core/port-names/iana-ports.ts';

describe('ianaTcpPorts', () => {
  it('maps an IANA service name back to its TCP port, case-insensitively', () => {
    // Act / Assess
    expect(ianaTcpPorts('pharos')).toEqual([4443]);
    expect(ianaTcpPorts('PCSYNC-HTTPS')).toEqual([8443]);
  });

  it('lists every port a shared name covers, lowest first, and nothing for an unknown name', () => {
    // Act / Assess
    expect(ianaTcpPorts('http-alt')).toEqual([591, 8008, 8080]);
    expect(ianaTcpPorts('metrics-server')).toEqual([]);
  });
});
