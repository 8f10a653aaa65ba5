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
  // Records are single-space separated: read the fields in place, from the spaces' offsets,
  // without splitting the line. Other whitespace falls back to the general split.
  const spaces = spacesOf(line, fields.length);
  if (spaces === null) return parseParts(splitLine(line, fields, label, n), fields, label, n);
  const at = positionsOf(fields);
  const field = (k: number): number => at[k] ?? -1;
  const begin = (i: number): number => (i === 0 ? 0 : (spaces[i - 1] ?? 0) + 1);
  const finish = (i: number): number => (i === fields.length - 1 ? line.length : (spaces[i] ?? 0));
  const text = (k: number): string | null => {
    const i = field(k);
    if (i < 0) return null;
    const s = begin(i);
    const e = finish(i);
    if (e === s || (e === s + 1 && line.charCodeAt(s) === 45)) return null; // '' or '-'
    return line.slice(s, e);
  };
  const number = (k: number): number | null => {
    const i = field(k);
    if (i < 0) return null;
    const s = begin(i);
    const e = finish(i);
    if (e === s || (e === s + 1 && line.charCodeAt(s) === 45)) return null;
    if (e - s <= 15) {
      let value = 0;
      let j = s;
      for (; j < e; j++) {
        const d = line.charCodeAt(j) - 48;
        if (d < 0 || d > 9) break;
        value = value * 10 + d;
      }
      if (j === e) return value;
    }
    return checkedNumber(line.slice(s, e), k, label, n);
  };
  // The few words of action, log-status and flow-direction are matched in place, and the
  // interface IDs (a handful per export) reuse one string each: no copy per record, and the
  // callers' sets and maps see a string whose hash is already known.
  const word = (k: number, words: readonly string[]): string | null => {
    const i = field(k);
    if (i < 0) return null;
    const s = begin(i);
    const length = finish(i) - s;
    for (const w of words) if (w.length === length && line.startsWith(w, s)) return w;
    return null;
  };
  const action = word(11, ACTIONS);
  const status = word(12, STATUSES);
  const direction = word(14, DIRECTIONS);
  return {
    interfaceId: recent(text(0)),
    srcaddr: text(1),
    dstaddr: text(2),
    pktSrcaddr: text(3),
    pktDstaddr: text(4),
    srcport: number(5),
    dstport: number(6),
    protocol: number(7),
    packets: number(8),
    start: number(9),
    end: number(10),
    action: actionOf(action),
    logStatus: status === 'OK' || status === 'NODATA' || status === 'SKIPDATA' ? status : null,
    tcpFlags: number(13),
    flowDirection: direction === 'ingress' || direction === 'egress' ? direction : null,
  };
}

const ACTIONS = ['ACCEPT', 'REJECT', 'accept', 'reject'];
const STATUSES = ['OK', 'NODATA', 'SKIPDATA'];
const DIRECTIONS = ['ingress', 'egress'];

// The interface IDs seen last, most recent first (records of a few streams interleave).
const recentIds: string[] = [];

/** The same string object for an interface ID seen among the last few, else `id` remembered. */
function recent(id: string | null): string | null {
  if (id === null) return null;
  for (const known of recentIds) if (known === id) return known;
  recentIds.unshift(id);
  if (recentIds.length > 8) recentIds.pop();
  return id;
}

// The offsets of a line's spaces, reused from line to line (one format per file).
let spaceOffsets = new Int32Array(32);

/** The offsets of the single spaces between `count` fields, or null when the line has another shape. */
function spacesOf(line: string, count: number): Int32Array | null {
  if (spaceOffsets.length < count) spaceOffsets = new Int32Array(count * 2);
  let found = 0;
  for (let i = line.indexOf(' '); i !== -1; i = line.indexOf(' ', i + 1)) {
    if (found === count - 1) return null;
    spaceOffsets[found++] = i;
  }
  return found === count - 1 ? spaceOffsets : null;
}

function splitLine(line: string, fields: readonly string[], label: string, n: number): string[] {
  let parts = line.split(' ');
  if (parts.length !== fields.length) parts = line.trim().split(/\s+/);
  if (parts.length !== fields.length) {
    throw new InputError(
      `${whereOf(label, n)}: ${parts.length} fields where the flow-log format has ${fields.length} (give the format with --flow-log-format, or a header line)`,
    );
  }
  return parts;
}

function parseParts(
  parts: readonly string[],
  fields: readonly string[],
  label: string,
  n: number,
): FlowRecord {
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
  return value === null ? null : checkedNumber(value, k, label, n);
}

function checkedNumber(value: string, k: number, label: string, n: number): number {
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
