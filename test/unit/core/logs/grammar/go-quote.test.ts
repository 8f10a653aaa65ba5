import { describe, expect, it } from 'vitest';
import { parseStructured, readGoQuoted } from '#core/logs/grammar/go-quote.ts';

describe('readGoQuoted', () => {
  it.each([
    ['"plain" rest', { value: 'plain', end: 7, closed: true }],
    ['"a \\"b\\" c"', { value: 'a "b" c', end: 11, closed: true }],
    ['"back\\\\slash"', { value: 'back\\slash', end: 13, closed: true }],
    ['"tab\\there\\nline"', { value: 'tab\there\nline', end: 17, closed: true }],
    ['"\\x41\\u00e9\\U0001F600"', { value: 'Aé😀', end: 22, closed: true }],
    ['"bad \\q and \\xZZ"', { value: 'bad q and xZZ', end: 17, closed: true }],
    ['"unterminated', { value: 'unterminated', end: 13, closed: false }],
    ['"ends in \\', { value: 'ends in \\', end: 10, closed: false }],
  ])('reads %j', (text, expected) => {
    // Act
    const read = readGoQuoted(text, 0);
    // Assess
    expect(read).toEqual(expected);
  });
});

describe('parseStructured', () => {
  it('reads quoted, bare and multi-line values in order', () => {
    // Act
    const parsed = parseStructured(
      '"changing" name="x \\"y\\"" count=3 err=<\n\tline one\n\t, line two\n > logger="L"',
    );
    // Assess
    expect(parsed?.msg).toBe('changing');
    expect([...(parsed?.fields ?? new Map())]).toEqual([
      ['name', 'x "y"'],
      ['count', '3'],
      ['err', 'line one\n, line two'],
      ['logger', 'L'],
    ]);
  });

  it('returns null for a message that is not structured', () => {
    expect(parseStructured('plain text')).toBeNull();
    expect(parseStructured('"unterminated message')).toBeNull();
  });
});
