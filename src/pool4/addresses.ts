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
