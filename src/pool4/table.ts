/**
 * One (mark, protocol) table of pool4, stored as runs.
 *
 * A run is a block of consecutive addresses that all hold the same ports. Runs are sorted by
 * address, disjoint, never empty, and maximal: two runs that touch (one's last address + 1 is the
 * other's first) hold different ports. A /16 holding 60001-65535 is therefore one run, and the cost
 * of every operation follows the number of runs, not the number of addresses it names.
 *
 * The runs are kept as parallel arrays rather than one object per run: a table may hold hundreds
 * of thousands of runs, and typed arrays cost no allocation per run, nothing for the garbage
 * collector, and copy their unchanged parts with one memcpy.
 */
import { EMPTY, samePorts, size, uniteSets, type PortSet } from './ports.js';

export interface Run {
  readonly first: number;
  readonly last: number;
  readonly ports: PortSet;
}

export class Runs {
  static readonly EMPTY = new Runs(new Uint32Array(0), new Uint32Array(0), []);

  /** transportAddresses(), once computed: Runs never change, and a table may hold many runs. */
  private total: number | undefined;

  constructor(
    readonly firsts: Uint32Array,
    readonly lasts: Uint32Array,
    readonly ports: readonly PortSet[],
    total?: number,
  ) {
    this.total = total;
  }

  get length(): number {
    return this.ports.length;
  }

  /** Number of transport addresses (address, port) the table holds. */
  transportAddresses(): number {
    if (this.total === undefined) this.total = transportAddressesIn(this, 0, 0xffffffff);
    return this.total;
  }

  /** The total, if already known (update() derives the new one from it). */
  knownTotal(): number | undefined {
    return this.total;
  }

  /** Normalises a list of runs in address order (merging touching runs with the same ports). */
  static from(list: readonly Run[]): Runs {
    const b = new RunsBuilder(list.length);
    for (const r of list) b.push(r.first, r.last, r.ports);
    return b.build();
  }

  toArray(): Run[] {
    const out: Run[] = [];
    for (let i = 0; i < this.length; i++) out.push({ first: this.firsts[i], last: this.lasts[i], ports: this.ports[i] });
    return out;
  }
}

/**
 * Room for n addresses. Small arrays are carved from shared slabs: a pool of 65,536 marks holds
 * 196,608 tables of a run or two, and a buffer of its own for each (an object, a backing store)
 * costs more than its runs, in memory and in garbage collection.
 */
function addressArray(n: number): Uint32Array {
  if (n > 256) return new Uint32Array(n);
  if (slabUsed + n > slab.length) {
    slab = new Uint32Array(16384);
    slabUsed = 0;
  }
  const a = slab.subarray(slabUsed, slabUsed + n);
  slabUsed += n;
  return a;
}

let slab = new Uint32Array(0);
let slabUsed = 0;

/**
 * Appends runs in address order, merging each into the previous one when they touch and hold the
 * same ports. Grows as needed; a good capacity up front saves the copies.
 */
export class RunsBuilder {
  private firsts: Uint32Array;
  private lasts: Uint32Array;
  private ports: PortSet[];
  length = 0;

  constructor(capacity: number) {
    this.firsts = addressArray(Math.max(capacity, 1));
    this.lasts = addressArray(Math.max(capacity, 1));
    // Appended to, not allocated ahead: a large holey array costs more than it saves.
    this.ports = [];
  }

  private room(n: number): void {
    if (this.length + n <= this.firsts.length) return;
    const capacity = Math.max(this.firsts.length * 2, this.length + n);
    const firsts = addressArray(capacity);
    const lasts = addressArray(capacity);
    firsts.set(this.firsts.subarray(0, this.length));
    lasts.set(this.lasts.subarray(0, this.length));
    this.firsts = firsts;
    this.lasts = lasts;
  }

  /** The last address of the last run, or -1 if there is none. */
  get lastAddress(): number {
    return this.length === 0 ? -1 : this.lasts[this.length - 1];
  }

  push(first: number, last: number, ports: PortSet): void {
    if (ports.length === 0) return;
    const n = this.length;
    if (n > 0 && this.lasts[n - 1] + 1 === first && samePorts(this.ports[n - 1], ports)) {
      this.lasts[n - 1] = last;
      return;
    }
    this.room(1);
    this.firsts[n] = first;
    this.lasts[n] = last;
    this.ports[n] = ports;
    this.length = n + 1;
  }

  /** Appends runs[start, end) as they are: they must already be normalised, and not touch the last run with the same ports. */
  copy(runs: Runs, start: number, end: number): void {
    if (start >= end) return;
    this.room(end - start);
    this.firsts.set(runs.firsts.subarray(start, end), this.length);
    this.lasts.set(runs.lasts.subarray(start, end), this.length);
    // A builtin copy where it can be: a JavaScript loop over a large table runs cold.
    if (this.length === 0) this.ports = runs.ports.slice(start, end);
    else for (let i = start; i < end; i++) this.ports[this.length + i - start] = runs.ports[i];
    this.length += end - start;
  }

  build(total?: number): Runs {
    this.ports.length = this.length;
    const whole = this.length === this.firsts.length;
    return new Runs(whole ? this.firsts : this.firsts.subarray(0, this.length), whole ? this.lasts : this.lasts.subarray(0, this.length), this.ports, total);
  }
}

/**
 * Replaces the ports of every address in [first, last] by change(its ports); addresses that hold
 * nothing are passed EMPTY. Runs outside the block are kept, runs across its edges are cut, and the
 * result is normalised again.
 */
export function update(runs: Runs, first: number, last: number, change: (ports: PortSet) => PortSet): Runs {
  const n = runs.length;
  const start = lowerBound(runs.lasts, first); // the first run that ends at or after first
  let end = start; // runs[start, end) overlap the block
  while (end < n && runs.firsts[end] <= last) end++;
  // Each run in the block may leave a gap before it, plus the head, the tail and the final gap.
  const out = new RunsBuilder(n + (end - start) + 3);
  out.copy(runs, 0, start);

  // Consecutive runs often hold equal ports; reuse one result so merged runs share it.
  let lastIn: PortSet | undefined;
  let lastOut: PortSet = EMPTY;
  const changed = (ports: PortSet) => {
    if (lastIn === undefined || !samePorts(lastIn, ports)) {
      lastIn = ports;
      lastOut = change(ports);
    }
    return lastOut;
  };

  let next = first; // the lowest address of the block not handled yet
  for (let i = start; i < end; i++) {
    const runFirst = runs.firsts[i];
    const runLast = runs.lasts[i];
    const ports = runs.ports[i];
    if (runFirst < first) out.push(runFirst, first - 1, ports);
    const from = Math.max(runFirst, first);
    const to = Math.min(runLast, last);
    if (next < from) out.push(next, from - 1, changed(EMPTY));
    out.push(from, to, changed(ports));
    if (runLast > last) out.push(last + 1, runLast, ports);
    next = to + 1;
  }
  if (next <= last) out.push(next, last, changed(EMPTY));
  if (end < n) {
    // The runs after the block are normalised already; only the first may merge with the block's end.
    out.push(runs.firsts[end], runs.lasts[end], runs.ports[end]);
    out.copy(runs, end + 1, n);
  }
  const result = out.build();
  // Only the block changed: derive the new total from the old one instead of walking every run.
  const before = runs.knownTotal();
  const total = before === undefined ? undefined : before - transportAddressesIn(runs, first, last) + transportAddressesIn(result, first, last);
  return new Runs(result.firsts, result.lasts, result.ports, total);
}

/**
 * a and b united: every address holds the ports it holds in either. One sweep over both, cutting
 * at every edge of a run of either.
 */
export function union(a: Runs, b: Runs): Runs {
  if (b.length === 0) return a;
  if (a.length === 0) return b;
  const out = new RunsBuilder(2 * (a.length + b.length));
  forEachPiece(a, b, (from, to, aPorts, bPorts) => out.push(from, to, uniteSets(aPorts, bPorts)));
  return out.build();
}

/**
 * Walks a and b together, in address order, piece by piece: a piece is a stretch of addresses
 * where both hold the same ports all along (EMPTY where one holds nothing), cut at every edge of a
 * run of either. Addresses neither holds are skipped.
 */
export function forEachPiece(a: Runs, b: Runs, visit: (from: number, to: number, aPorts: PortSet, bPorts: PortSet) => void): void {
  let i = 0;
  let j = 0;
  let next = 0; // addresses below next are done
  while (i < a.length || j < b.length) {
    if (i < a.length && a.lasts[i] < next) {
      i++;
      continue;
    }
    if (j < b.length && b.lasts[j] < next) {
      j++;
      continue;
    }
    const aFrom = i < a.length ? Math.max(a.firsts[i], next) : Infinity;
    const bFrom = j < b.length ? Math.max(b.firsts[j], next) : Infinity;
    const from = Math.min(aFrom, bFrom);
    // The piece ends where a run covering it ends or where the other's next run begins.
    const to = Math.min(aFrom === from ? a.lasts[i] : aFrom - 1, bFrom === from ? b.lasts[j] : bFrom - 1);
    visit(from, to, aFrom === from ? a.ports[i] : EMPTY, bFrom === from ? b.ports[j] : EMPTY);
    next = to + 1;
  }
}

export interface Block {
  readonly first: number;
  readonly last: number;
  readonly ports: PortSet;
}

/**
 * The runs that adding every block one by one would give, at the cost of a sort and a few unions
 * instead of one update (a copy of the table) per block. Blocks that overlap ones before them go
 * to a second pass; for CIDR blocks, which either nest or are apart, that recurses at most 33 deep.
 */
export function fromBlocks(blocks: readonly Block[]): Runs {
  if (blocks.length === 1) {
    const one = new RunsBuilder(1);
    one.push(blocks[0].first, blocks[0].last, blocks[0].ports);
    return one.build();
  }
  const sorted = [...blocks].sort((x, y) => x.first - y.first || x.last - y.last);
  const chain = new RunsBuilder(sorted.length);
  const overlapping: Block[] = [];
  let i = 0;
  while (i < sorted.length) {
    const { first, last } = sorted[i];
    let ports = sorted[i++].ports;
    while (i < sorted.length && sorted[i].first === first && sorted[i].last === last) ports = uniteSets(ports, sorted[i++].ports);
    if (first > chain.lastAddress) chain.push(first, last, ports);
    else overlapping.push({ first, last, ports });
  }
  const runs = chain.build();
  return overlapping.length === 0 ? runs : union(runs, fromBlocks(overlapping));
}

/** Index of the first element of a sorted list that is at least value (its length if none is). */
export function lowerBound(list: ArrayLike<number>, value: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Number of samples (address, port range) the table holds: the rows --display prints. */
export function sampleCount(runs: Runs): number {
  let n = 0;
  for (let i = 0; i < runs.length; i++) n += (runs.lasts[i] - runs.firsts[i] + 1) * runs.ports[i].length;
  return n;
}

/** Number of transport addresses (address, port) the table holds within [first, last]. */
function transportAddressesIn(runs: Runs, first: number, last: number): number {
  let n = 0;
  for (let i = lowerBound(runs.lasts, first); i < runs.length && runs.firsts[i] <= last; i++) {
    n += (Math.min(runs.lasts[i], last) - Math.max(runs.firsts[i], first) + 1) * size(runs.ports[i]);
  }
  return n;
}
