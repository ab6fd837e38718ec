/**
 * Every mark's runs of one protocol by first address, as Jool's mark-less tree holds them: what
 * `holds()` asks when a pool has many tables. Pure.
 */
import type { Pool, Protocol } from './pool.js';
import type { PortSet } from './ports.js';
import { lowerBound, type Runs } from './table.js';

/** A BIB of 65,536 entries is checked against a pool of 65,536 marks without walking every table for each. */
class AddressIndex {
  private readonly firsts: Float64Array;
  /** The highest last address of the runs up to each one: where a search backwards can stop. */
  private readonly reach: Float64Array;
  private readonly lasts: Float64Array;
  private readonly ports: PortSet[];

  constructor(tables: readonly { readonly runs: Runs }[]) {
    let n = 0;
    for (const t of tables) n += t.runs.length;
    const firsts = new Float64Array(n);
    const lasts = new Float64Array(n);
    const ports: PortSet[] = new Array(n);
    let k = 0;
    for (const t of tables) {
      for (let i = 0; i < t.runs.length; i++, k++) {
        firsts[k] = t.runs.firsts[i];
        lasts[k] = t.runs.lasts[i];
        ports[k] = t.runs.ports[i];
      }
    }
    const order = new Uint32Array(n).map((_, i) => i).sort((a, b) => firsts[a] - firsts[b]);
    this.firsts = new Float64Array(n);
    this.lasts = new Float64Array(n);
    this.ports = new Array(n);
    this.reach = new Float64Array(n);
    let reach = -1;
    order.forEach((from, i) => {
      this.firsts[i] = firsts[from];
      this.lasts[i] = lasts[from];
      this.ports[i] = ports[from];
      reach = Math.max(reach, lasts[from]);
      this.reach[i] = reach;
    });
  }

  holds(address: number, port: number): boolean {
    // The runs that start at or before the address, from the last one back while any may reach it.
    for (let i = upperBound(this.firsts, address) - 1; i >= 0 && this.reach[i] >= address; i--) {
      if (this.lasts[i] < address) continue;
      for (const [min, max] of this.ports[i]) if (min <= port && port <= max) return true;
    }
    return false;
  }
}

/** Index of the first element of a sorted list above value (its length if none is). */
function upperBound(list: ArrayLike<number>, value: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid] <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Whether any mark's table of protocol holds address#port (Jool's pool4db_contains(): the mark is ignored). */
export function holds(pool: Pool, protocol: Protocol, address: number, port: number): boolean {
  if (pool.tables.length > 64) return addressIndex(pool, protocol).holds(address, port);
  for (const t of pool.tables) {
    if (t.protocol !== protocol) continue;
    const i = lowerBound(t.runs.lasts, address);
    if (i === t.runs.length || t.runs.firsts[i] > address) continue;
    for (const [min, max] of t.runs.ports[i]) if (min <= port && port <= max) return true;
  }
  return false;
}

const indexes = new WeakMap<Pool, Map<Protocol, AddressIndex>>();

/** The pool's index of one protocol, made on first use. */
function addressIndex(pool: Pool, protocol: Protocol): AddressIndex {
  let byProtocol = indexes.get(pool);
  if (byProtocol === undefined) {
    byProtocol = new Map();
    indexes.set(pool, byProtocol);
  }
  let index = byProtocol.get(protocol);
  if (index === undefined) {
    index = new AddressIndex(pool.tables.filter((t) => t.protocol === protocol));
    byProtocol.set(protocol, index);
  }
  return index;
}
