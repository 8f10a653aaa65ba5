/**
 * The `message` strings of a `filter-log-events` export (`{"events":[{"message":"..."},...]}`),
 * read without building the events: the scanner walks the text once and validates it as JSON.
 * It accepts only documents it can read exactly as `JSON.parse` would: no escape sequence in any
 * string, no repeated key in the top object or in an event, every event an object with a string
 * `message`. For anything else it returns null and the caller parses the text with `JSON.parse`
 * (which also gives the error of invalid JSON). Pure.
 *
 * @example
 * eventMessages('{"events":[{"message":"2 123 eni-1 ..."}]}'); // ['2 123 eni-1 ...']
 * eventMessages('{"results":[]}'); // null
 */
export function eventMessages(text: string): string[] | null {
  try {
    const scanner = new Scanner(text);
    const messages = scanner.document();
    return messages;
  } catch (error) {
    if (error === GIVE_UP || error instanceof RangeError) return null;
    throw error;
  }
}

const GIVE_UP = Symbol('give up');

const QUOTE = 34;

class Scanner {
  private i = 0;

  constructor(private readonly text: string) {}

  /** The top object: its `events` array read for messages, every other value skipped. */
  document(): string[] {
    this.space();
    this.expect(123); // {
    let messages: string[] | null = null;
    const keys = new Set<string>();
    this.space();
    if (this.peek() === 125) {
      this.i++;
    } else {
      for (;;) {
        this.space();
        const key = this.string();
        if (keys.has(key)) throw GIVE_UP;
        keys.add(key);
        this.space();
        this.expect(58); // :
        this.space();
        if (key === 'events') messages = this.events();
        else this.value();
        this.space();
        if (this.peek() === 44) {
          this.i++;
          continue;
        }
        this.expect(125);
        break;
      }
    }
    this.space();
    if (this.i !== this.text.length || messages === null) throw GIVE_UP;
    return messages;
  }

  private events(): string[] {
    this.expect(91); // [
    const messages: string[] = [];
    this.space();
    if (this.peek() === 93) {
      this.i++;
      return messages;
    }
    for (;;) {
      this.space();
      messages.push(this.event());
      this.space();
      if (this.peek() === 44) {
        this.i++;
        continue;
      }
      this.expect(93);
      return messages;
    }
  }

  /** One event object; its `message` must be a string. */
  private event(): string {
    this.expect(123);
    let message: string | null = null;
    const keys: string[] = [];
    this.space();
    if (this.peek() === 125) throw GIVE_UP;
    for (;;) {
      this.space();
      const key = this.string();
      if (keys.includes(key)) throw GIVE_UP;
      keys.push(key);
      this.space();
      this.expect(58);
      this.space();
      if (key === 'message') {
        if (this.peek() !== QUOTE) throw GIVE_UP;
        message = this.string();
      } else {
        this.value();
      }
      this.space();
      if (this.peek() === 44) {
        this.i++;
        continue;
      }
      this.expect(125);
      break;
    }
    if (message === null) throw GIVE_UP;
    return message;
  }

  private value(): void {
    const c = this.peek();
    if (c === QUOTE) {
      this.string();
    } else if (c === 123) {
      this.i++;
      this.space();
      if (this.peek() === 125) {
        this.i++;
        return;
      }
      for (;;) {
        this.space();
        this.string();
        this.space();
        this.expect(58);
        this.space();
        this.value();
        this.space();
        if (this.peek() === 44) {
          this.i++;
          continue;
        }
        this.expect(125);
        return;
      }
    } else if (c === 91) {
      this.i++;
      this.space();
      if (this.peek() === 93) {
        this.i++;
        return;
      }
      for (;;) {
        this.space();
        this.value();
        this.space();
        if (this.peek() === 44) {
          this.i++;
          continue;
        }
        this.expect(93);
        return;
      }
    } else if (c === 116) {
      this.word('true');
    } else if (c === 102) {
      this.word('false');
    } else if (c === 110) {
      this.word('null');
    } else {
      this.number();
    }
  }

  /** A string without escapes or control characters (else the scanner gives up). */
  private string(): string {
    this.expect(QUOTE);
    const start = this.i;
    const end = this.text.indexOf('"', start);
    if (end < 0 || this.nextBackslash(start) < end || this.nextControl(start) < end) throw GIVE_UP;
    this.i = end + 1;
    return this.text.slice(start, end);
  }

  // The next backslash and control character at or after a position, searched once and kept
  // until the scan passes them (in a compact export there are none; pretty-printed, a newline
  // per line).
  private backslashAt = -1;
  private controlAt = -1;

  private nextBackslash(from: number): number {
    if (this.backslashAt < from) {
      const at = this.text.indexOf('\\', from);
      this.backslashAt = at < 0 ? Number.POSITIVE_INFINITY : at;
    }
    return this.backslashAt;
  }

  private nextControl(from: number): number {
    if (this.controlAt < from) {
      CONTROL.lastIndex = from;
      const at = CONTROL.exec(this.text)?.index;
      this.controlAt = at === undefined ? Number.POSITIVE_INFINITY : at;
    }
    return this.controlAt;
  }

  /** A JSON number: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`. */
  private number(): void {
    const t = this.text;
    let j = this.i;
    if (t.charCodeAt(j) === 45) j++; // -
    if (t.charCodeAt(j) === 48) j++;
    else if (isDigit(t.charCodeAt(j))) j = this.digits(j);
    else throw GIVE_UP;
    if (t.charCodeAt(j) === 46) {
      if (!isDigit(t.charCodeAt(j + 1))) throw GIVE_UP;
      j = this.digits(j + 1);
    }
    const e = t.charCodeAt(j);
    if (e === 101 || e === 69) {
      j++;
      const sign = t.charCodeAt(j);
      if (sign === 43 || sign === 45) j++;
      if (!isDigit(t.charCodeAt(j))) throw GIVE_UP;
      j = this.digits(j);
    }
    this.i = j;
  }

  private digits(from: number): number {
    let j = from;
    while (isDigit(this.text.charCodeAt(j))) j++;
    return j;
  }

  private word(w: string): void {
    if (!this.text.startsWith(w, this.i)) throw GIVE_UP;
    this.i += w.length;
  }

  private space(): void {
    for (;;) {
      const c = this.text.charCodeAt(this.i);
      if (c !== 32 && c !== 10 && c !== 13 && c !== 9) return;
      this.i++;
    }
  }

  private peek(): number {
    return this.text.charCodeAt(this.i);
  }

  private expect(c: number): void {
    if (this.text.charCodeAt(this.i) !== c) throw GIVE_UP;
    this.i++;
  }
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it finds
const CONTROL = /[\u0000-\u001f]/g;
