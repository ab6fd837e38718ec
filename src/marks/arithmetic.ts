/**
 * What each mark-setting target computes, as its code does (reference/marks-facts.md section 2).
 * Marks are unsigned 32-bit numbers. Pure.
 */
import { maskOf, type Prefix6 } from './prefix6.js';

/** MARK (xt_mark.c): mark = (mark & ~mask) ^ value, for every form of the target. */
export function applyMark(mark: number, value: number, mask: number): number {
  return ((mark & ~mask) ^ value) >>> 0;
}

/** The 32-bit word of the address that holds bit (bits counted from the left, 0-127); 0 past the end. */
function quadrant(address: bigint, bit: number): number {
  return bit < 128 ? Number((address >> BigInt(96 - 32 * (bit >> 5))) & 0xffffffffn) : 0;
}

/**
 * MARKSRCRANGE's src_to_mark() (NICMx/mark-src-range src/mod/target.c, extract_bits()) step by
 * step, defect included: when `to` ends a 32-bit word (32, 64, 96), the branch for bits spanning
 * two words ORs in the whole next word instead of none of it.
 */
export function markSrcRange(source: bigint, from: number, to: number, offset: number): number {
  let result = quadrant(source, from);
  result = Number(BigInt(result) & ((0x100000000n >> BigInt(from & 0x1f)) - 1n));
  if ((from & 0x60) !== (to & 0x60)) {
    result = (result << (to & 0x1f)) >>> 0;
    result = (result | (quadrant(source, to) >>> ((128 - to) & 0x1f))) >>> 0;
  } else {
    result = result >>> ((128 - to) & 0x1f);
  }
  return (offset + result) >>> 0;
}

/** The mark MARKSRCRANGE means to give: the offset plus the source's bits from..to-1 as a number. */
export function intendedSrcRange(source: bigint, from: number, to: number, offset: number): number {
  if (to === from) return offset >>> 0;
  const bits = (source >> BigInt(128 - to)) & ((1n << BigInt(to - from)) - 1n);
  return (offset + Number(bits)) >>> 0;
}

/** The sub-prefix's number inside the rule's prefix: its bits from..to-1. */
export function subPrefixIndex(sub: Prefix6, from: number, to: number): number {
  return Number((sub.address >> BigInt(128 - to)) & ((1n << BigInt(to - from)) - 1n));
}

/**
 * A real-looking source inside the sub-prefix whose bits right after it are not zero: the bits
 * of a SLAAC interface identifier (`a00:27ff:fe4e:66a1`), from the sub-prefix's end on. For a /64
 * that is the facts file's own example.
 */
export function probeAddress(sub: Prefix6): bigint {
  const pattern = 0x0a0027fffe4e66a10a0027fffe4e66a1n;
  return sub.address | ((pattern >> BigInt(sub.length)) & ~maskOf(sub.length) & ((1n << 128n) - 1n));
}
