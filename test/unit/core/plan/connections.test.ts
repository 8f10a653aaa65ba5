import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildNetworkModel } from '#core/network/build-model.ts';
import { parseNetworkSnapshot } from '#core/network/parse-snapshot.ts';
import { connectionsOf } from '#core/plan/connections.ts';
import { readFlowLogs } from '#core/plan/flow-input.ts';

const model = buildNetworkModel(
  parseNetworkSnapshot(
    JSON.parse(
      readFileSync(new URL('../../../fixtures/plan-demo/network.json', import.meta.url), 'utf8'),
    ),
    'network.json',
  ),
);
const HEADER =
  'interface-id srcaddr dstaddr pkt-srcaddr pkt-dstaddr srcport dstport protocol tcp-flags packets start end action log-status';

function summary(...lines: string[]) {
  return connectionsOf(model, readFlowLogs(`${HEADER}\n${lines.join('\n')}\n`));
}

describe('connectionsOf', () => {
  it('takes the SYN sender as the opener and finds the pod by its packet address', () => {
    // Act
    const { flows } = summary(
      'eni-0e7a1c2b3d4f5d001 10.0.1.10 10.0.1.23 10.0.1.10 10.0.1.145 40001 10251 6 3 4 100 160 ACCEPT OK',
    );

    // Assess
    expect(flows).toHaveLength(1);
    expect(flows[0]).toMatchObject({ protocol: 'tcp', port: 10251, provenance: ['observed'] });
    expect(flows[0]?.source.role).toBe('control-plane');
    expect(flows[0]?.destination.ip?.text).toBe('10.0.1.145');
    expect(flows[0]?.observed?.initiatorBy).toBe('tcp-flags');
  });

  it('reads a SYN-ACK record as the reply, so the ephemeral port is never counted as used', () => {
    // Act
    const { flows } = summary(
      'eni-0e7a1c2b3d4f5d001 10.0.1.23 10.0.1.10 10.0.1.145 10.0.1.10 10251 40001 6 19 4 100 160 ACCEPT OK',
    );

    // Assess
    expect(flows[0]).toMatchObject({ port: 10251 });
    expect(flows[0]?.source.ip?.text).toBe('10.0.1.10');
  });

  it('falls back to the lower port as the server when the record has no SYN', () => {
    // Act
    const { flows } = summary(
      'eni-0e7a1c2b3d4f5d001 10.0.2.54 10.0.1.10 10.0.2.77 10.0.1.10 9443 51234 6 - 4 100 160 ACCEPT OK',
    );

    // Assess
    expect(flows[0]).toMatchObject({ port: 9443 });
    expect(flows[0]?.destination.ip?.text).toBe('10.0.2.77');
    expect(flows[0]?.observed?.initiatorBy).toBe('ports');
  });

  it('counts a rejected SYN as a blocked call and a rejected SYN-ACK as a dropped reply', () => {
    // Act
    const result = summary(
      'eni-0a1b2c3d4e5f60718 10.0.1.10 10.0.3.200 10.0.1.10 10.0.3.200 40001 6443 6 2 3 100 160 REJECT OK',
      'eni-0a1b2c3d4e5f60718 10.0.3.200 10.0.1.10 10.0.3.200 10.0.1.10 6443 40002 6 18 1 100 160 REJECT OK',
    );

    // Assess
    expect(result.flows).toHaveLength(1);
    expect(result.flows[0]).toMatchObject({ port: 6443, provenance: ['rejected'], observed: null });
    expect(result.rejectedReplies).toBe(1);
  });

  it('counts NODATA and SKIPDATA records as gaps and spans the window over every record', () => {
    // Act
    const result = summary(
      'eni-0e7a1c2b3d4f5d001 - - - - - - - - - 100 160 - NODATA',
      'eni-0e7a1c2b3d4f5d001 - - - - - - - - - 500 560 - SKIPDATA',
    );

    // Assess
    expect(result).toMatchObject({ flows: [], noData: 1, skipData: 1, start: 100, end: 560 });
  });

  it('aggregates the records of one connection over days', () => {
    // Act
    const { flows } = summary(
      'eni-0e7a1c2b3d4f5d001 10.0.1.10 10.0.2.54 10.0.1.10 10.0.2.77 40001 9443 6 3 4 100 160 ACCEPT OK',
      'eni-0e7a1c2b3d4f5d001 10.0.1.10 10.0.2.54 10.0.1.10 10.0.2.77 40009 9443 6 3 4 86500 86560 ACCEPT OK',
    );

    // Assess
    expect(flows).toHaveLength(1);
    expect(flows[0]?.observed).toMatchObject({
      records: 2,
      packets: 8,
      days: 2,
      firstSeen: 100,
      lastSeen: 86560,
    });
  });
});
