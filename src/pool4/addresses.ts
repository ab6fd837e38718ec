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

export const MAX_ADDRESS = 0xffffffff;

export function firstOf(prefix: Prefix): number {
  return prefix.address;
}

export function lastOf(prefix: Prefix): number {
  return prefix.address + 2 ** (32 - prefix.length) - 1;
}

export function formatAddress(a: number): string {
  return `${a >>> 24}.${(a >>> 16) & 255}.${(a >>> 8) & 255}.${a & 255}`;
}

export function formatPrefix(p: Prefix): string {
  return `${formatAddress(p.address)}/${p.length}`;
}

/**
 * Reads a dotted quad strictly: four decimal octets 0-255 without leading zeros.
 * Returns undefined for anything else. Reads text[start, end), so that the state file's runs are
 * read without cutting them into pieces: this runs once per run on every load.
 */
export function parseAddress(text: string, start = 0, end = text.length): number | undefined {
  let value = 0;
  let octet = 0;
  let digits = 0;
  let dots = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 46 /* . */) {
      if (digits === 0 || dots === 3) return undefined;
      value = value * 256 + octet;
      octet = 0;
      digits = 0;
      dots++;
    } else if (c >= 48 && c <= 57) {
      if (digits > 0 && octet === 0) return undefined; // leading zero
      octet = octet * 10 + (c - 48);
      if (octet > 255) return undefined;
      digits++;
    } else {
      return undefined;
    }
  }
  if (digits === 0 || dots !== 3) return undefined;
  return value * 256 + octet;
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
