import fc from 'fast-check';

/** Slack control sequences, markup, line breaks and bidi overrides a log line could carry. */
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
  'é',
  '😀',
] as const;

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
