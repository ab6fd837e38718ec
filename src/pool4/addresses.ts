/**
 * IPv4 addresses as unsigned 32-bit numbers, and the blocks that can never mask traffic.
 */

export interface Prefix {
  readonly address: number;
  readonly length: number;
}

export interface ReservedBlock extends Prefix {
  readonly name: string;
}

export function firstOf(prefix: Prefix): number {
  return prefix.address;
}

export function lastOf(prefix: Prefix): number {
  return prefix.address + 2 ** (32 - prefix.length) - 1;
}

const DOTTED = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

/** Four decimal octets 0-255 without leading zeros (as inet_pton reads them), or undefined. */
export function parseAddress4(text: string): number | undefined {
  const m = DOTTED.exec(text);
  if (m === null) return undefined;
  return ((Number(m[1]) << 24) | (Number(m[2]) << 16) | (Number(m[3]) << 8) | Number(m[4])) >>> 0;
}

export function formatAddress(a: number): string {
  return `${a >>> 24}.${(a >>> 16) & 255}.${(a >>> 8) & 255}.${a & 255}`;
}

export function formatPrefix(p: Prefix): string {
  return `${formatAddress(p.address)}/${p.length}`;
}

/** The blocks SPEC 3.3 refuses: they can never be the source of translated traffic. */
export const RESERVED: readonly ReservedBlock[] = [
  { address: 0x00000000, length: 8, name: '"this" network' },
  { address: 0x7f000000, length: 8, name: 'loopback' },
  { address: 0xa9fe0000, length: 16, name: 'link-local' },
  { address: 0xe0000000, length: 4, name: 'multicast' },
  { address: 0xffffffff, length: 32, name: 'limited broadcast' },
];

/** The first reserved block that [first, last] touches, if any. */
export function reservedBlockIn(first: number, last: number): ReservedBlock | undefined {
  return RESERVED.find((r) => firstOf(r) <= last && first <= lastOf(r));
}

/** The fewest CIDR prefixes that cover [first, last] exactly, in address order. */
export function prefixesOf(first: number, last: number): Prefix[] {
  const out: Prefix[] = [];
  let a = first;
  while (a <= last) {
    // The largest block that starts at a (aligned) and does not pass last.
    let length = 32;
    while (length > 0) {
      const size = 2 ** (33 - length);
      if (a % size !== 0 || a + size - 1 > last) break;
      length--;
    }
    out.push({ address: a, length });
    a += 2 ** (32 - length);
  }
  return out;
}
