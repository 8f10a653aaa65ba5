import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ascii, clip, code, plain, prose } from '#notifiers/escape.ts';
import { hostileText } from '#test/helpers/hostile.ts';

// `&` may appear only as the start of one of the three entities the escaper writes.
const BARE_AMPERSAND = /&(?!amp;|lt;|gt;)/;

describe('code', () => {
  it('wraps a value in one code span with mentions, links and backticks neutralised', () => {
    // Act
    const rendered = code('<!channel> `x` <https://evil.example|click>');

    // Assess
    expect(rendered).toBe('`&lt;!channel&gt; ˋxˋ &lt;https://evil.example|click&gt;`');
  });

  it('renders an empty value as (none), since Slack does not show an empty span', () => {
    // Act / Assess
    expect(code('')).toBe('`(none)`');
  });

  it('never lets any text open a mention or link, close the span or break the line', () => {
    fc.assert(
      fc.property(hostileText(), fc.integer({ min: 1, max: 300 }), (text, max) => {
        // Act
        const rendered = code(text, max);

        // Assess
        expect(rendered).toMatch(/^`[^`<>\r\n\u2028\u2029]+`$/);
        expect(rendered).not.toMatch(BARE_AMPERSAND);
      }),
    );
  });
});

describe('prose', () => {
  it('escapes mentions and swaps formatting characters for look-alikes', () => {
    // Act
    const rendered = prose('ping <!here> *now* _or_ ~never~ `x` & more');

    // Assess
    expect(rendered).toBe('ping &lt;!here&gt; ∗now∗ ˍorˍ ∼never∼ ˋxˋ &amp; more');
  });

  it('never emits markup, a mention, a link or a line break for any text', () => {
    fc.assert(
      fc.property(hostileText(), (text) => {
        // Act
        const rendered = prose(text);

        // Assess
        expect(rendered).not.toMatch(/[<>*_~`\r\n\u2028\u2029\u202e]/);
        expect(rendered).not.toMatch(BARE_AMPERSAND);
      }),
    );
  });
});

describe('plain and ascii', () => {
  it('keeps plain text on one line, within its limit and free of angle brackets', () => {
    fc.assert(
      fc.property(hostileText(), fc.integer({ min: 1, max: 150 }), (text, max) => {
        // Act
        const rendered = plain(text, max);

        // Assess
        expect(rendered.length).toBeLessThanOrEqual(max);
        expect(rendered).not.toMatch(/[<>\r\n]/);
      }),
    );
  });

  it('makes SNS subjects printable ASCII within the limit', () => {
    fc.assert(
      fc.property(hostileText(30), (text) => {
        // Act
        const subject = ascii(text, 99);

        // Assess
        expect(subject).toMatch(/^[\x20-\x7e]{0,99}$/);
      }),
    );
  });
});

describe('clip', () => {
  it('cuts with an ellipsis and never splits a surrogate pair', () => {
    // Act / Assess
    expect(clip('abcdef', 4)).toBe('abc…');
    expect(clip('ab😀cd', 4)).toBe('ab…');
    expect(clip('abc', 3)).toBe('abc');
  });
});
