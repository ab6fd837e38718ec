/**
 * Standard JSON (RFC 8259), read into values that keep every member of an object in order, repeats
 * included: Jool's configuration files refuse repeated keys and compare keys case-insensitively,
 * which JSON.parse's plain objects cannot show. Syntax errors say the line and column. Pure.
 */

export type JsonValue = null | boolean | number | string | readonly JsonValue[] | JsonObject;

export class JsonObject {
  /**
   * Keys and values, one after the other (no array per member: a file may hold 196,608 objects),
   * or, from JSON.parse, an object whose keys are those of the text, in order.
   */
  constructor(private readonly flat: readonly (string | JsonValue)[] | Record<string, JsonValue>) {}

  /** Each member in order, without an array for each. */
  forEach(visit: (key: string, value: JsonValue) => void): void {
    const { flat } = this;
    if (!Array.isArray(flat)) {
      for (const k in flat) visit(k, (flat as Record<string, JsonValue>)[k]);
      return;
    }
    for (let i = 0; i < flat.length; i += 2) visit(flat[i] as string, flat[i + 1] as JsonValue);
  }

  get members(): [key: string, value: JsonValue][] {
    const { flat } = this;
    if (!Array.isArray(flat)) return Object.entries(flat as Record<string, JsonValue>);
    const out: [string, JsonValue][] = [];
    for (let i = 0; i < flat.length; i += 2) out.push([flat[i] as string, flat[i + 1] as JsonValue]);
    return out;
  }
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
  return fastParse(text) ?? slowParse(text);
}

/**
 * V8's JSON.parse, when it reads the text as this reader would: valid JSON whose objects repeat no
 * key (JSON.parse keeps the last), have no key that looks like an index (JSON.parse puts those
 * first) and no key with an escape. Several times faster on a file of 196,608 entries, and far
 * less garbage. Anything else is left to the reader below, which also says where a problem is.
 */
function fastParse(text: string): JsonValue | undefined {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return undefined;
  }
  const keys = plainKeys(text);
  if (keys < 0) return undefined;
  let seen = 0;
  const wrap = (v: unknown): JsonValue => {
    if (typeof v !== 'object' || v === null) return v as JsonValue;
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) v[i] = wrap(v[i]);
      return v;
    }
    const o = v as Record<string, unknown>;
    for (const k in o) {
      seen++;
      o[k] = wrap(o[k]);
    }
    return new JsonObject(o as Record<string, JsonValue>);
  };
  const value = wrap(doc);
  return seen === keys ? value : undefined;
}

/** How many keys the text's objects have, counted as written; -1 if one has an escape or reads as an index. */
function plainKeys(text: string): number {
  let keys = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    if (text.charCodeAt(i) !== 34) continue;
    // A string: to its closing quote.
    const start = i + 1;
    let escaped = false;
    for (i = start; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c === 34) break;
      if (c === 92) {
        escaped = true;
        i++;
      }
    }
    let j = i + 1;
    while (j < n && (text.charCodeAt(j) === 32 || text.charCodeAt(j) === 10 || text.charCodeAt(j) === 13 || text.charCodeAt(j) === 9)) j++;
    if (text.charCodeAt(j) !== 58) continue; // not a key
    if (escaped || INDEX.test(text.slice(start, i))) return -1;
    keys++;
  }
  return keys;
}

const INDEX = /^(0|[1-9][0-9]{0,9})$/;

function slowParse(text: string): JsonValue {
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
const WORDS = [
  ['true', true],
  ['false', false],
  ['null', null],
] as const;
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
    for (;;) {
      const c = this.text.charCodeAt(this.at);
      if (c !== 32 && c !== 10 && c !== 13 && c !== 9) return;
      this.at++;
    }
  }

  value(): JsonValue {
    const c = this.text[this.at];
    if (c === '{') return this.object();
    if (c === '[') return this.array();
    if (c === '"') return this.string();
    for (const [word, v] of WORDS) {
      if (this.text.startsWith(word, this.at)) {
        this.at += word.length;
        return v;
      }
    }
    NUMBER.lastIndex = this.at;
    const m = NUMBER.exec(this.text);
    const digit = this.text.charCodeAt(this.at) === 45 ? this.at + 1 : this.at; // after a minus sign
    if (this.text.charCodeAt(digit) === 48 && this.text.charCodeAt(digit + 1) >= 48 && this.text.charCodeAt(digit + 1) <= 57) this.fail('a number with a leading zero');
    if (m === null) {
      this.fail(c === undefined ? 'the text ends where a value should be' : `unexpected ${JSON.stringify(c)} where a value should be`);
    }
    this.at += m[0].length;
    return Number(m[0]);
  }

  object(): JsonObject {
    this.at++; // {
    const members: (string | JsonValue)[] = [];
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
      members.push(key, this.value());
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
    // Most strings hold no escape: one slice.
    const start = this.at;
    for (let i = start; i < this.text.length; i++) {
      const c = this.text.charCodeAt(i);
      if (c === 34) {
        this.at = i + 1;
        return this.text.slice(start, i);
      }
      if (c === 92 || c < 32) break;
    }
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
