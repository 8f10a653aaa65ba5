/**
 * Escaping for text that comes from logs (webhook names, URLs, reasons built from them) on its way
 * into Slack mrkdwn, Amazon Q Developer `client-markdown` (rendered as Slack mrkdwn), plain text
 * and SNS subjects. Slack parses `<...>` as mentions and links and `*_~`` ` `` as formatting, so:
 * - {@link code} puts a value in an inline code span (no formatting inside), entity-escapes `&<>`
 *   and replaces backticks, so the value cannot close the span;
 * - {@link prose} entity-escapes `&<>` and swaps the formatting characters for look-alikes;
 * - both replace control, line-separator and bidi-override characters with a space, and clip.
 * No output of either contains `<`, `>`, a backtick inside a value, or a line break.
 */

// C0/C1 controls, line/paragraph separators and bidi embeddings/overrides/isolates.
const UNSAFE_CHARS =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
  /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

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
 * Replaces control, line-separator and bidi-override characters with spaces.
 *
 * @example
 * oneLine('a\nb\u202ec'); // 'a b c'
 */
export function oneLine(text: string): string {
  return text.replace(UNSAFE_CHARS, ' ');
}

/**
 * A log-derived value as a Slack mrkdwn inline code span: clipped to `max` characters, `&<>`
 * entity-escaped, backticks replaced by `ˋ` (U+02CB). An empty value renders as `(none)` in the
 * span (Slack does not render an empty span).
 *
 * @example
 * code('<!channel> *hi*'); // '`&lt;!channel&gt; *hi*`'
 */
export function code(value: string, max = 200): string {
  const text = clip(oneLine(value), max).replaceAll('`', 'ˋ');
  return `\`${entities(text.trim() === '' ? '(none)' : text)}\``;
}

/**
 * Log-derived prose (a reason sentence) as Slack mrkdwn: clipped, `&<>` entity-escaped and the
 * formatting characters swapped for look-alikes (`*`→`∗`, `_`→`ˍ`, `~`→`∼`, `` ` ``→`ˋ`), so
 * it reads the same and can neither format nor mention.
 *
 * @example
 * prose('see <https://x|here> *now*'); // 'see &lt;https://x|here&gt; ∗now∗'
 */
export function prose(value: string, max = 1000): string {
  const text = clip(oneLine(value), max)
    .replaceAll('*', '∗')
    .replaceAll('_', 'ˍ')
    .replaceAll('~', '∼')
    .replaceAll('`', 'ˋ');
  return entities(text);
}

/**
 * Text for Slack `plain_text` objects and other places that show text as is: one line, clipped,
 * and `<`/`>` replaced by `‹`/`›` so nothing downstream can read a mention or link into it.
 *
 * @example
 * plain('prod <!here>', 150); // 'prod ‹!here›'
 */
export function plain(value: string, max: number): string {
  return clip(oneLine(value).replaceAll('<', '‹').replaceAll('>', '›'), max);
}

/**
 * ASCII for SNS subjects: printable ASCII only (others become `?`), whitespace collapsed, at most
 * `max` characters (`...` when cut).
 *
 * @example
 * ascii('prod\u00e9\n1', 99); // 'prod? 1'
 */
export function ascii(value: string, max: number): string {
  const text = value
    .replace(/[^\x20-\x7e]/g, (ch) => (/\s/.test(ch) ? ' ' : '?'))
    .replace(/ {2,}/g, ' ')
    .trim();
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 3))}...`;
}

function entities(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}
