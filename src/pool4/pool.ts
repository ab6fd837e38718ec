/**
 * The pool: its tables, and the rules of SPEC section 3 for adding and removing.
 *
 * Pure: no files, no argv, no exit. Every function returns a new Pool and leaves its argument as
 * it was, so a refused command is refused before anything has changed.
 */
import { firstOf, lastOf, reservedBlockIn, type Prefix, type ReservedBlock } from './addresses.js';
import { subtract, unite, type PortRange } from './ports.js';
import { fromBlocks, Runs, sampleCount, union, update, type Block } from './table.js';

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
  constructor(
    readonly refusal: Refusal,
    /** With addAll(): the index of the entry refused, if one entry is to blame. */
    readonly entry?: number,
  ) {
    super(refusal.kind);
  }
}

export function compareTables(a: { mark: number; protocol: Protocol }, b: { mark: number; protocol: Protocol }): number {
  return a.mark - b.mark || PROTOCOLS.indexOf(a.protocol) - PROTOCOLS.indexOf(b.protocol);
}

/**
 * One entry. addAll([entry]) gives the same pool (a property test checks it), but its sweep walks
 * the whole table in JavaScript, where update() copies the untouched runs with memcpy.
 */
export function add(pool: Pool, entry: Entry, force: boolean): Pool {
  const first = firstOf(entry.prefix);
  const last = lastOf(entry.prefix);
  let result = pool;
  for (const { protocol, range } of admit(entry, force)) {
    const runs = update(runsOf(result, entry.mark, protocol), first, last, (ports) => unite(ports, range));
    result = withRuns(result, entry.mark, protocol, withinCapacity(runs, entry.mark, protocol));
  }
  return result;
}

/**
 * What adding the entries one by one gives, in one step per table instead of one per entry (an
 * import of 100,000 lines would otherwise copy the table 100,000 times). A refusal of one entry
 * carries its index.
 */
export function addAll(pool: Pool, entries: readonly Entry[], force: boolean): Pool {
  const byTable = new Map<string, { mark: number; protocol: Protocol; blocks: Block[] }>();
  entries.forEach((entry, index) => {
    let admitted;
    try {
      admitted = admit(entry, force);
    } catch (e) {
      if (e instanceof PoolRefusal) throw new PoolRefusal(e.refusal, index);
      throw e;
    }
    for (const { protocol, range } of admitted) {
      const key = `${entry.mark}/${protocol}`;
      let table = byTable.get(key);
      if (table === undefined) byTable.set(key, (table = { mark: entry.mark, protocol, blocks: [] }));
      table.blocks.push({ first: firstOf(entry.prefix), last: lastOf(entry.prefix), ports: [range] });
    }
  });
  let result = pool;
  for (const { mark, protocol, blocks } of byTable.values()) {
    const runs = union(runsOf(result, mark, protocol), fromBlocks(blocks));
    result = withRuns(result, mark, protocol, withinCapacity(runs, mark, protocol));
  }
  return result;
}

/** The entry's port range for each of its protocols, or the refusal of the entry itself. */
function admit(entry: Entry, force: boolean): { protocol: Protocol; range: PortRange }[] {
  const first = firstOf(entry.prefix);
  const last = lastOf(entry.prefix);
  const block = reservedBlockIn(first, last);
  if (block !== undefined) throw new PoolRefusal({ kind: 'reserved', prefix: entry.prefix, block });
  const addresses = last - first + 1;
  if (addresses > MAX_UNFORCED_ADDRESSES && !force) throw new PoolRefusal({ kind: 'needs-force', prefix: entry.prefix, addresses });
  return entry.protocols.map((protocol) => {
    const range = entry.ports;
    if (protocol === 'ICMP' || range[0] !== 0) return { protocol, range };
    // TCP and UDP have no port 0.
    if (range[1] === 0) throw new PoolRefusal({ kind: 'port-zero', protocol });
    return { protocol, range: [1, range[1]] };
  });
}

function withinCapacity(runs: Runs, mark: number, protocol: Protocol): Runs {
  const total = runs.transportAddresses();
  if (total > MAX_TABLE_TRANSPORT_ADDRESSES) throw new PoolRefusal({ kind: 'capacity', mark, protocol, total });
  return runs;
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
