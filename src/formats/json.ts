/**
 * Standard JSON (RFC 8259), read into values that keep every member of an object in order, repeats
 * included: Jool's configuration files refuse repeated keys and compare keys case-insensitively,
 * which JSON.parse's plain objects cannot show. Syntax errors say the line and column. Pure.
 */

export type JsonValue = null | boolean | number | string | readonly JsonValue[] | JsonObject;

export class JsonObject {
  constructor(readonly members: readonly (readonly [key: string, value: JsonValue])[]) {}
}

export class JsonSyntaxError extends Error {
  constructor(
    readonly problem: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(`${problem} at line ${line}, column ${column}`);
  }
}

export function parseJson(text: string): JsonValue {
  const reader = new Reader(text);
  reader.space();
  const value = reader.value();
  reader.space();
  if (reader.at < text.length) reader.fail('unexpected text after the JSON value');
  return value;
}

/** What a value is, in words, for messages. */
export function kindOf(v: JsonValue): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (v instanceof JsonObject) return 'an object';
  return typeof v === 'string' ? 'a string' : typeof v === 'number' ? 'a number' : 'a boolean';
}

const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

class Reader {
  at = 0;
  constructor(private readonly text: string) {}

  fail(problem: string): never {
    const before = this.text.slice(0, this.at);
    const line = before.split('\n').length;
    throw new JsonSyntaxError(problem, line, this.at - before.lastIndexOf('\n'));
  }

  space(): void {
    while (this.at < this.text.length && ' \t\n\r'.includes(this.text[this.at])) this.at++;
  }

  value(): JsonValue {
    const c = this.text[this.at];
    if (c === '{') return this.object();
    if (c === '[') return this.array();
    if (c === '"') return this.string();
    for (const [word, v] of [
      ['true', true],
      ['false', false],
      ['null', null],
    ] as const) {
      if (this.text.startsWith(word, this.at)) {
        this.at += word.length;
        return v;
      }
    }
    NUMBER.lastIndex = this.at;
    const m = NUMBER.exec(this.text);
    if (/^-?0[0-9]/.test(this.text.slice(this.at, this.at + 3))) this.fail('a number with a leading zero');
    if (m === null) {
      this.fail(c === undefined ? 'the text ends where a value should be' : `unexpected ${JSON.stringify(c)} where a value should be`);
    }
    this.at += m[0].length;
    return Number(m[0]);
  }

  object(): JsonObject {
    this.at++; // {
    const members: [string, JsonValue][] = [];
    this.space();
    if (this.text[this.at] === '}') {
      this.at++;
      return new JsonObject(members);
    }
    for (;;) {
      this.space();
      if (this.text[this.at] !== '"') this.fail('expected a key in double quotes');
      const key = this.string();
      this.space();
      if (this.text[this.at] !== ':') this.fail(`expected ':' after the key ${JSON.stringify(key)}`);
      this.at++;
      this.space();
      members.push([key, this.value()]);
      this.space();
      const c = this.text[this.at++];
      if (c === '}') return new JsonObject(members);
      if (c !== ',') {
        this.at--;
        this.fail("expected ',' or '}' after a member of an object");
      }
    }
  }

  array(): JsonValue[] {
    this.at++; // [
    const items: JsonValue[] = [];
    this.space();
    if (this.text[this.at] === ']') {
      this.at++;
      return items;
    }
    for (;;) {
      this.space();
      items.push(this.value());
      this.space();
      const c = this.text[this.at++];
      if (c === ']') return items;
      if (c !== ',') {
        this.at--;
        this.fail("expected ',' or ']' after an item of an array");
      }
    }
  }

  string(): string {
    this.at++; // "
    let out = '';
    for (;;) {
      const c = this.text[this.at];
      if (c === undefined) this.fail('a string is not closed');
      if (c === '"') {
        this.at++;
        return out;
      }
      if (c < ' ') this.fail('a control character inside a string');
      if (c !== '\\') {
        out += c;
        this.at++;
        continue;
      }
      const e = this.text[this.at + 1];
      if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(this.text.slice(this.at + 2, this.at + 6))) {
        out += String.fromCharCode(parseInt(this.text.slice(this.at + 2, this.at + 6), 16));
        this.at += 6;
      } else if (e !== undefined && e in ESCAPES) {
        out += ESCAPES[e];
        this.at += 2;
      } else {
        this.fail('a bad escape inside a string');
      }
    }
  }
}
