import { InputError } from '#core/errors.ts';
import type { FlowRecord } from '#core/plan/flow-record.ts';

/** The fields a record is built from, in the order {@link parseNumberedLine} reads them. */
const KNOWN = [
  'interface-id',
  'srcaddr',
  'dstaddr',
  'pkt-srcaddr',
  'pkt-dstaddr',
  'srcport',
  'dstport',
  'protocol',
  'packets',
  'start',
  'end',
  'action',
  'log-status',
  'tcp-flags',
  'flow-direction',
] as const;

const positions = new WeakMap<readonly string[], Int32Array>();

/** Where each field of {@link KNOWN} sits in `fields` (-1: absent), computed once per format. */
let lastFields: readonly string[] | null = null;
let lastIndex: Int32Array = new Int32Array(0);

function positionsOf(fields: readonly string[]): Int32Array {
  // One format for a whole file: remember the last one instead of a WeakMap lookup per line.
  if (fields === lastFields) return lastIndex;
  let index = positions.get(fields);
  if (!index) {
    index = Int32Array.from(KNOWN, (name) => fields.indexOf(name));
    positions.set(fields, index);
  }
  lastFields = fields;
  lastIndex = index;
  return index;
}

/**
 * Parses one space-separated record with `fields` (the format, in order).
 *
 * @throws InputError when the record has another number of fields than the format.
 * @example
 * parseFlowLine('2 123 eni-1 10.0.0.1 10.0.1.5 40000 443 6 3 180 1700000000 1700000060 ACCEPT OK', DEFAULT_FLOW_FIELDS, 'line 1').dstport; // 443
 */
export function parseFlowLine(line: string, fields: readonly string[], where: string): FlowRecord {
  return parseNumberedLine(line, fields, where, 0);
}

/**
 * {@link parseFlowLine} for line `n` of `label` (named `label line n` in errors; `n` 0: `label`
 * alone), without building that name unless there is an error.
 *
 * @throws InputError as {@link parseFlowLine}.
 * @example
 * parseNumberedLine(text, DEFAULT_FLOW_FIELDS, 'flows.txt', 12);
 */
export function parseNumberedLine(
  line: string,
  fields: readonly string[],
  label: string,
  n: number,
): FlowRecord {
  // Records are single-space separated; other whitespace falls back to the general split.
  let parts = line.split(' ');
  if (parts.length !== fields.length) parts = line.trim().split(/\s+/);
  if (parts.length !== fields.length) {
    throw new InputError(
      `${whereOf(label, n)}: ${parts.length} fields where the flow-log format has ${fields.length} (give the format with --flow-log-format, or a header line)`,
    );
  }
  const at = positionsOf(fields);
  const action = str(parts, at[11] ?? -1);
  const status = str(parts, at[12] ?? -1);
  const direction = str(parts, at[14] ?? -1);
  return {
    interfaceId: str(parts, at[0] ?? -1),
    srcaddr: str(parts, at[1] ?? -1),
    dstaddr: str(parts, at[2] ?? -1),
    pktSrcaddr: str(parts, at[3] ?? -1),
    pktDstaddr: str(parts, at[4] ?? -1),
    srcport: num(parts, at, 5, label, n),
    dstport: num(parts, at, 6, label, n),
    protocol: num(parts, at, 7, label, n),
    packets: num(parts, at, 8, label, n),
    start: num(parts, at, 9, label, n),
    end: num(parts, at, 10, label, n),
    action: actionOf(action),
    logStatus: status === 'OK' || status === 'NODATA' || status === 'SKIPDATA' ? status : null,
    tcpFlags: num(parts, at, 13, label, n),
    flowDirection: direction === 'ingress' || direction === 'egress' ? direction : null,
  };
}

function whereOf(label: string, n: number): string {
  return n === 0 ? label : `${label} line ${n}`;
}

function str(parts: readonly string[], i: number): string | null {
  if (i < 0) return null;
  const value = parts[i];
  return value === undefined || value === '-' || value === '' ? null : value;
}

function num(
  parts: readonly string[],
  at: Int32Array,
  k: number,
  label: string,
  n: number,
): number | null {
  const value = str(parts, at[k] ?? -1);
  if (value === null) return null;
  const parsed = Number(value);
  if (!Number.isFinite(parsed)) {
    throw new InputError(
      `${whereOf(label, n)}: ${KNOWN[k] ?? 'a field'} "${value}" is not a number`,
    );
  }
  return parsed;
}

function actionOf(action: string | null): FlowRecord['action'] {
  if (action === 'ACCEPT' || action === 'accept') return 'ACCEPT';
  if (action === 'REJECT' || action === 'reject') return 'REJECT';
  return null;
}
