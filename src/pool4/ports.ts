/**
 * Port ranges and sets of them.
 *
 * Loops here and in the other modules that walk every run are indexed rather than for-of: a CLI
 * runs them once, cold, and unoptimised for-of costs several times more.
 *
 * A PortSet is sorted, disjoint and non-adjacent: [[1, 5], [7, 9]] but never [[1, 5], [6, 9]]
 * nor [[1, 5], [3, 9]]. Every function here returns a value that keeps that invariant, so two
 * sets hold the same ports exactly when they are element-wise equal.
 */

export type PortRange = readonly [min: number, max: number];
export type PortSet = readonly PortRange[];

export const MAX_PORT = 65535;
export const EMPTY: PortSet = [];

export function unite(set: PortSet, range: PortRange): PortSet {
  const [min, max] = range;
  const out: PortRange[] = [];
  let lo = min;
  let hi = max;
  let placed = false;
  for (let i = 0; i < set.length; i++) {
    const r = set[i];
    if (r[1] + 1 < lo) {
      out.push(r); // wholly before, not touching
    } else if (r[0] > hi + 1) {
      if (!placed) out.push([lo, hi]);
      placed = true;
      out.push(r); // wholly after, not touching
    } else {
      lo = Math.min(lo, r[0]); // overlaps or touches: absorb it
      hi = Math.max(hi, r[1]);
    }
  }
  if (!placed) out.push([lo, hi]);
  return out;
}

export function subtract(set: PortSet, range: PortRange): PortSet {
  const [min, max] = range;
  const out: PortRange[] = [];
  for (let i = 0; i < set.length; i++) {
    const r = set[i];
    if (r[1] < min || r[0] > max) {
      out.push(r); // before or after: untouched
    } else if (r[0] >= min && r[1] <= max) {
      // covered: gone
    } else if (r[0] < min && r[1] > max) {
      out.push([r[0], min - 1], [max + 1, r[1]]); // contains the range: split
    } else if (r[0] < min) {
      out.push([r[0], min - 1]); // overlaps the range's start
    } else if (r[1] > max) {
      out.push([max + 1, r[1]]); // overlaps the range's end
    } else {
      throw new Error(`subtract: impossible case ${r} - ${range}`);
    }
  }
  return out;
}

/** The ports in either set. Returns one of them as it is when the other adds nothing. */
export function uniteSets(a: PortSet, b: PortSet): PortSet {
  if (b.length === 0 || a === b) return a;
  if (a.length === 0) return b;
  let out = a;
  for (let i = 0; i < b.length; i++) out = unite(out, b[i]);
  return samePorts(out, a) ? a : out;
}

/** Number of ports in the set. */
export function size(set: PortSet): number {
  let n = 0;
  for (let i = 0; i < set.length; i++) n += set[i][1] - set[i][0] + 1;
  return n;
}

export function samePorts(a: PortSet, b: PortSet): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    if (a[i][0] !== b[i][0] || a[i][1] !== b[i][1]) return false;
  }
  return true;
}

/** The set as text, "min-max,min-max": the state file's form, and a key for a set's value. */
export function formatPorts(set: PortSet): string {
  return set.map((r) => `${r[0]}-${r[1]}`).join(',');
}
