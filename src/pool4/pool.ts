/**
 * The pool: its tables, and the rules of SPEC section 3 for adding and removing.
 *
 * Pure: no files, no argv, no exit. Every function returns a new Pool and leaves its argument as
 * it was, so a refused command is refused before anything has changed.
 */
import { firstOf, lastOf, reservedBlockIn, type Prefix, type ReservedBlock } from './addresses.js';
import { subtract, unite, type PortRange } from './ports.js';
import { Runs, sampleCount, update } from './table.js';

/** Listed in display order. */
export const PROTOCOLS = ['ICMP', 'UDP', 'TCP'] as const;
export type Protocol = (typeof PROTOCOLS)[number];

export interface Table {
  readonly mark: number;
  readonly protocol: Protocol;
  readonly runs: Runs;
}

/** Sorted by mark, then protocol in PROTOCOLS order; no table is empty. */
export interface Pool {
  readonly tables: readonly Table[];
}

export const EMPTY_POOL: Pool = { tables: [] };

export const MAX_MARK = 0xffffffff;
/** SPEC 3.3: a table holds at most 2^32 - 1 transport addresses. */
export const MAX_TABLE_TRANSPORT_ADDRESSES = 0xffffffff;
/** SPEC 3.3: prefixes larger than this many addresses need --force. */
export const MAX_UNFORCED_ADDRESSES = 256;

export interface Entry {
  readonly mark: number;
  readonly protocols: readonly Protocol[];
  readonly prefix: Prefix;
  readonly ports: PortRange;
}

export type Refusal =
  | { readonly kind: 'reserved'; readonly prefix: Prefix; readonly block: ReservedBlock }
  | { readonly kind: 'needs-force'; readonly prefix: Prefix; readonly addresses: number }
  | { readonly kind: 'port-zero'; readonly protocol: Protocol }
  | { readonly kind: 'capacity'; readonly mark: number; readonly protocol: Protocol; readonly total: number };

/** A well-formed request the pool's rules refuse. Carries facts, not wording. */
export class PoolRefusal extends Error {
  constructor(readonly refusal: Refusal) {
    super(refusal.kind);
  }
}

export function compareTables(a: { mark: number; protocol: Protocol }, b: { mark: number; protocol: Protocol }): number {
  return a.mark - b.mark || PROTOCOLS.indexOf(a.protocol) - PROTOCOLS.indexOf(b.protocol);
}

export function add(pool: Pool, entry: Entry, force: boolean): Pool {
  const first = firstOf(entry.prefix);
  const last = lastOf(entry.prefix);
  const block = reservedBlockIn(first, last);
  if (block !== undefined) throw new PoolRefusal({ kind: 'reserved', prefix: entry.prefix, block });
  const addresses = last - first + 1;
  if (addresses > MAX_UNFORCED_ADDRESSES && !force) throw new PoolRefusal({ kind: 'needs-force', prefix: entry.prefix, addresses });

  let result = pool;
  for (const protocol of entry.protocols) {
    let range = entry.ports;
    if (protocol !== 'ICMP' && range[0] === 0) {
      // TCP and UDP have no port 0.
      if (range[1] === 0) throw new PoolRefusal({ kind: 'port-zero', protocol });
      range = [1, range[1]];
    }
    const runs = update(runsOf(result, entry.mark, protocol), first, last, (ports) => unite(ports, range));
    const total = runs.transportAddresses();
    if (total > MAX_TABLE_TRANSPORT_ADDRESSES) {
      throw new PoolRefusal({ kind: 'capacity', mark: entry.mark, protocol, total });
    }
    result = withRuns(result, entry.mark, protocol, runs);
  }
  return result;
}

export function remove(pool: Pool, entry: Entry): Pool {
  const first = firstOf(entry.prefix);
  const last = lastOf(entry.prefix);
  let result = pool;
  for (const protocol of entry.protocols) {
    const runs = runsOf(result, entry.mark, protocol);
    if (runs.length === 0) continue;
    result = withRuns(result, entry.mark, protocol, update(runs, first, last, (ports) => subtract(ports, entry.ports)));
  }
  return result;
}

export interface Counts {
  readonly tables: number;
  readonly samples: number;
  readonly transportAddresses: number;
}

export function count(pool: Pool): Counts {
  let samples = 0;
  let transportAddresses = 0;
  for (const t of pool.tables) {
    samples += sampleCount(t.runs);
    transportAddresses += t.runs.transportAddresses();
  }
  return { tables: pool.tables.length, samples, transportAddresses };
}

export interface Filter {
  readonly mark?: number;
  readonly protocols?: readonly Protocol[];
}

/** The tables --display shows for the given --mark and protocol flags. */
export function selectTables(pool: Pool, filter: Filter): readonly Table[] {
  return pool.tables.filter(
    (t) =>
      (filter.mark === undefined || t.mark === filter.mark) &&
      (filter.protocols === undefined || filter.protocols.includes(t.protocol)),
  );
}

function runsOf(pool: Pool, mark: number, protocol: Protocol): Runs {
  return pool.tables.find((t) => t.mark === mark && t.protocol === protocol)?.runs ?? Runs.EMPTY;
}

function withRuns(pool: Pool, mark: number, protocol: Protocol, runs: Runs): Pool {
  const tables = pool.tables.filter((t) => t.mark !== mark || t.protocol !== protocol);
  if (runs.length > 0) {
    tables.push({ mark, protocol, runs });
    tables.sort(compareTables);
  }
  return { tables };
}
