/**
 * Every mark's runs of one protocol by first address, as Jool's mark-less tree holds them: what
 * `holds()` and --plan ask when a pool has many tables. Pure.
 */
import type { Pool, Protocol, Table } from './pool.js';
import type { PortSet } from './ports.js';
import { lowerBound, type Runs } from './table.js';

/**
 * Every run of some tables by first address: a BIB of 65,536 entries is checked against a pool of
 * 65,536 marks, and a plan's 196,608 removes find the other marks beside each, without walking
 * every table for each.
 */
export class AddressTree<T extends { readonly runs: Runs }> {
  private readonly firsts: Float64Array;
  /** The highest last address of the runs up to each one: where a search backwards can stop. */
  private readonly reach: Float64Array;
  private readonly lasts: Float64Array;
  private readonly ports: PortSet[];
  private readonly owners: T[];

  constructor(tables: readonly T[]) {
    let n = 0;
    for (const t of tables) n += t.runs.length;
    // Sorted as numbers: first address * 2^20 + where the run was, while the count allows it.
    const keys = new Float64Array(n);
    const where: [T, number][] = [];
    for (const t of tables) for (let i = 0; i < t.runs.length; i++) where.push([t, i]);
    const exact = n <= 2 ** 20;
    where.forEach(([t, i], k) => {
      keys[k] = exact ? t.runs.firsts[i] * 2 ** 20 + k : k;
    });
    const order = exact ? Array.from(keys.sort(), (key) => key % 2 ** 20) : [...keys.keys()].sort((a, b) => where[a][0].runs.firsts[where[a][1]] - where[b][0].runs.firsts[where[b][1]]);
    this.firsts = new Float64Array(n);
    this.lasts = new Float64Array(n);
    this.reach = new Float64Array(n);
    this.ports = new Array(n);
    this.owners = new Array(n);
    let reach = -1;
    order.forEach((from, k) => {
      const [t, i] = where[from];
      this.firsts[k] = t.runs.firsts[i];
      this.lasts[k] = t.runs.lasts[i];
      this.ports[k] = t.runs.ports[i];
      this.owners[k] = t;
      reach = Math.max(reach, this.lasts[k]);
      this.reach[k] = reach;
    });
  }

  holds(address: number, port: number): boolean {
    let found = false;
    this.over(address, address, (k) => {
      for (const [min, max] of this.ports[k]) if (min <= port && port <= max) found = true;
    });
    return found;
  }

  /** The tables with a run over an address of first-last (each once). */
  tablesOver(first: number, last: number): Set<T> {
    const out = new Set<T>();
    this.over(first, last, (k) => out.add(this.owners[k]));
    return out;
  }

  /** Each run that holds an address of first-last: those that start at or before last, back while any may reach first. */
  private over(first: number, last: number, visit: (k: number) => void): void {
    for (let k = upperBound(this.firsts, last) - 1; k >= 0 && this.reach[k] >= first; k--) if (this.lasts[k] >= first) visit(k);
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
  if (pool.tables.length > 64) return addressTree(pool, protocol).holds(address, port);
  for (const t of pool.tables) {
    if (t.protocol !== protocol) continue;
    const i = lowerBound(t.runs.lasts, address);
    if (i === t.runs.length || t.runs.firsts[i] > address) continue;
    for (const [min, max] of t.runs.ports[i]) if (min <= port && port <= max) return true;
  }
  return false;
}

const indexes = new WeakMap<Pool, Map<Protocol, AddressTree<Table>>>();

/** The pool's index of one protocol, made on first use. */
export function addressTree(pool: Pool, protocol: Protocol): AddressTree<Table> {
  let byProtocol = indexes.get(pool);
  if (byProtocol === undefined) {
    byProtocol = new Map();
    indexes.set(pool, byProtocol);
  }
  let index = byProtocol.get(protocol);
  if (index === undefined) {
    index = new AddressTree(pool.tables.filter((t) => t.protocol === protocol));
    byProtocol.set(protocol, index);
  }
  return index;
}
