/**
 * Jool's taddr_count: the number behind an `auto` table's max iterations. Jool 4.1.15 keeps it
 * per (mark, protocol) table and updates it sample by sample (src/mod/common/db/pool4/db.c), and
 * it drifts from the true number of transport addresses in two places, reproduced here:
 *
 * - add: a range that touches samples of its address is fused into the first of them without
 *   counting what it brings; fix_collisions() then counts the cascade's later fusions correctly;
 * - remove: punching a hole subtracts the hole, then slip_in() adds the right-hand piece again.
 *
 * It is an unsigned 32-bit integer, so it wraps. Pure: port sets in, numbers out.
 */
import { formatPorts, unite, type PortRange, type PortSet } from './ports.js';
import { lowerBound, type Block, type Runs } from './table.js';

const COUNTER_MODULUS = 2 ** 32;

/** An `auto` table's max iterations (compute_max_iterations()): about 1% of the counter, within 1024-8192. */
export function autoIterations(counter: number): number {
  return Math.min(Math.max(counter >>> 7, 1024), 8192);
}

export function wrap(n: number): number {
  return ((n % COUNTER_MODULUS) + COUNTER_MODULUS) % COUNTER_MODULUS;
}

/** What adding range to one address holding ports does to the counter (pool4_add_range()). */
export function addDelta(ports: PortSet, range: PortRange): number {
  const [min, max] = range;
  let k = 0;
  let first: PortRange | undefined;
  let later = 0; // sizes of the 2nd..kth touching samples
  let lo = min;
  let hi = max;
  for (let i = 0; i < ports.length; i++) {
    const s = ports[i];
    if (s[1] < min - 1 || s[0] > max + 1) continue;
    if (k === 0) first = s;
    else later += s[1] - s[0] + 1;
    k++;
    if (s[0] < lo) lo = s[0];
    if (s[1] > hi) hi = s[1];
  }
  if (first === undefined) return max - min + 1; // slip_in(): a new sample
  // The first fusion counts nothing; each later one adds its result and takes both parts away.
  const firstFused = Math.max(first[1], max) - Math.min(first[0], min) + 1;
  return hi - lo + 1 - firstFused - later;
}

/** What removing range from one address holding ports does to the counter (remove_range()). */
export function removeDelta(ports: PortSet, range: PortRange): number {
  const [min, max] = range;
  let delta = 0;
  for (let i = 0; i < ports.length; i++) {
    const [lo, hi] = ports[i];
    if (min <= lo && hi <= max)
      delta -= hi - lo + 1; // covered: gone
    else if (lo < min && max < hi)
      delta += -(max - min + 1) + (hi - max); // a hole; its right piece counted again
    else if (max < lo || min > hi)
      continue; // apart
    else if (lo < min)
      delta -= hi - min + 1; // trimmed at its top
    else delta -= max - lo + 1; // trimmed at its bottom
  }
  return delta;
}

/**
 * The counter's change when every address in [first, last] gets perAddress(its ports): addresses
 * holding nothing get perAddress([]). Consecutive runs often share a port set, so each distinct
 * set is computed once.
 */
export function blockDelta(runs: Runs, first: number, last: number, perAddress: (ports: PortSet) => number): number {
  if (runs.length === 0) return (last - first + 1) * perAddress([]); // every address holds nothing
  const cache = new Map<PortSet, number>();
  const of = (ports: PortSet) => {
    let d = cache.get(ports);
    if (d === undefined) {
      d = perAddress(ports);
      cache.set(ports, d);
    }
    return d;
  };
  let delta = 0;
  let next = first;
  for (let i = lowerBound(runs.lasts, first); i < runs.length && runs.firsts[i] <= last; i++) {
    const from = Math.max(runs.firsts[i], first);
    const to = Math.min(runs.lasts[i], last);
    if (next < from) delta += (from - next) * of([]);
    delta += (to - from + 1) * of(runs.ports[i]);
    next = to + 1;
  }
  if (next <= last) delta += (last - next + 1) * of([]);
  return delta;
}

/**
 * The counter's change when the blocks (each with one port range) are added one by one, in order, to a table holding runs:
 * what a `file handle` or an import of many entries does to it. Each address's change depends on
 * what earlier blocks gave it, so the addresses are cut into pieces that the same blocks (and the
 * same run) cover, and each piece is played through once, whatever its length.
 */
export function sequentialAddDelta(runs: Runs, blocks: readonly Block[]): number {
  // The common case first: the file names each address block once, or several times whole (a
  // few port ranges of one address), and the blocks do not nest. Each block then plays its own
  // ranges, in the file's order.
  const order = blocks.map((_, i) => i).sort((x, y) => blocks[x].first - blocks[y].first || blocks[x].last - blocks[y].last || x - y);
  let delta = 0;
  for (let g = 0; g < order.length; ) {
    const { first, last } = blocks[order[g]];
    let h = g + 1;
    while (h < order.length && blocks[order[h]].first === first && blocks[order[h]].last === last) h++;
    if (h < order.length && blocks[order[h]].first <= last) return sweep(runs, blocks); // nested or overlapping blocks
    const ranges = order.slice(g, h).map((i) => blocks[i].ports[0]);
    delta += blockDelta(runs, first, last, (ports) => play(ports, ranges));
    g = h;
  }
  return delta;
}

/** What adding ranges one by one to an address holding ports does to the counter. */
function play(ports: PortSet, ranges: readonly PortRange[]): number {
  let d = 0;
  let now = ports;
  for (let k = 0; k < ranges.length; k++) {
    d += addDelta(now, ranges[k]);
    if (k + 1 < ranges.length) now = unite(now, ranges[k]);
  }
  return d;
}

/** The general case: addresses cut into pieces that the same blocks (and the same run) cover. */
function sweep(runs: Runs, blocks: readonly Block[]): number {
  const edges: [number, number][] = []; // [address, +index+1 opens / -(index+1) closes]
  for (let i = 0; i < blocks.length; i++) edges.push([blocks[i].first, i + 1], [blocks[i].last + 1, -(i + 1)]);
  edges.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  const active: number[] = []; // indices of the blocks covering the current piece, in order
  const played = new Map<string, number>();
  let delta = 0;
  for (let e = 0; e < edges.length; ) {
    const at = edges[e][0];
    for (; e < edges.length && edges[e][0] === at; e++) {
      const index = Math.abs(edges[e][1]) - 1;
      const where = lowerBound(active, index);
      if (edges[e][1] > 0) active.splice(where, 0, index);
      else active.splice(where, 1);
    }
    if (active.length === 0 || e === edges.length) continue;
    const key = active.join(',');
    delta += blockDelta(runs, at, edges[e][0] - 1, (ports) => {
      const memo = played.get(`${key}|${formatPorts(ports)}`);
      if (memo !== undefined) return memo;
      const d = play(
        ports,
        active.map((i) => blocks[i].ports[0]),
      );
      played.set(`${key}|${formatPorts(ports)}`, d);
      return d;
    });
  }
  return delta;
}
