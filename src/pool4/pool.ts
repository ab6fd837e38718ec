/**
 * One instance's pool: its tables, and the rules of adding and removing (SPEC sections 3 and 6.2).
 *
 * Pure: no files, no argv, no exit. Every function returns a new Pool and leaves its argument as
 * it was, so a refused command is refused before anything has changed.
 */
import { firstOf, lastOf, reservedBlockIn, type Prefix, type ReservedBlock } from './addresses.js';
import { addDelta, blockDelta, removeDelta, sequentialAddDelta, wrap } from './counter.js';
import { subtract, unite, type PortRange, type PortSet } from './ports.js';
import { fromBlocks, Runs, sampleCount, union, update, type Block } from './table.js';

/** Listed in display order. */
export const PROTOCOLS = ['ICMP', 'UDP', 'TCP'] as const;
export type Protocol = (typeof PROTOCOLS)[number];

/** A table's max iterations: Jool's automatic value, no limit, or a fixed number (1-4294967295). */
export type MaxIterations = 'auto' | 'infinity' | number;

export interface Table {
  readonly mark: number;
  readonly protocol: Protocol;
  readonly runs: Runs;
  readonly iterations: MaxIterations;
  /** Jool's taddr_count (counter.ts): what an `auto` table's iterations are computed from. */
  readonly counter: number;
}

/** Sorted by mark, then protocol in PROTOCOLS order; no table is empty. */
export interface Pool {
  readonly tables: readonly Table[];
  /**
   * The tables are those a command about a few addresses needs (state/read-layout.ts Focus), and
   * the pool holds others: it is not empty, whatever the tables say.
   */
  readonly partial?: boolean;
}

/** Whether the pool holds nothing (Jool's empty-pool4 fallback then applies). */
export function isEmptyPool(pool: Pool): boolean {
  return pool.tables.length === 0 && pool.partial !== true;
}

export const EMPTY_POOL: Pool = { tables: [] };

export const MAX_MARK = 0xffffffff;
/** SPEC 3.3: a table holds at most 2^32 - 1 transport addresses. */
export const MAX_TABLE_TRANSPORT_ADDRESSES = 0xffffffff;
/** SPEC 3.3: prefixes larger than this many addresses need --force. */
export const MAX_UNFORCED_ADDRESSES = 256;

export const MAX_ITERATIONS = 0xffffffff;

export interface Entry {
  readonly mark: number;
  readonly protocols: readonly Protocol[];
  readonly prefix: Prefix;
  readonly ports: PortRange;
  /** Sets the table's max iterations; absent leaves them as they are (auto for a new table). */
  readonly iterations?: MaxIterations;
}

/** Which of add's refusals apply: they differ between the dialects and between add and a file. */
export interface AddRules {
  /** Refuse prefixes of more than 256 addresses (what --force lifts in `add`). */
  readonly limitPrefix: boolean;
  /** Refuse addresses that can never mask traffic (the Jool 3 dialect). */
  readonly refuseReserved: boolean;
  /** Refuse TCP and UDP ranges that touch this ephemeral range (Jool 4.1.15, unless --force). */
  readonly ephemeral?: PortRange;
  /** Jool 3.5 has no limit of transport addresses per table (version-facts P9). */
  readonly unlimited?: boolean;
}

/** The Jool 3 dialect's rules, with or without --force. */
export function JOOL3_ADD(force: boolean): AddRules {
  return { limitPrefix: !force, refuseReserved: true };
}

export type Refusal =
  | { readonly kind: 'reserved'; readonly prefix: Prefix; readonly block: ReservedBlock }
  | { readonly kind: 'needs-force'; readonly prefix: Prefix; readonly addresses: number }
  | { readonly kind: 'port-zero'; readonly protocol: Protocol }
  | { readonly kind: 'ephemeral'; readonly protocol: Protocol; readonly range: PortRange; readonly ephemeral: PortRange }
  | { readonly kind: 'capacity'; readonly mark: number; readonly protocol: Protocol; readonly total: number }
  | { readonly kind: 'no-table'; readonly mark: number; readonly protocol: Protocol };

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

const PROTOCOL_ORDER: Readonly<Record<Protocol, number>> = { ICMP: 0, UDP: 1, TCP: 2 };

export function compareTables(a: { mark: number; protocol: Protocol }, b: { mark: number; protocol: Protocol }): number {
  return a.mark - b.mark || PROTOCOL_ORDER[a.protocol] - PROTOCOL_ORDER[b.protocol];
}

/**
 * One entry. addAll([entry]) gives the same pool (a property test checks it), but its sweep walks
 * the whole table in JavaScript, where update() copies the untouched runs with memcpy.
 */
export function add(pool: Pool, entry: Entry, rules: AddRules): Pool {
  const first = firstOf(entry.prefix);
  const last = lastOf(entry.prefix);
  let result = pool;
  for (const { protocol, range } of admit(entry, rules)) {
    const before = tableOf(result, entry.mark, protocol);
    const had = before?.runs ?? Runs.EMPTY;
    const runs = update(had, first, last, (ports) => unite(ports, range));
    const counter = (before?.counter ?? 0) + blockDelta(had, first, last, (ports) => addDelta(ports, range));
    const iterations = entry.iterations ?? before?.iterations ?? 'auto';
    result = withTable(result, { mark: entry.mark, protocol, runs: rules.unlimited ? runs : withinCapacity(runs, entry.mark, protocol), iterations, counter: wrap(counter) });
  }
  return result;
}

/**
 * What adding the entries one by one gives, in one step per table instead of one per entry (an
 * import of 100,000 lines would otherwise copy the table 100,000 times). A refusal of one entry
 * carries its index.
 */
export function addAll(pool: Pool, entries: readonly Entry[], rules: AddRules): Pool {
  const byTable = new Map<number, { mark: number; protocol: Protocol; blocks: Block[]; iterations?: MaxIterations }>();
  // One port set for each range: a file of 196,608 entries holds a few dozen.
  const sets = new Map<number, PortSet>();
  const portSet = (range: PortRange): PortSet => {
    const key = range[0] * 65536 + range[1];
    let set = sets.get(key);
    if (set === undefined) {
      set = [[range[0], range[1]]];
      sets.set(key, set);
    }
    return set;
  };
  entries.forEach((entry, index) => {
    let admitted: ReturnType<typeof admit>;
    try {
      admitted = admit(entry, rules);
    } catch (e) {
      if (e instanceof PoolRefusal) throw new PoolRefusal(e.refusal, index);
      throw e;
    }
    for (const { protocol, range } of admitted) {
      const key = entry.mark * 4 + PROTOCOL_ORDER[protocol];
      let table = byTable.get(key);
      if (table === undefined) {
        table = { mark: entry.mark, protocol, blocks: [] };
        byTable.set(key, table);
      }
      table.blocks.push({ first: firstOf(entry.prefix), last: lastOf(entry.prefix), ports: portSet(range) });
      if (entry.iterations !== undefined) table.iterations = entry.iterations; // the last one wins
    }
  });
  const made: Table[] = [];
  for (const { mark, protocol, blocks, iterations } of byTable.values()) {
    const before = tableOf(pool, mark, protocol); // a binary search
    const had = before?.runs ?? Runs.EMPTY;
    const runs = union(had, fromBlocks(blocks));
    const counter = wrap((before?.counter ?? 0) + sequentialAddDelta(had, blocks));
    made.push({ mark, protocol, runs: rules.unlimited ? runs : withinCapacity(runs, mark, protocol), iterations: iterations ?? before?.iterations ?? 'auto', counter });
  }
  return withTables(pool, made);
}

/** The pool with these tables in place of its own of the same mark and protocol: one sort, not one per table. */
function withTables(pool: Pool, made: readonly Table[]): Pool {
  if (made.length === 1) return withTable(pool, made[0]);
  const replaced = new Set(made.map((t) => t.mark * 4 + PROTOCOL_ORDER[t.protocol]));
  const tables = pool.tables.filter((t) => !replaced.has(t.mark * 4 + PROTOCOL_ORDER[t.protocol]));
  for (const t of made) if (t.runs.length > 0) tables.push(t);
  return { ...pool, tables: tables.sort(compareTables) };
}

/** The entry's port range for each of its protocols, or the refusal of the entry itself. */
function admit(entry: Entry, rules: AddRules): { protocol: Protocol; range: PortRange }[] {
  const first = firstOf(entry.prefix);
  const last = lastOf(entry.prefix);
  if (rules.refuseReserved) {
    const block = reservedBlockIn(first, last);
    if (block !== undefined) throw new PoolRefusal({ kind: 'reserved', prefix: entry.prefix, block });
  }
  const addresses = last - first + 1;
  if (addresses > MAX_UNFORCED_ADDRESSES && rules.limitPrefix) throw new PoolRefusal({ kind: 'needs-force', prefix: entry.prefix, addresses });
  return entry.protocols.map((protocol) => {
    let range = entry.ports;
    if (protocol === 'ICMP') return { protocol, range };
    // TCP and UDP have no port 0.
    if (range[0] === 0) {
      if (range[1] === 0) throw new PoolRefusal({ kind: 'port-zero', protocol });
      range = [1, range[1]];
    }
    const eph = rules.ephemeral;
    if (eph !== undefined && range[1] >= eph[0] && eph[1] >= range[0]) throw new PoolRefusal({ kind: 'ephemeral', protocol, range, ephemeral: eph });
    return { protocol, range };
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
    const before = tableOf(result, entry.mark, protocol);
    if (before === undefined) continue;
    const runs = update(before.runs, first, last, (ports) => subtract(ports, entry.ports));
    const counter = wrap(before.counter + blockDelta(before.runs, first, last, (ports) => removeDelta(ports, entry.ports)));
    result = withTable(result, { ...before, runs, counter });
  }
  return result;
}

/**
 * Jool 3.5.5's `--pool4 --update`: the max iterations of the (mark, protocol) tables, all of which
 * must exist (pool4db_update: "No entries match mark %u (protocol %s)."). Undefined changes nothing.
 */
export function setIterations(pool: Pool, mark: number, protocols: readonly Protocol[], iterations: MaxIterations | undefined): Pool {
  const missing = protocols.find((p) => tableOf(pool, mark, p) === undefined);
  if (missing !== undefined) throw new PoolRefusal({ kind: 'no-table', mark, protocol: missing });
  if (iterations === undefined) return pool;
  return { ...pool, tables: pool.tables.map((t) => (t.mark === mark && protocols.includes(t.protocol) ? { ...t, iterations } : t)) };
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
  return pool.tables.filter((t) => (filter.mark === undefined || t.mark === filter.mark) && (filter.protocols === undefined || filter.protocols.includes(t.protocol)));
}

/** A binary search: the tables are sorted (Pool). */
export function tableOf(pool: Pool, mark: number, protocol: Protocol): Table | undefined {
  const { tables } = pool;
  const key = { mark, protocol };
  let lo = 0;
  let hi = tables.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareTables(tables[mid], key) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo < tables.length && tables[lo].mark === mark && tables[lo].protocol === protocol ? tables[lo] : undefined;
}

/** The pool with table in its place; a table without runs disappears (with its settings). */
function withTable(pool: Pool, table: Table): Pool {
  const tables = pool.tables.filter((t) => t.mark !== table.mark || t.protocol !== table.protocol);
  if (table.runs.length > 0) {
    // Into its place: the others are sorted already.
    let i = tables.length;
    while (i > 0 && compareTables(tables[i - 1], table) > 0) i--;
    tables.splice(i, 0, table);
  }
  return { ...pool, tables };
}
