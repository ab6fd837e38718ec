/**
 * IPv6 addresses as text: read as inet_pton(3) reads them, written as inet_ntop(3) writes them
 * (RFC 5952's compressed form, with glibc's dotted tail for ::a.b.c.d and ::ffff:a.b.c.d), which is
 * how Jool prints the IPv6 side of a BIB entry. Pure; no ip-address, whose IPv6 half is slow to load
 * and would be needed for every BIB entry of the state file.
 */
import { parseAddress4 } from '../pool4/addresses.js';

/** Eight 16-bit words, or undefined when text is not an IPv6 address inet_pton would accept. */
export function parseAddress6(text: string): number[] | undefined {
  if (text.length < 2 || text.length > 45) return undefined;
  const gap = text.indexOf('::');
  if (gap >= 0 && text.indexOf('::', gap + 1) >= 0) return undefined;
  const head = gap < 0 ? text : text.slice(0, gap);
  const tail = gap < 0 ? '' : text.slice(gap + 2);
  const left = head === '' ? [] : words(head, gap < 0 || tail === '');
  const right = tail === '' ? [] : words(tail, true);
  if (left === undefined || right === undefined) return undefined;
  const filled = left.length + right.length;
  if (gap < 0) return filled === 8 ? left : undefined;
  if (filled > 7) return undefined;
  return [...left, ...new Array<number>(8 - filled).fill(0), ...right];
}

/** Colon-separated groups; the last may be a dotted IPv4 address (two words) when last is true. */
function words(text: string, last: boolean): number[] | undefined {
  const groups = text.split(':');
  const out: number[] = [];
  for (let i = 0; i < groups.length; i++) {
    const g = groups[i];
    if (last && i === groups.length - 1 && g.includes('.')) {
      const v4 = parseAddress4(g);
      if (v4 === undefined) return undefined;
      out.push(v4 >>> 16, v4 & 0xffff);
    } else {
      if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
      out.push(parseInt(g, 16));
    }
  }
  return out;
}

/** inet_ntop's text: the longest run of two or more zero words (the first of equals) becomes '::'. */
export function formatAddress6(w: readonly number[]): string {
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
  if (best === 0 && (bestLength === 6 || (bestLength === 5 && w[5] === 0xffff))) {
    const tail = `${w[6] >>> 8}.${w[6] & 255}.${w[7] >>> 8}.${w[7] & 255}`;
    return bestLength === 6 ? `::${tail}` : `::ffff:${tail}`;
  }
  if (best < 0) return w.map(hex).join(':');
  return `${w.slice(0, best).map(hex).join(':')}::${w
    .slice(best + bestLength)
    .map(hex)
    .join(':')}`;
}

function hex(word: number): string {
  return word.toString(16);
}

/** The address in inet_ntop's text, or undefined when it is not one. */
export function canonicalAddress6(text: string): string | undefined {
  const w = parseAddress6(text);
  return w === undefined ? undefined : formatAddress6(w);
}
