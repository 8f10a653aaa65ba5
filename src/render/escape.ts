/**
 * The one escaping and quoting module: every output (terminal text, email, Markdown, JSON, shell,
 * HCL, Slack mrkdwn and Amazon Q Developer `client-markdown`, SNS subjects) writes untrusted text
 * through exactly one function here. One set, defined once below, names the characters no output
 * shows raw: C0 controls (except a line feed, and a tab, where the format allows them), DEL, C1
 * controls, the line and paragraph separators U+2028/U+2029, and the bidi marks, embeddings,
 * overrides and isolates (U+200E/U+200F, U+061C, U+202A–U+202E, U+2066–U+2069) that can make text
 * read differently from what it is. Text outputs replace them with spaces ({@link neutralise});
 * JSON and HCL, whose escapes keep the value, write them as `\uXXXX`; SNS subjects keep printable
 * ASCII only.
 */

// The set, as regular-expression class ranges: C0 (split around tab and line feed so those can be
// kept), DEL and C1, the line and paragraph separators, the bidi marks (LRM, RLM, ALM), the
// embeddings and overrides (LRE..RLO) and the isolates (LRI..PDI).
const C0_BEFORE_TAB = '\\u0000-\\u0008';
const TAB = '\\u0009';
const LINE_FEED = '\\u000a';
const C0_AFTER_LINE_FEED = '\\u000b-\\u001f';
const OTHERS = '\\u007f-\\u009f\\u2028\\u2029\\u200e\\u200f\\u061c\\u202a-\\u202e\\u2066-\\u2069';

function unsafeSet(keepTab: boolean, keepLineFeed: boolean): RegExp {
  const ranges = `${C0_BEFORE_TAB}${keepTab ? '' : TAB}${keepLineFeed ? '' : LINE_FEED}${C0_AFTER_LINE_FEED}${OTHERS}`;
  return new RegExp(`[${ranges}]`, 'g');
}

const UNSAFE = unsafeSet(false, false);
const UNSAFE_KEEP_LF = unsafeSet(false, true);
const UNSAFE_KEEP_LF_TAB = unsafeSet(true, true);

/** Which layout characters an output keeps: none, line feeds, or line feeds and tabs. */
export type LayoutAllowed = 'none' | 'newlines' | 'newlines-and-tabs';

/**
 * Replaces every unsafe character (see the module comment) with a space: what every text output
 * (terminal, email, Markdown, shell, Slack) does with them.
 *
 * @example
 * neutralise('a\nb\u202ec'); // 'a b c'
 * neutralise('a\nb\u202ec', 'newlines'); // 'a\nb c'
 */
export function neutralise(text: string, allowed: LayoutAllowed = 'none'): string {
  const set =
    allowed === 'none' ? UNSAFE : allowed === 'newlines' ? UNSAFE_KEEP_LF : UNSAFE_KEEP_LF_TAB;
  return text.replace(set, ' ');
}

/**
 * Clips `text` to at most `max` UTF-16 units, ending with `…` when cut, never splitting a
 * surrogate pair.
 *
 * @example
 * clip('abcdef', 4); // 'abc…'
 */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = Math.max(0, max - 1);
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return `${text.slice(0, end)}…`;
}

/**
 * Plain text on one line, for a terminal or an email: every unsafe character (including ESC, so
 * no terminal escape sequence survives, and line breaks, so no line can be forged) becomes a space.
 *
 * @example
 * plainText('a\u001b[31mb\u202ec'); // 'a [31mb c'
 */
export function plainText(value: string): string {
  return neutralise(value);
}

/**
 * Plain text over several lines, for a terminal: as {@link plainText} but line feeds (and, when
 * asked, tabs) are kept.
 *
 * @example
 * plainLines('a\nb\u202e\tc'); // 'a\nb  c'
 */
export function plainLines(
  value: string,
  allowed: 'newlines' | 'newlines-and-tabs' = 'newlines',
): string {
  return neutralise(value, allowed);
}

/**
 * A value quoted inside an error or refusal message: clipped to `max` characters, made
 * {@link plainText} and written as a JSON string, so it stands out and cannot end the message.
 *
 * @example
 * messageValue('sg-1\n$(id)'); // '"sg-1 $(id)"'
 */
export function messageValue(value: string, max = 60): string {
  return JSON.stringify(plainText(clip(value, max)));
}

/**
 * Quotes a value for a POSIX shell: single quotes around it, each `'` written as `'\''`. Nothing
 * inside single quotes is expanded, so any text is inert; unsafe characters become spaces so a
 * reader of the script sees what runs.
 *
 * @example
 * shellQuote("it's"); // "'it'\\''s'"
 */
export function shellQuote(value: string): string {
  return `'${plainText(value).replaceAll("'", `'\\''`)}'`;
}

/**
 * A double-quoted HCL string literal: `\\` and `"` escaped, the unsafe characters written as HCL
 * escapes (`\\n`, `\\r`, `\\t`, `\\uXXXX`; the value Terraform reads is unchanged) and the
 * template sequences `${` and `%{` doubled so Terraform reads them literally.
 *
 * @example
 * hclString('a ${b} %{c}\n'); // '"a $${b} %%{c}\\n"'
 */
export function hclString(value: string): string {
  const text = value
    .replaceAll('\\', '\\\\')
    .replaceAll('"', '\\"')
    .replace(UNSAFE, (ch) =>
      ch === '\n' ? '\\n' : ch === '\r' ? '\\r' : ch === '\t' ? '\\t' : unicodeEscape(ch),
    );
  // A function replacement: in a replacement string `$$` would mean a single `$`.
  return `"${text.replace(/([$%])\{/g, (_match, sigil: string) => `${sigil}${sigil}{`)}"`;
}

/**
 * Text safe in Markdown prose and table cells: {@link plainText}, then every ASCII punctuation
 * character that Markdown, HTML or GitHub could interpret backslash-escaped (no link, image, HTML
 * tag, emphasis, code span, table cell, `@` mention or `$` math can start inside it).
 *
 * @example
 * markdownText('a|b *c*'); // 'a\\|b \\*c\\*'
 */
export function markdownText(value: string): string {
  return plainText(value).replace(/[\\`*_{}[\]()<>#+\-!|~&@$]/g, (ch) => `\\${ch}`);
}

/**
 * A value as JSON text (`JSON.stringify` with `indent`), with the unsafe characters JSON leaves
 * raw (DEL, C1, U+2028/U+2029, bidi controls) written as `\uXXXX` escapes: the parsed value is
 * unchanged, the text shows nothing that reorders or breaks lines.
 *
 * @example
 * jsonText({ a: 'x\u202ey' }); // '{"a":"x\\u202ey"}'
 */
export function jsonText(value: unknown, indent?: number): string {
  // JSON.stringify escapes C0 inside strings, so a line feed left in its text is layout.
  return JSON.stringify(value, null, indent).replace(UNSAFE_KEEP_LF, unicodeEscape);
}

/**
 * A log-derived value as a Slack mrkdwn inline code span (also Amazon Q Developer
 * `client-markdown`): one line, clipped to `max`, `&<>` entity-escaped, backticks replaced by `ˋ`
 * (U+02CB) so it cannot close the span. An empty value renders as `(none)` (Slack does not render
 * an empty span).
 *
 * @example
 * slackCode('<!channel> *hi*'); // '`&lt;!channel&gt; *hi*`'
 */
export function slackCode(value: string, max = 200): string {
  const text = clip(plainText(value), max).replaceAll('`', 'ˋ');
  return `\`${entities(text.trim() === '' ? '(none)' : text)}\``;
}

/**
 * Log-derived prose (a reason sentence) as Slack mrkdwn: one line, clipped, `&<>`
 * entity-escaped and the formatting characters swapped for look-alikes (`*`→`∗`, `_`→`ˍ`,
 * `~`→`∼`, `` ` ``→`ˋ`), so it reads the same and can neither format, link nor mention.
 *
 * @example
 * slackProse('see <https://x|here> *now*'); // 'see &lt;https://x|here&gt; ∗now∗'
 */
export function slackProse(value: string, max = 1000): string {
  const text = clip(plainText(value), max)
    .replaceAll('*', '∗')
    .replaceAll('_', 'ˍ')
    .replaceAll('~', '∼')
    .replaceAll('`', 'ˋ');
  return entities(text);
}

/**
 * A line of a Slack mrkdwn code block (our own commands): one line, backticks replaced so the
 * block cannot be closed, `&<>` entity-escaped (Slack parses them inside code blocks too).
 *
 * @example
 * slackCodeLine("aws ec2 x --y '<a>'"); // "aws ec2 x --y '&lt;a&gt;'"
 */
export function slackCodeLine(value: string): string {
  return entities(plainText(value).replaceAll('`', 'ˋ'));
}

/**
 * Text for Slack `plain_text` objects and other places that show text as is: one line, clipped,
 * and `<`/`>` replaced by `‹`/`›` so nothing downstream can read a mention or link into it.
 *
 * @example
 * slackPlain('prod <!here>', 150); // 'prod ‹!here›'
 */
export function slackPlain(value: string, max: number): string {
  return clip(plainText(value).replaceAll('<', '‹').replaceAll('>', '›'), max);
}

/**
 * Printable ASCII for SNS subjects: others become `?` (whitespace a space), spaces collapsed, at
 * most `max` characters (`...` when cut).
 *
 * @example
 * asciiText('prod\u00e9\n1', 99); // 'prod? 1'
 */
export function asciiText(value: string, max: number): string {
  const text = value
    .replace(/[^\x20-\x7e]/g, (ch) => (/\s/.test(ch) ? ' ' : '?'))
    .replace(/ {2,}/g, ' ')
    .trim();
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 3))}...`;
}

/**
 * A Mermaid node or edge label: only letters, digits, space and `./:,()-` are kept, others become
 * `_`, so no label can close its quotes, open a link or inject a directive (`%%{init}`, `click`).
 *
 * @example
 * mermaidLabel('sg-1"]; click x'); // 'sg-1___ click x'
 */
export function mermaidLabel(value: string): string {
  return value.replace(/[^A-Za-z0-9 ./:,()-]/g, '_');
}

function unicodeEscape(ch: string): string {
  return `\\u${(ch.codePointAt(0) ?? 0).toString(16).padStart(4, '0')}`;
}

function entities(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}
