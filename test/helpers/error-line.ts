import { expect } from 'vitest';

/**
 * Asserts what a failed CLI run printed: the last stderr line is the one-line diagnosis
 * `eks-sg-advisor <command>: <operation>: ...` and nothing looks like a stack trace. Progress
 * lines may come before it. Returns the line.
 *
 * @example
 * const line = expectErrorLine(run.stderr, 'snapshot', 'DescribeNetworkInterfaces');
 */
export function expectErrorLine(stderr: string, command: string, operation: string): string {
  const lines = stderr.trimEnd().split('\n');
  const last = lines[lines.length - 1] ?? '';
  expect(stderr).not.toMatch(/^\s+at /m);
  expect(stderr).not.toMatch(/^eks-sg-advisor: internal error/m);
  expect(last.startsWith(`eks-sg-advisor ${command}: ${operation}`)).toBe(true);
  return last;
}
