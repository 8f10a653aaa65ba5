import { describe, expect, it } from 'vitest';
import { InputError } from '#core/errors.ts';
import { readFlowLogs } from '#core/plan/flow-input.ts';
import { formatString, PLANNER_FLOW_FIELDS } from '#core/plan/flow-record.ts';

const DEFAULT_LINE =
  '2 111122223333 eni-0f1e2d3c4b5a6d101 10.0.1.10 10.0.1.23 40001 10250 6 4 640 1795482000 1795482060 ACCEPT OK';
const CUSTOM_LINE =
  '5 eni-0e7a1c2b3d4f5d001 egress 10.0.1.10 10.0.1.23 10.0.1.10 10.0.1.145 40001 10251 6 3 4 640 1795482000 1795482060 ACCEPT OK IPv4';

describe('readFlowLogs', () => {
  it('reads records in the default format when there is no header', () => {
    // Act
    const [record] = readFlowLogs(`${DEFAULT_LINE}\n`);

    // Assess
    expect(record).toMatchObject({
      interfaceId: 'eni-0f1e2d3c4b5a6d101',
      srcaddr: '10.0.1.10',
      dstaddr: '10.0.1.23',
      dstport: 10250,
      protocol: 6,
      action: 'ACCEPT',
      logStatus: 'OK',
      tcpFlags: null,
      pktDstaddr: null,
    });
  });

  it('reads a custom format from its header line, in any field order', () => {
    // Prepare
    const text =
      'dstport srcaddr action dstaddr pkt-dstaddr tcp-flags\n9443 10.0.1.10 REJECT 10.0.2.54 10.0.2.77 2\n';

    // Act
    const [record] = readFlowLogs(text);

    // Assess
    expect(record).toMatchObject({
      dstport: 9443,
      pktDstaddr: '10.0.2.77',
      action: 'REJECT',
      tcpFlags: 2,
    });
  });

  it('recognises the planner format by its field count when the records carry no header', () => {
    // Act
    const [record] = readFlowLogs(`${CUSTOM_LINE}\n`);

    // Assess
    expect(record).toMatchObject({
      flowDirection: 'egress',
      pktDstaddr: '10.0.1.145',
      tcpFlags: 3,
    });
  });

  it('takes the format string of the flow log for records without a header', () => {
    // Prepare
    const format = formatString(PLANNER_FLOW_FIELDS);

    // Act
    const [record] = readFlowLogs(CUSTOM_LINE, { format });

    // Assess
    expect(record?.dstport).toBe(10251);
  });

  it('reads the messages of a filter-log-events export', () => {
    // Prepare
    const text = JSON.stringify({
      events: [{ logStreamName: 'eni-0f1e2d3c4b5a6d101-all', timestamp: 1, message: DEFAULT_LINE }],
    });

    // Act
    const records = readFlowLogs(text);

    // Assess
    expect(records).toHaveLength(1);
    expect(records[0]?.srcport).toBe(40001);
  });

  it('reads Logs Insights results by the discovered field names of the default format', () => {
    // Prepare
    const row = [
      { field: 'srcAddr', value: '10.0.1.10' },
      { field: 'dstAddr', value: '10.0.1.23' },
      { field: 'srcPort', value: '40001' },
      { field: 'dstPort', value: '10250' },
      { field: 'protocol', value: '6' },
      { field: 'action', value: 'ACCEPT' },
      { field: 'logStatus', value: 'OK' },
      { field: 'interfaceId', value: 'eni-0f1e2d3c4b5a6d101' },
      { field: 'start', value: '1795482000' },
    ];

    // Act
    const [record] = readFlowLogs(JSON.stringify({ results: [row] }));

    // Assess
    expect(record).toMatchObject({
      srcaddr: '10.0.1.10',
      dstport: 10250,
      interfaceId: 'eni-0f1e2d3c4b5a6d101',
      start: 1795482000,
    });
  });

  it('parses the @message of Logs Insights rows that carry the raw record', () => {
    // Act
    const [record] = readFlowLogs(
      JSON.stringify({ results: [[{ field: '@message', value: CUSTOM_LINE }]] }),
    );

    // Assess
    expect(record?.pktDstaddr).toBe('10.0.1.145');
  });

  it('names the line whose field count does not match the format', () => {
    // Act
    const read = () => readFlowLogs(`${DEFAULT_LINE}\n2 too short\n`, { label: 'flows.txt' });

    // Assess
    expect(read).toThrow(InputError);
    expect(read).toThrow(/flows\.txt line 2: 3 fields where the flow-log format has 14/);
  });

  it('refuses a number field that is not a number, naming it', () => {
    // Act
    const read = () => readFlowLogs('srcaddr dstaddr dstport\n10.0.0.1 10.0.0.2 https\n');

    // Assess
    expect(read).toThrow(/dstport "https" is not a number/);
  });

  it('reads a single-spaced record exactly as the same record separated by other white space', () => {
    // Prepare: dashes, an empty field (two spaces), a number in exponent form, leading zeros.
    const header = 'srcaddr dstaddr srcport dstport protocol packets start end action log-status';
    const spaced = '10.0.0.1 - 040000 9443 6 1e3 1700000000 1700000060 ACCEPT OK';
    const tabbed = spaced.replaceAll(' ', '\t');
    const doubled = '10.0.0.1  040000 9443 6 1e3 1700000000 1700000060 ACCEPT OK';

    // Act
    const [fast] = readFlowLogs(`${header}\n${spaced}\n`);
    const [general] = readFlowLogs(`${header}\n${tabbed}\n`);
    const [empty] = readFlowLogs(`${header}\n${doubled}\n`);

    // Assess
    expect(fast).toEqual(general);
    expect(fast).toMatchObject({ dstaddr: null, srcport: 40000, packets: 1000, action: 'ACCEPT' });
    expect(empty).toEqual(fast);
  });

  it('reads a JSON export after leading white space of any kind, as before', () => {
    // Act
    const records = readFlowLogs(`\u00a0\n {"events":[{"message":"${DEFAULT_LINE}"}]}`);

    // Assess
    expect(records).toHaveLength(1);
  });

  it('reads action, log-status and flow-direction words in either case the formats use, and keeps each interface ID apart', () => {
    // Prepare
    const header = 'interface-id srcaddr dstaddr action log-status flow-direction';
    const lines = [
      'eni-a 10.0.0.1 10.0.0.2 accept OK ingress',
      'eni-b 10.0.0.1 10.0.0.2 reject NODATA egress',
      'eni-a 10.0.0.1 10.0.0.2 - SKIPDATA sideways',
      'eni-ab 10.0.0.1 10.0.0.2 ACCEPTED ok -',
    ];

    // Act
    const records = readFlowLogs([header, ...lines].join('\n'));

    // Assess
    expect(records.map((r) => [r.interfaceId, r.action, r.logStatus, r.flowDirection])).toEqual([
      ['eni-a', 'ACCEPT', 'OK', 'ingress'],
      ['eni-b', 'REJECT', 'NODATA', 'egress'],
      ['eni-a', null, 'SKIPDATA', null],
      ['eni-ab', null, null, null],
    ]);
  });
});
