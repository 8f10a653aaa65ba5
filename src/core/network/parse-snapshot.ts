import * as z from 'zod/mini';
import { InputError } from '#core/errors.ts';
import { checkSnapshot } from '#core/network/snapshot-checks.ts';
import {
  type NetworkSnapshot,
  networkSnapshotSchema,
  SECTION_SOURCES,
} from '#core/network/snapshot-schema.ts';

/**
 * Validates a parsed snapshot file and returns it typed.
 *
 * @param data the parsed JSON.
 * @param label how to name the input in errors (usually the file name).
 * @throws InputError with one line naming the first problem: the missing section, the path of
 *   the field with the wrong type or format, or an inconsistency (see `checkSnapshot`), e.g.
 *   `network snapshot net.json: networkInterfaces.NetworkInterfaces[2].Groups[0].GroupId: expected a security group ID (sg-<hex>), got "default"`.
 * @example
 * const snapshot = parseNetworkSnapshot(JSON.parse(text), 'net.json');
 */
export function parseNetworkSnapshot(data: unknown, label: string): NetworkSnapshot {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new InputError(`network snapshot ${label}: expected a JSON object, got ${typeOf(data)}`);
  }
  const result = z.safeParse(networkSnapshotSchema(), data, { reportInput: true });
  if (result.success) {
    checkSnapshot(result.data, label);
    return result.data;
  }
  const issue = result.error.issues[0];
  throw new InputError(`network snapshot ${label}: ${issue ? describeIssue(issue) : 'invalid'}`);
}

/**
 * Reads snapshot text (JSON) and validates it.
 *
 * @throws InputError when the text is not JSON or the snapshot is invalid.
 * @example
 * readNetworkSnapshot(readFileSync('net.json', 'utf8'), 'net.json').cluster.cluster.name;
 */
export function readNetworkSnapshot(text: string, label: string): NetworkSnapshot {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new InputError(`network snapshot ${label} is not valid JSON: ${why}`, { cause: error });
  }
  return parseNetworkSnapshot(data, label);
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const path = pathText(issue.path);
  const input = 'input' in issue ? issue.input : undefined;
  if (issue.path.length === 1 && input === undefined) {
    const section = String(issue.path[0]);
    return `missing section "${section}" (${SECTION_SOURCES[section] ?? 'see the README'})`;
  }
  if (input === undefined) return `${path}: missing`;
  if (issue.code === 'invalid_type') {
    return `${path}: expected ${issue.expected === 'int' ? 'an integer' : issue.expected}, got ${typeOf(input)}`;
  }
  return `${path}: ${issue.message}, got ${preview(input)}`;
}

function pathText(path: readonly PropertyKey[]): string {
  let text = '';
  for (const key of path) {
    if (typeof key === 'number') text += `[${key}]`;
    else text += text === '' ? String(key) : `.${String(key)}`;
  }
  return text === '' ? '(top level)' : text;
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return `a string ${preview(value)}`;
  return `${typeof value} ${String(value)}`;
}

// The value as written, clipped and quoted as JSON so it cannot end the message. Core keeps the raw
// text: the outputs (the CLI's error line, the Lambda's JSON logs) neutralise what is unsafe.
function preview(value: unknown): string {
  const text = (typeof value === 'string' ? value : JSON.stringify(value)) ?? String(value);
  return JSON.stringify(text.length > 60 ? `${text.slice(0, 59)}…` : text);
}
