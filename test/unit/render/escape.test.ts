import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  asciiText,
  clip,
  hclString,
  jsonText,
  markdownText,
  mermaidLabel,
  messageValue,
  neutralise,
  plainLines,
  plainText,
  shellQuote,
  slackCode,
  slackPlain,
  slackProse,
} from '#render/escape.ts';
import { hostileText } from '#test/helpers/hostile.ts';

// `&` may appear only as the start of one of the three entities the escaper writes.
const BARE_AMPERSAND = /&(?!amp;|lt;|gt;)/;

describe('slackCode', () => {
  it('wraps a value in one code span with mentions, links and backticks neutralised', () => {
    // Act
    const rendered = slackCode('<!channel> `x` <https://evil.example|click>');

    // Assess
    expect(rendered).toBe('`&lt;!channel&gt; ˋxˋ &lt;https://evil.example|click&gt;`');
  });

  it('renders an empty value as (none), since Slack does not show an empty span', () => {
    // Act / Assess
    expect(slackCode('')).toBe('`(none)`');
  });

  it('never lets any text open a mention or link, close the span or break the line', () => {
    fc.assert(
      fc.property(hostileText(), fc.integer({ min: 1, max: 300 }), (text, max) => {
        // Act
        const rendered = slackCode(text, max);

        // Assess
        expect(rendered).toMatch(/^`[^`<>\r\n\u2028\u2029]+`$/);
        expect(rendered).not.toMatch(BARE_AMPERSAND);
      }),
    );
  });
});

describe('slackProse', () => {
  it('escapes mentions and swaps formatting characters for look-alikes', () => {
    // Act
    const rendered = slackProse('ping <!here> *now* _or_ ~never~ `x` & more');

    // Assess
    expect(rendered).toBe('ping &lt;!here&gt; ∗now∗ ˍorˍ ∼never∼ ˋxˋ &amp; more');
  });

  it('never emits markup, a mention, a link or a line break for any text', () => {
    fc.assert(
      fc.property(hostileText(), (text) => {
        // Act
        const rendered = slackProse(text);

        // Assess
        expect(rendered).not.toMatch(/[<>*_~`\r\n\u2028\u2029\u202e]/);
        expect(rendered).not.toMatch(BARE_AMPERSAND);
      }),
    );
  });
});

describe('slackPlain and asciiText', () => {
  it('keeps plain text on one line, within its limit and free of angle brackets', () => {
    fc.assert(
      fc.property(hostileText(), fc.integer({ min: 1, max: 150 }), (text, max) => {
        // Act
        const rendered = slackPlain(text, max);

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
        const subject = asciiText(text, 99);

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

// Every character the one set names, one of each kind.
const UNSAFE_SAMPLES = [
  '\u0000',
  '\u0007',
  '\t',
  '\n',
  '\r',
  '\u001b',
  '\u007f',
  '\u0085',
  '\u009b',
  '\u2028',
  '\u2029',
  '\u200e',
  '\u200f',
  '\u061c',
  '\u202a',
  '\u202b',
  '\u202c',
  '\u202d',
  '\u202e',
  '\u2066',
  '\u2067',
  '\u2068',
  '\u2069',
] as const;
// The same set, written independently of the module under test.
const UNSAFE_ANYWHERE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
  /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]/;

describe('neutralise', () => {
  it.each(UNSAFE_SAMPLES)('replaces U+%s with a space', (ch) => {
    // Act / Assess
    expect(neutralise(`a${ch}b`)).toBe('a b');
  });

  it('keeps line feeds, and tabs when asked, and nothing else of the set', () => {
    // Prepare
    const text = UNSAFE_SAMPLES.join('');

    // Act
    const lines = neutralise(text, 'newlines');
    const tabbed = neutralise(text, 'newlines-and-tabs');

    // Assess
    expect(lines.replace(/ /g, '')).toBe('\n');
    expect(tabbed.replace(/ /g, '')).toBe('\t\n');
  });

  it('leaves ordinary Unicode (accents, emoji, right-to-left letters) alone', () => {
    // Act / Assess
    expect(neutralise('é 😀 שלום ‹›')).toBe('é 😀 שלום ‹›');
  });
});

describe('plainText and plainLines', () => {
  it('puts a bidi override and a line separator on the terminal as spaces', () => {
    // Act / Assess
    expect(plainText('evil\u202etxt.exe\u2028second')).toBe('evil txt.exe second');
    expect(plainLines('one\ntwo\u202e\u2029three')).toBe('one\ntwo  three');
  });

  it('never lets any text through with an unsafe character', () => {
    fc.assert(
      fc.property(hostileText(), (text) => {
        // Act / Assess
        expect(plainText(text)).not.toMatch(UNSAFE_ANYWHERE);
        expect(plainLines(text).replaceAll('\n', '')).not.toMatch(UNSAFE_ANYWHERE);
      }),
    );
  });
});

describe('markdownText', () => {
  it('escapes links, images, HTML, cells, GitHub mentions and math', () => {
    // Act / Assess
    expect(markdownText('[x](y) ![i](j) <b> a|b @team $x$')).toBe(
      '\\[x\\]\\(y\\) \\!\\[i\\]\\(j\\) \\<b\\> a\\|b \\@team \\$x\\$',
    );
  });
});

describe('messageValue', () => {
  it('quotes a value for a message on one line, clipped', () => {
    // Act / Assess
    expect(messageValue('sg-1\n$(id)\u202e')).toBe('"sg-1 $(id) "');
    expect(messageValue('x'.repeat(100), 10)).toBe(`"${'x'.repeat(9)}…"`);
  });
});

describe('jsonText', () => {
  it('writes the unsafe characters JSON leaves raw as \\u escapes, keeping the value', () => {
    // Prepare
    const value = { a: 'x\u202ey\u2028z\u0085', b: ['\u2066'] };

    // Act
    const text = jsonText(value, 2);

    // Assess
    expect(text).toContain('"x\\u202ey\\u2028z\\u0085"');
    expect(text).not.toMatch(/[\u202e\u2028\u0085\u2066]/);
    expect(JSON.parse(text)).toEqual(value);
  });

  it('round-trips any hostile value with no unsafe character in the text', () => {
    fc.assert(
      fc.property(hostileText(), (text) => {
        // Act
        const json = jsonText({ text });

        // Assess
        expect(json).not.toMatch(UNSAFE_ANYWHERE);
        expect(JSON.parse(json)).toEqual({ text });
      }),
    );
  });
});

describe('hclString and shellQuote on unsafe characters', () => {
  it('writes bidi and separator characters in HCL as \\u escapes', () => {
    // Act / Assess
    expect(hclString('a\u202eb\u2028c\u061c')).toBe('"a\\u202eb\\u2028c\\u061c"');
  });

  it('replaces unsafe characters in a shell word with spaces, so the script reads as it runs', () => {
    // Act / Assess
    expect(shellQuote("rm\u202e -rf '\n")).toBe("'rm  -rf '\\'' '");
  });
});

describe('mermaidLabel', () => {
  it('keeps a Mermaid label inside its quotes: no quote, bracket, pipe, percent or semicolon survives', () => {
    // Act
    const label = mermaidLabel('sg-1"]; click n0 "https://x" %%{init}%% |a|');

    // Assess
    expect(label).toBe('sg-1___ click n0 _https://x_ ___init___ _a_');
    expect(label).not.toMatch(/["[\]{}|%;<>]/);
  });
});
