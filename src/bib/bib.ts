/**
 * One instance's static BIB (SPEC 9, bib-facts.md): per protocol, entries that bind an IPv6
 * transport address to an IPv4 transport address of pool4. Pure, like the pool: every function
 * returns a new Bib, and a refusal is thrown before anything has changed.
 *
 * Each protocol's entries are kept sorted by IPv4 address, then port (Jool's IPv4 tree, the order
 * it displays them in). Both sides are unique within a protocol.
 */
import { inHole, type Hole } from '../pool4/holes.js';
import { isEmptyPool, type Pool, type Protocol } from '../pool4/pool.js';
import { holds } from '../pool4/address-tree.js';
import { PackedBib } from './packed.js';
import type { Bib, BibEntry, BibTable, Transport4, Transport6 } from './entry.js';

export type { Bib, BibEntry, BibTable } from './entry.js';

export const EMPTY_BIB: Bib = { TCP: [], UDP: [], ICMP: [] };

/** The order Jool's bib modes walk the tables in (not pool4's ICMP, UDP, TCP). */
export const BIB_PROTOCOLS: readonly Protocol[] = ['TCP', 'UDP', 'ICMP'];

/** What Jool 4 serves when the instance's whole pool4 is empty (pool4empty_contains()). */
export const EMPTY_POOL4_PORTS = [61001, 65535] as const;

/** The pool4 that BIB entries must sit in, and the host's own addresses for when it is empty. */
export interface Pool4View {
  readonly pool: Pool;
  /** The host's IPv4 addresses outside loopback and link-local, as numbers. */
  readonly hostAddresses: readonly number[];
  /** Every transport address counts as in pool4: what a file's BIB meets before Jool 4.1.9, which does not check it. */
  readonly holdsAll?: true;
  /** What Jool 4's mark-less tree lacks though a table holds it (pool4/holes.ts). */
  readonly holes?: readonly Hole[];
}

export type BibRefusal =
  | { readonly kind: 'not-in-pool4'; readonly protocol: Protocol; readonly taddr4: Transport4; readonly emptyPool4: boolean; readonly inHole?: boolean }
  | { readonly kind: 'collides'; readonly protocol: Protocol; readonly entry: BibEntry; readonly existing: BibEntry }
  | { readonly kind: 'not-found'; readonly protocols: readonly Protocol[]; readonly taddr4?: Transport4; readonly taddr6?: Transport6 }
  | { readonly kind: 'mapped-elsewhere'; readonly protocol: Protocol; readonly existing: BibEntry; readonly taddr4: Transport4 }
  /** An entry outside pool4 blocks every change Jool validates the whole instance for (a global update). */
  | { readonly kind: 'orphan'; readonly protocol: Protocol; readonly entry: BibEntry };

export class BibError extends Error {
  constructor(
    readonly refusal: BibRefusal,
    /** With addAll(): the index of the entry refused. */
    readonly index?: number,
  ) {
    super(refusal.kind);
  }
}

export function entryOf(taddr4: Transport4, taddr6: Transport6): BibEntry {
  return { address4: taddr4.address, port4: taddr4.port, address6: taddr6.address, port6: taddr6.port };
}

/** How many entries a protocol has, without making them (PackedBib). */
export function countOf(bib: Bib, protocol: Protocol): number {
  return bib instanceof PackedBib ? bib.count(protocol) : bib[protocol].length;
}

export function isEmpty(bib: Bib): boolean {
  return size(bib) === 0;
}

export function size(bib: Bib): number {
  return countOf(bib, 'TCP') + countOf(bib, 'UDP') + countOf(bib, 'ICMP');
}

/** Whether pool4 (or, when it is empty, the host's fallback) holds the transport address. */
export function inPool4(view: Pool4View, protocol: Protocol, address: number, port: number): boolean {
  if (view.holdsAll) return true;
  if (isEmptyPool(view.pool)) return port >= EMPTY_POOL4_PORTS[0] && view.hostAddresses.includes(address);
  return holds(view.pool, protocol, address, port) && (view.holes === undefined || !inHole(view.holes, protocol, address, port));
}

/** Why inPool4() said no: nothing holds it, or a table does but the mark-less tree lacks it. */
function notInPool4(view: Pool4View, protocol: Protocol, entry: BibEntry): BibRefusal {
  const emptyPool4 = isEmptyPool(view.pool);
  const inHole = !emptyPool4 && holds(view.pool, protocol, entry.address4, entry.port4);
  return { kind: 'not-in-pool4', protocol, taddr4: { address: entry.address4, port: entry.port4 }, emptyPool4, ...(inHole ? { inHole } : {}) };
}

/** How add treats an entry that is already there, both sides equal: Jool 3 refuses it, Jool 4 succeeds silently. */
interface BibAddRules {
  readonly identicalIsOk: boolean;
}

export function add(bib: Bib, protocol: Protocol, entry: BibEntry, view: Pool4View, rules: BibAddRules): Bib {
  if (!inPool4(view, protocol, entry.address4, entry.port4)) {
    throw new BibError(notInPool4(view, protocol, entry));
  }
  const table = bib[protocol];
  const same4 = by4(table, entry.address4, entry.port4);
  const same6 = by6(table, entry.address6, entry.port6);
  if (same4 !== undefined && same4 === same6 && rules.identicalIsOk) return bib;
  // The entry named is the one each Jool finds first: Jool 3 looks the IPv4 side up first, Jool 4 the IPv6 side.
  const existing = rules.identicalIsOk ? (same6 ?? same4) : (same4 ?? same6);
  if (existing !== undefined) throw new BibError({ kind: 'collides', protocol, entry, existing });
  const at = position(table, entry.address4, entry.port4);
  return withTable(bib, protocol, [...table.slice(0, at), entry, ...table.slice(at)]);
}

/**
 * Adds many entries at once (a configuration file, an import): what adding them one by one gives,
 * identical repeats accepted, without a copy of the table per entry. A refusal carries the index.
 */
export function addAll(bib: Bib, items: readonly { protocol: Protocol; entry: BibEntry }[], view: Pool4View): Bib {
  const tables: Record<Protocol, BibEntry[]> = { TCP: [...bib.TCP], UDP: [...bib.UDP], ICMP: [...bib.ICMP] };
  const by4 = new Map<string, BibEntry>();
  const by6 = new Map<string, BibEntry>();
  for (const protocol of BIB_PROTOCOLS) {
    for (const e of bib[protocol]) {
      by4.set(key4(protocol, e), e);
      by6.set(key6(protocol, e), e);
    }
  }
  items.forEach(({ protocol, entry }, index) => {
    if (!inPool4(view, protocol, entry.address4, entry.port4)) {
      throw new BibError(notInPool4(view, protocol, entry), index);
    }
    const same4 = by4.get(key4(protocol, entry));
    const same6 = by6.get(key6(protocol, entry));
    if (same4 !== undefined && same4 === same6) return;
    const existing = same6 ?? same4; // Jool 4's order, as in add()
    if (existing !== undefined) throw new BibError({ kind: 'collides', protocol, entry, existing }, index);
    by4.set(key4(protocol, entry), entry);
    by6.set(key6(protocol, entry), entry);
    tables[protocol].push(entry);
  });
  for (const protocol of BIB_PROTOCOLS) tables[protocol].sort(compareEntries);
  return tables;
}

function key4(protocol: Protocol, e: BibEntry): string {
  return `${protocol}${e.address4}#${e.port4}`;
}

function key6(protocol: Protocol, e: BibEntry): string {
  return `${protocol}${e.address6}#${e.port6}`;
}

/** A plain Bib with one table replaced (a PackedBib's tables are getters, which a spread would lose). */
function withTable(bib: Bib, protocol: Protocol, table: BibTable): Bib {
  return { TCP: protocol === 'TCP' ? table : bib.TCP, UDP: protocol === 'UDP' ? table : bib.UDP, ICMP: protocol === 'ICMP' ? table : bib.ICMP };
}

export function compareEntries(a: BibEntry, b: BibEntry): number {
  return a.address4 - b.address4 || a.port4 - b.port4;
}

/**
 * Removes the entry that taddr6 names (else the one taddr4 names); with both given, the entry
 * taddr6 names must be bound to taddr4.
 */
export function remove(bib: Bib, protocol: Protocol, taddr4: Transport4 | undefined, taddr6: Transport6 | undefined): Bib {
  const table = bib[protocol];
  const found = find(table, taddr4, taddr6);
  if (found === undefined) throw new BibError({ kind: 'not-found', protocols: [protocol], taddr4, taddr6 });
  if (taddr4 !== undefined && (found.address4 !== taddr4.address || found.port4 !== taddr4.port)) {
    throw new BibError({ kind: 'mapped-elsewhere', protocol, existing: found, taddr4 });
  }
  return withTable(
    bib,
    protocol,
    table.filter((e) => e !== found),
  );
}

function find(table: BibTable, taddr4: Transport4 | undefined, taddr6: Transport6 | undefined): BibEntry | undefined {
  if (taddr6 !== undefined) return by6(table, taddr6.address, taddr6.port);
  return taddr4 === undefined ? undefined : by4(table, taddr4.address, taddr4.port);
}

/** The entry with this IPv4 side: a binary search, the table being sorted by it. */
function by4(table: BibTable, address: number, port: number): BibEntry | undefined {
  const at = position(table, address, port);
  return at < table.length && table[at].address4 === address && table[at].port4 === port ? table[at] : undefined;
}

function by6(table: BibTable, address: string, port: number): BibEntry | undefined {
  return table.find((e) => e.port6 === port && e.address6 === address);
}

/**
 * The pool4 cascade (Jool's bib_rm_range()): the protocols' entries whose IPv4 address is in
 * [first, last] and port in [min, max], whatever pool4 still holds.
 */
export function removeRange(bib: Bib, protocols: readonly Protocol[], first: number, last: number, ports: readonly [number, number]): Bib {
  if (bib instanceof PackedBib) return bib.removeRange(protocols, first, last, ports);
  let out = bib;
  for (const protocol of protocols) {
    const table = bib[protocol];
    const start = position(table, first, 0);
    let end = start;
    while (end < table.length && table[end].address4 <= last) end++;
    if (start === end) continue;
    const kept = table.slice(0, start);
    for (let i = start; i < end; i++) if (table[i].port4 < ports[0] || table[i].port4 > ports[1]) kept.push(table[i]);
    if (kept.length === end) continue; // nothing in the range
    for (let i = end; i < table.length; i++) kept.push(table[i]);
    out = withTable(out, protocol, kept);
  }
  return out;
}

/** Entries whose IPv4 transport address pool4 no longer holds (left by --quick, or by file handle). */
export function orphans(bib: Bib, view: Pool4View): { protocol: Protocol; entry: BibEntry }[] {
  const out: { protocol: Protocol; entry: BibEntry }[] = [];
  for (const protocol of BIB_PROTOCOLS) {
    for (const entry of bib[protocol]) if (!inPool4(view, protocol, entry.address4, entry.port4)) out.push({ protocol, entry });
  }
  return out;
}

/** The first index whose entry is at or after address#port. */
function position(table: BibTable, address: number, port: number): number {
  let lo = 0;
  let hi = table.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const e = table[mid];
    if (e.address4 < address || (e.address4 === address && e.port4 < port)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
