/**
 * Quotes a value for a POSIX shell: single quotes around it, each `'` written as `'\''`.
 * Nothing inside single quotes is expanded, so any text is safe.
 *
 * @example
 * shellQuote("it's"); // "'it'\\''s'"
 */
export function shellQuote(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

/**
 * A double-quoted HCL string literal: escapes `\`, `"`, line breaks and control characters, and
 * doubles the template sequences `${` and `%{` so Terraform reads them literally.
 *
 * @example
 * hclString('a ${b} %{c}'); // '"a $${b} %%{c}"'
 */
export function hclString(value: string): string {
  let out = '';
  for (const ch of value) {
    const code = ch.codePointAt(0) ?? 0;
    if (ch === '\\') out += '\\\\';
    else if (ch === '"') out += '\\"';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) {
      out += `\\u${code.toString(16).padStart(4, '0')}`;
    } else out += ch;
  }
  // A function replacement: in a replacement string `$$` would mean a single `$`.
  return `"${out.replace(/([$%])\{/g, (_match, sigil: string) => `${sigil}${sigil}{`)}"`;
}

/**
 * Text with control characters (including ESC, so no terminal escape sequence survives) replaced
 * by spaces, for a terminal.
 *
 * @example
 * plainText('a\u001b[31mb'); // 'a [31mb'
 */
export function plainText(value: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point
  return value.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ');
}

/**
 * Text safe in Markdown prose and table cells: control characters removed and every ASCII
 * punctuation character that Markdown or HTML could interpret backslash-escaped.
 *
 * @example
 * markdownText('a|b *c*'); // 'a\\|b \\*c\\*'
 */
export function markdownText(value: string): string {
  return plainText(value).replace(/[\\`*_{}[\]()<>#+\-!|~&]/g, (ch) => `\\${ch}`);
}
