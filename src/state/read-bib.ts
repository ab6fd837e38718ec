/**
 * The BIB lines of a file in jool's own layout, read in place from its bytes in one loop: a BIB may
 * hold 65,536 entries or more, and splitting, regular expressions and a string per piece cost more
 * than the rest of a command. Only the IPv6 address becomes a string (the entry keeps it).
 *
 * A line is accepted only as encode() writes it: the IPv6 address already in inet_ntop's text
 * (checked here without rewriting it), entries in order, no side repeated. Anything else gives
 * undefined, and the file goes to read-json.ts, which reads any spelling and says what is wrong.
 */
import { PackedBib } from '../bib/packed.js';

const QUOTE = 34;
const SPACE = 32;
const HASH = 35;
const DOT = 46;
const COLON = 58;

/** The shortest line: `TCP 0.0.0.0#0 ::#0`. */
const SHORTEST_LINE = 18;

export interface BibLines {
  readonly bib: PackedBib;
  /** Where the last line's closing quote is. */
  readonly end: number;
}

/**
 * Reads lines from bytes[p] (the first line's first character) for as long as they are followed by
 * next; stops before the closing quote of the last one.
 */
export function readBibLines(bytes: Buffer, p: number, next: Buffer): BibLines | undefined {
  const capacity = Math.ceil((bytes.length - p) / (SHORTEST_LINE + next.length)) + 1;
  const v4 = new Uint32Array(capacity);
  const space = new Uint32Array(capacity);
  const hash6 = new Uint32Array(capacity);
  const end = new Uint32Array(capacity);
  const address4 = new Uint32Array(capacity);
  const port4 = new Uint16Array(capacity);
  const port6 = new Uint16Array(capacity);
  const protocols = new Uint8Array(capacity);
  // The IPv6 sides seen (with their protocol), by a hash of their text: open addressing, line + 1.
  let size = 16;
  while (size < capacity * 2) size *= 2;
  const seen = new Int32Array(size);
  const firstOf = [0, 0, 0, 0]; // where each protocol's lines start; [3] is the count
  const words = new Int32Array(8);
  let n = 0;
  let lastKey = -1;
  let lastOrder = -1;
  for (;;) {
    // TCP, UDP or ICMP, and a space.
    let order: number;
    if (bytes[p] === 84 && bytes[p + 1] === 67 && bytes[p + 2] === 80 && bytes[p + 3] === SPACE) order = 0;
    else if (bytes[p] === 85 && bytes[p + 1] === 68 && bytes[p + 2] === 80 && bytes[p + 3] === SPACE) order = 1;
    else if (bytes[p] === 73 && bytes[p + 1] === 67 && bytes[p + 2] === 77 && bytes[p + 3] === 80 && bytes[p + 4] === SPACE) order = 2;
    else return undefined;
    p += order === 2 ? 5 : 4;
    v4[n] = p;
    // The IPv4 side, in one pass: four octets and a port, each 1-5 digits without a leading zero,
    // ended by '.', '.', '.', '#' and a space. (A function per number costs, while the loop is cold.)
    let a = 0;
    let port = 0;
    for (let field = 0; field < 5; field++) {
      const from = p;
      let value = 0;
      while (p - from < 5 && bytes[p] >= 48 && bytes[p] <= 57) value = value * 10 + bytes[p++] - 48;
      if (p === from || (p - from > 1 && bytes[from] === 48) || bytes[p++] !== (field < 3 ? DOT : field === 3 ? HASH : SPACE)) return undefined;
      if (field < 4) {
        if (value > 255) return undefined;
        a = a * 256 + value;
      } else {
        if (value > 65535) return undefined;
        port = value;
      }
    }
    p--; // back to the space
    space[n] = p++;
    // The IPv6 side, in inet_ntop's text, up to its '#'.
    const hash = canonical6(bytes, p, words);
    if (hash < 0) return undefined;
    hash6[n] = hash;
    const p6 = decimal(bytes, hash + 1, 5);
    if (p6 < 0 || p6 >>> 16 > 65535) return undefined;
    const close = hash + 1 + (p6 & 0xffff);
    if (bytes[close] !== QUOTE) return undefined;
    end[n] = close;
    // Its hash, from its words and port (one text per address, so equal texts have equal words).
    let h = Math.imul(0x811c9dc5 ^ order, 0x01000193) ^ (p6 >>> 16);
    for (let k = 0; k < 8; k++) h = Math.imul(h ^ words[k], 0x01000193);
    // In order, and so no IPv4 side twice.
    const key = a * 65536 + port;
    if (order < lastOrder || (order === lastOrder && key <= lastKey)) return undefined;
    while (lastOrder < order) firstOf[++lastOrder] = n;
    lastKey = key;
    // No IPv6 side twice in one protocol.
    let slot = h & (size - 1);
    while (seen[slot] !== 0) {
      const other = seen[slot] - 1;
      if (protocols[other] === order && sameText(bytes, space[other] + 1, end[other], p, close)) return undefined;
      slot = (slot + 1) & (size - 1);
    }
    seen[slot] = n + 1;
    address4[n] = a;
    port4[n] = port;
    port6[n] = p6 >>> 16;
    protocols[n] = order;
    n++;
    p = close;
    if (!at(bytes, p, next)) break;
    p += next.length;
  }
  while (lastOrder < 3) firstOf[++lastOrder] = n;
  const range = (order: number) => {
    const lines = new Uint32Array(firstOf[order + 1] - firstOf[order]);
    for (let k = 0; k < lines.length; k++) lines[k] = firstOf[order] + k;
    return lines;
  };
  const columns = { v4, space, hash6, end, address4, port4, port6 };
  return { bib: new PackedBib(bytes, columns, { TCP: range(0), UDP: range(1), ICMP: range(2) }), end: p };
}

function sameText(bytes: Buffer, a: number, aEnd: number, b: number, bEnd: number): boolean {
  if (aEnd - a !== bEnd - b) return false;
  for (let k = 0; k < aEnd - a; k++) if (bytes[a + k] !== bytes[b + k]) return false;
  return true;
}

function at(bytes: Buffer, p: number, piece: Buffer): boolean {
  if (p + piece.length > bytes.length) return false;
  for (let k = 0; k < piece.length; k++) if (bytes[p + k] !== piece[k]) return false;
  return true;
}

/** A decimal number of 1 to most digits, no leading zero: (value << 16) | digits, or -1. */
function decimal(bytes: Buffer, p: number, most: number): number {
  let n = 0;
  let k = 0;
  while (k < most && bytes[p + k] >= 48 && bytes[p + k] <= 57) n = n * 10 + bytes[p + k++] - 48;
  if (k === 0 || (k > 1 && bytes[p] === 48) || (bytes[p + k] >= 48 && bytes[p + k] <= 57)) return -1;
  return n * 65536 + k;
}

function hexDigit(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  return -1; // upper case is never inet_ntop's
}

/**
 * Where the '#' after the IPv6 address at bytes[start] is, if the address is exactly as inet_ntop
 * writes it (address6.ts): lower-case groups without leading zeros, '::' for the first longest run
 * of two or more zero groups and nowhere else, and the dotted tail for ::a.b.c.d and
 * ::ffff:a.b.c.d only; else -1. Its words are left in w.
 */
export function canonical6(bytes: Buffer, start: number, w: Int32Array): number {
  let end = start;
  while (end < start + 46 && end < bytes.length && bytes[end] !== HASH) end++;
  if (bytes[end] !== HASH || !canonicalText(bytes, start, end, w)) return -1;
  return end;
}

function canonicalText(bytes: Buffer, start: number, end: number, w: Int32Array): boolean {
  let p = start;
  let count = 0;
  let gap = -1; // the group index where '::' stands
  let dotted = false;
  if (bytes[p] === COLON) {
    if (bytes[p + 1] !== COLON) return false;
    gap = 0;
    p += 2;
    if (p === end) {
      w.fill(0);
      return true; // "::"
    }
  }
  for (;;) {
    // A group: hex digits, or the dotted tail.
    let q = p;
    let value = 0;
    while (q < end && q - p < 4 && hexDigit(bytes[q]) >= 0) value = value * 16 + hexDigit(bytes[q++]);
    if (q < end && bytes[q] === DOT) {
      // The tail a.b.c.d: two words.
      if (count > 6) return false;
      let v4 = 0;
      let r = p;
      for (let octet = 0; octet < 4; octet++) {
        const n = decimal(bytes, r, 3);
        if (n < 0 || n >>> 16 > 255) return false;
        v4 = v4 * 256 + (n >>> 16);
        r += n & 0xffff;
        if (octet < 3 && bytes[r++] !== DOT) return false;
      }
      if (r !== end) return false;
      w[count++] = Math.floor(v4 / 65536);
      w[count++] = v4 % 65536;
      dotted = true;
      break;
    }
    if (q === p || (q - p > 1 && bytes[p] === 48) || count === 8) return false;
    w[count++] = value;
    if (q === end) break;
    if (bytes[q] !== COLON) return false;
    if (bytes[q + 1] === COLON) {
      if (gap >= 0) return false;
      gap = count;
      p = q + 2;
      if (p === end) break;
    } else {
      p = q + 1;
      if (p === end) return false;
    }
  }
  // Put the zeros the gap stands for in place.
  let length = 0;
  if (gap >= 0) {
    length = 8 - count;
    if (length < 2) return false; // inet_ntop never compresses one group, nor nothing
    for (let i = count - 1; i >= gap; i--) w[i + length] = w[i];
    for (let i = gap; i < gap + length; i++) w[i] = 0;
  } else if (count !== 8) {
    return false;
  }
  // The gap must be inet_ntop's: the first longest run of two or more zero groups, and no written
  // zero group may continue it (it would then be longer than written).
  let best = -1;
  let bestLength = 1;
  for (let i = 0; i < 8; ) {
    if (w[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && w[j] === 0) j++;
    if (j - i > bestLength) [best, bestLength] = [i, j - i];
    i = j;
  }
  if (best !== gap || (gap >= 0 && bestLength !== length)) return false;
  const tail = best === 0 && (bestLength === 6 || (bestLength === 5 && w[5] === 0xffff));
  return tail === dotted;
}
