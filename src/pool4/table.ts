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
import { EMPTY, samePorts, size, type PortSet } from './ports.js';

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

/** Appends runs in address order, merging each into the previous one when they touch and hold the same ports. */
export class RunsBuilder {
  private readonly firsts: Uint32Array;
  private readonly lasts: Uint32Array;
  private readonly ports: PortSet[];
  length = 0;

  constructor(capacity: number) {
    this.firsts = new Uint32Array(capacity);
    this.lasts = new Uint32Array(capacity);
    this.ports = new Array<PortSet>(capacity);
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
    this.firsts[n] = first;
    this.lasts[n] = last;
    this.ports[n] = ports;
    this.length = n + 1;
  }

  /** Appends runs[start, end) as they are: they must already be normalised, and not touch the last run with the same ports. */
  copy(runs: Runs, start: number, end: number): void {
    if (start >= end) return;
    this.firsts.set(runs.firsts.subarray(start, end), this.length);
    this.lasts.set(runs.lasts.subarray(start, end), this.length);
    for (let i = start; i < end; i++) this.ports[this.length + i - start] = runs.ports[i];
    this.length += end - start;
  }

  build(total?: number): Runs {
    this.ports.length = this.length;
    return new Runs(this.firsts.subarray(0, this.length), this.lasts.subarray(0, this.length), this.ports, total);
  }
}

/**
 * Replaces the ports of every address in [first, last] by change(its ports); addresses that hold
 * nothing are passed EMPTY. Runs outside the block are kept, runs across its edges are cut, and the
 * result is normalised again.
 */
export function update(runs: Runs, first: number, last: number, change: (ports: PortSet) => PortSet): Runs {
  const n = runs.length;
  const start = firstReaching(runs.lasts, first);
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
  if (before === undefined) return result;
  const total = before - transportAddressesIn(runs, first, last) + transportAddressesIn(result, first, last);
  return new Runs(result.firsts, result.lasts, result.ports, total);
}

/** Index of the first run that ends at or after addr (lasts.length if none does). */
function firstReaching(lasts: Uint32Array, addr: number): number {
  let lo = 0;
  let hi = lasts.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (lasts[mid] < addr) lo = mid + 1;
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
  for (let i = firstReaching(runs.lasts, first); i < runs.length && runs.firsts[i] <= last; i++) {
    n += (Math.min(runs.lasts[i], last) - Math.max(runs.firsts[i], first) + 1) * size(runs.ports[i]);
  }
  return n;
}
