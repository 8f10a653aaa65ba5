import fc from 'fast-check';

/**
 * Slack control sequences, Markdown/HTML, shell, HCL and YAML syntax, line breaks, C0/C1 controls
 * and bidi controls a log line (or a crafted snapshot) could carry.
 */
export const DANGEROUS_TOKENS = [
  '<!channel>',
  '<!here>',
  '<!everyone>',
  '<!subteam^S0123>',
  '<@U024BE7LH>',
  '<#C024BE7LR>',
  '<https://evil.example/login|click here>',
  '<mailto:a@evil.example|mail>',
  '*bold*',
  '_italic_',
  '~strike~',
  '`code`',
  '```block```',
  '&',
  '&lt;',
  '<',
  '>',
  '\n',
  '\r\n',
  '\u2028',
  '\u202e',
  '\u0000',
  "'",
  '"',
  '\\',
  '$(reboot)',
  '`id`',
  '[x](https://evil.example)',
  '![i](https://evil.example/i.png)',
  '<img src=x onerror=alert(1)>',
  '| cell |',
  '# heading',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a literal HCL interpolation is the point
  '${var.x}',
  '%{ if true }',
  '$${x}',
  ': &anchor *alias !!binary',
  '---',
  '- item',
  '{"a":1}',
  '\u001b[2J',
  '\u0085',
  '\u009b31m',
  '\u007f',
  '\t',
  '\r',
  '\u2029',
  '\u200e',
  '\u200f',
  '\u061c',
  '\u202a',
  '\u202d',
  '\u2066',
  '\u2069',
  'é',
  '😀',
  'שלום',
] as const;

/**
 * The characters no output may show raw: C0 controls, DEL, C1 controls, U+2028/U+2029 and the
 * bidi marks, embeddings, overrides and isolates (written here independently of the code).
 */
export const UNSAFE_CHAR =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
  /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]/;

/** As {@link UNSAFE_CHAR}, the line feed allowed (outputs of several lines). */
export const UNSAFE_CHAR_BUT_LF =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
  /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]/;

/** Strings made of dangerous tokens and arbitrary code units (lone surrogates included). */
export function hostileText(maxParts = 12): fc.Arbitrary<string> {
  return fc
    .array(
      fc.oneof(fc.constantFrom(...DANGEROUS_TOKENS), fc.string({ unit: 'binary', maxLength: 12 })),
      {
        maxLength: maxParts,
      },
    )
    .map((parts) => parts.join(''));
}
