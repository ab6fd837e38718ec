/**
 * IPv6 prefixes as the firewall's rules name them: an address as a 128-bit BigInt and a length.
 * BigInt because MARKSRCRANGE's arithmetic reaches any bit of the source. Pure.
 */
import { formatAddress6, parseAddress6 } from '../bib/address6.js';

export interface Prefix6 {
  readonly address: bigint;
  readonly length: number;
}

export const EVERYTHING: Prefix6 = { address: 0n, length: 0 };
const ALL = (1n << 128n) - 1n;

export function addressOf(text: string): bigint | undefined {
  const words = parseAddress6(text);
  if (words === undefined) return undefined;
  let v = 0n;
  for (const w of words) v = (v << 16n) | BigInt(w);
  return v;
}

export function formatAddress6Of(address: bigint): string {
  const words: number[] = [];
  for (let i = 7; i >= 0; i--) words.push(Number((address >> BigInt(i * 16)) & 0xffffn));
  return formatAddress6(words);
}

/** Why text is not a prefix, or the prefix: `2001:db8::/64`, or an address alone (a /128). */
export function parsePrefix6(text: string): Prefix6 | string {
  const slash = text.indexOf('/');
  const address = addressOf(slash < 0 ? text : text.slice(0, slash));
  if (address === undefined) return `'${text}' is not an IPv6 address or prefix`;
  const lengthText = slash < 0 ? '128' : text.slice(slash + 1);
  if (!/^(0|[1-9][0-9]{0,2})$/.test(lengthText) || Number(lengthText) > 128) return `'${text}' has no prefix length from 0 to 128`;
  const length = Number(lengthText);
  if ((address & ~maskOf(length)) !== 0n) return `'${text}' has bits set past its length (${formatPrefix6({ address: address & maskOf(length), length })} is the prefix)`;
  return { address, length };
}

export function maskOf(length: number): bigint {
  return length === 0 ? 0n : (ALL << BigInt(128 - length)) & ALL;
}

export function formatPrefix6(p: Prefix6): string {
  return `${formatAddress6Of(p.address)}/${p.length}`;
}

/** Whether inner lies within outer (a prefix is within itself). */
export function within(inner: Prefix6, outer: Prefix6): boolean {
  return inner.length >= outer.length && (inner.address & maskOf(outer.length)) === outer.address;
}

/** The number of addresses: 2^(128 - length). */
export function sizeOf(p: Prefix6): bigint {
  return 1n << BigInt(128 - p.length);
}

export function keyOf(p: Prefix6): string {
  return `${p.address.toString(16)}/${p.length}`;
}

/** The fewest prefixes covering first-last exactly (an nftables interval that is not one prefix). */
export function prefixesOf6(first: bigint, last: bigint): Prefix6[] {
  const out: Prefix6[] = [];
  let at = first;
  while (at <= last) {
    let length = 128;
    while (length > 0) {
      const wider = length - 1;
      const size = 1n << BigInt(128 - wider);
      if ((at & (size - 1n)) !== 0n || at + size - 1n > last) break;
      length = wider;
    }
    out.push({ address: at, length });
    at += sizeOf({ address: at, length });
  }
  return out;
}
