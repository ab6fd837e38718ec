/**
 * --plan: the steps that turn one pool into another, as few as the aggregation allows. Pure: two
 * pools in, steps out; output/plan.ts writes them as commands of either syntax.
 *
 * Removes come first, then adds: after the removes every table holds a subset of what it should,
 * so the adds never pass a table's capacity and never meet a sample they should not fuse with.
 * Where the release keeps Jool's mark-less tree (Jool 4, Jool 3.5), last, adds of samples the pool
 * already holds put back into that tree what a remove in another mark took out of it (holes.ts),
 * so that the BIB steps that follow find their addresses in pool4, as in a pool made afresh.
 */
import { prefixesOf, reservedBlockIn, type Prefix, type ReservedBlock } from './addresses.js';
import { addressTree } from './address-tree.js';
import { fill, NO_HOLES, touches, type Hole } from './holes.js';
import { compareTables, type Entry, MAX_UNFORCED_ADDRESSES, PROTOCOLS, tableOf, type MaxIterations, type Pool, type Protocol, type Table } from './pool.js';
import { samePorts, size, subtract, type PortRange, type PortSet } from './ports.js';
import { forEachPiece, lowerBound, Runs, update } from './table.js';

export type Syntax = 'jool3' | 'jool4';

export interface PlanOptions {
  readonly syntax: Syntax;
  /** What Jool 4 adds of TCP and UDP ports must not touch without --force. */
  readonly ephemeral?: PortRange;
  /** What the current pool's mark-less tree already lacks (Jool 4, Jool 3.5). */
  readonly holes?: readonly Hole[];
  /** The release keeps the mark-less tree: Jool 4 always; in the Jool 3 syntax, 3.5 (not the seed). */
  readonly tree?: boolean;
}

export interface Step {
  readonly op: 'remove' | 'add';
  readonly mark: number;
  /** One for the Jool 4 syntax; those that need the same change, for the Jool 3 syntax. */
  readonly protocols: readonly Protocol[];
  readonly prefix: Prefix;
  readonly range: PortRange;
  readonly force: boolean;
  /** Jool 4 adds only: the table's max iterations to set. */
  readonly iterations?: MaxIterations;
  /** Removes only: leave the BIB entries of what is removed (the plan keeps some there). */
  readonly quick?: boolean;
  /** An add of what the pool already holds, for Jool 4's mark-less tree. */
  readonly refill?: true;
}

/** The desired pool holds addresses the Jool 3 syntax refuses to add. */
export class Unplannable extends Error {
  constructor(
    readonly prefix: Prefix,
    readonly block: ReservedBlock,
  ) {
    super('reserved');
  }
}

/** A stretch of addresses that all need the same ports taken out and put in. */
interface Change {
  readonly first: number;
  readonly last: number;
  readonly remove: PortSet;
  readonly add: PortSet;
}

export function plan(current: Pool, desired: Pool, options: PlanOptions): Step[] {
  const removes: Step[] = [];
  const adds: Step[] = [];
  for (const key of tableKeys(current, desired)) {
    const before = tableOf(current, key.mark, key.protocol);
    const after = tableOf(desired, key.mark, key.protocol);
    const { changes, keeps } = diff(before?.runs ?? Runs.EMPTY, after?.runs ?? Runs.EMPTY);
    for (const [range, first, last] of stretches(changes, 'remove')) {
      for (const prefix of prefixesOf(first, last)) removes.push(step('remove', key, prefix, range, options));
    }
    for (const [range, first, last] of stretches(changes, 'add')) {
      for (const prefix of prefixesOf(first, last)) adds.push(step('add', key, prefix, range, options));
    }
    // Max iterations, a Jool 4 setting. A table the removes empty comes back `auto`.
    if (options.syntax === 'jool4' && after !== undefined) {
      const then = before !== undefined && keeps ? before.iterations : 'auto';
      if (then !== after.iterations) adds.push(iterationsStep(after, options));
    }
  }
  const refilled = options.syntax === 'jool4' || options.tree === true ? refills(current, desired, removes, adds, options) : [];
  if (options.syntax === 'jool4') return [...removes, ...adds, ...refilled];
  for (const a of [...adds, ...refilled]) {
    const block = reservedBlockIn(a.prefix.address, a.prefix.address + 2 ** (32 - a.prefix.length) - 1);
    if (block !== undefined) throw new Unplannable(a.prefix, block);
  }
  return [...shareProtocols(removes), ...shareProtocols(adds), ...(refilled.length === 0 ? [] : shareProtocols(refilled))];
}

/** Adds that put back into the mark-less tree what the desired pool holds and the tree would lack after the steps. */
function refills(current: Pool, desired: Pool, removes: readonly Step[], adds: readonly Step[], options: PlanOptions): Step[] {
  const entryOf = (s: Step): Entry => ({ mark: s.mark, protocols: s.protocols, prefix: s.prefix, ports: s.range });
  let holes = options.holes ?? NO_HOLES;
  // Only a remove beside another mark's table of its protocol punches a hole: most pools have none.
  const sharedProtocol = current.tables.some((t, i) => current.tables.some((u, j) => j !== i && u.protocol === t.protocol));
  if (holes.length === 0 && !sharedProtocol) return [];
  // Each remove as pool4.remove() and punch() would see it, one table at a time: who else holds its
  // range is asked of the current pool's address tree (a remove only takes away), then checked
  // against what the removes before it left of those tables.
  const left = new Map<Table, Runs>();
  const punched = [...holes];
  for (const s of removes) {
    const protocol = s.protocols[0];
    const table = tableOf(current, s.mark, protocol);
    const [first, last] = [s.prefix.address, s.prefix.address + 2 ** (32 - s.prefix.length) - 1];
    if (table !== undefined)
      left.set(
        table,
        update(left.get(table) ?? table.runs, first, last, (ports) => subtract(ports, s.range)),
      );
    for (const other of addressTree(current, protocol).tablesOver(first, last)) {
      if (other.mark === s.mark || !touches(left.get(other) ?? other.runs, first, last, s.range[0], s.range[1])) continue;
      punched.push({ protocol, first, last, ports: s.range });
      break;
    }
  }
  holes = punched;
  for (const s of adds) holes = fill(holes, entryOf(s));
  const steps: Step[] = [];
  for (const h of holes) {
    for (const table of desired.tables) {
      if (table.protocol !== h.protocol) continue;
      const runs = table.runs;
      for (let i = lowerBound(runs.lasts, h.first); i < runs.length && runs.firsts[i] <= h.last; i++) {
        const [first, last] = [Math.max(runs.firsts[i], h.first), Math.min(runs.lasts[i], h.last)];
        for (const [min, max] of runs.ports[i]) {
          if (max < h.ports[0] || min > h.ports[1]) continue;
          const range: PortRange = [Math.max(min, h.ports[0]), Math.min(max, h.ports[1])];
          for (const prefix of prefixesOf(first, last)) steps.push({ ...step('add', table, prefix, range, options), refill: true });
        }
      }
    }
  }
  return steps;
}

type TableKey = { readonly mark: number; readonly protocol: Protocol };

/**
 * For one kind of change, each port range with the stretches of consecutive addresses that need
 * it, longest first: a /16 gets one add even where a few of its addresses also lose other ports.
 */
function stretches(changes: readonly Change[], kind: 'remove' | 'add'): [PortRange, number, number][] {
  const open = new Map<string, [PortRange, number, number]>();
  const out: [PortRange, number, number][] = [];
  for (const c of changes) {
    for (const range of c[kind]) {
      const key = `${range[0]}-${range[1]}`;
      const stretch = open.get(key);
      if (stretch !== undefined && stretch[2] + 1 === c.first) {
        stretch[2] = c.last;
      } else {
        const started: [PortRange, number, number] = [range, c.first, c.last];
        open.set(key, started);
        out.push(started);
      }
    }
  }
  return out;
}

function tableKeys(a: Pool, b: Pool): TableKey[] {
  const keys = [...a.tables, ...b.tables].map((t) => ({ mark: t.mark, protocol: t.protocol }));
  keys.sort(compareTables);
  return keys.filter((k, i) => i === 0 || compareTables(keys[i - 1], k) !== 0);
}

function step(op: 'remove' | 'add', key: TableKey, prefix: Prefix, range: PortRange, options: PlanOptions): Step {
  return { op, mark: key.mark, protocols: [key.protocol], prefix, range, force: op === 'add' && needsForce(key.protocol, prefix, range, options) };
}

/** Whether the real tool refuses the add without --force: a prefix larger than /24, or (Jool 4) TCP/UDP ephemeral ports. */
function needsForce(protocol: Protocol, prefix: Prefix, range: PortRange, options: PlanOptions): boolean {
  if (2 ** (32 - prefix.length) > MAX_UNFORCED_ADDRESSES) return true;
  const eph = options.ephemeral;
  return options.syntax === 'jool4' && protocol !== 'ICMP' && eph !== undefined && range[1] >= eph[0] && eph[1] >= range[0];
}

/**
 * Sets a table's max iterations with an add of a sample it already holds (its first), after its
 * other adds: such an add changes no sample, and it is also the one kind of add whose
 * --max-iterations Jool 4.1.15 never loses (its table does not grow; facts 5.6).
 */
function iterationsStep(table: Table, options: PlanOptions): Step {
  const address = table.runs.firsts[0];
  const range = table.runs.ports[0][0];
  const prefix = { address, length: 32 };
  return { op: 'add', mark: table.mark, protocols: [table.protocol], prefix, range, force: needsForce(table.protocol, prefix, range, options), iterations: table.iterations };
}

/**
 * What changes between two tables, address by address, merged into stretches; and whether any port
 * stays (a table whose every port is removed disappears, and with it its max iterations).
 */
function diff(a: Runs, b: Runs): { changes: Change[]; keeps: boolean } {
  const changes: Change[] = [];
  let keeps = false;
  forEachPiece(a, b, (from, to, had, wants) => {
    if (had === wants || samePorts(had, wants)) {
      if (had.length > 0) keeps = true;
      return;
    }
    const remove = minus(had, wants);
    if (size(remove) < size(had)) keeps = true;
    changes.push({ first: from, last: to, remove, add: minus(wants, had) });
  });
  return { changes, keeps };
}

/** The ports of a that b does not hold. */
function minus(a: PortSet, b: PortSet): PortSet {
  let out = a;
  for (let k = 0; k < b.length && out.length > 0; k++) out = subtract(out, b[k]);
  return out;
}

/** The Jool 3 syntax: protocols that need the same change of the same mark share one command. */
function shareProtocols(steps: readonly Step[]): Step[] {
  // Steps of one protocol never share (a table's steps are disjoint), and are mostly in order already.
  if (steps.every((s) => s.protocols[0] === steps[0].protocols[0])) return isSorted(steps) ? [...steps] : [...steps].sort(compareSteps);
  const byChange = new Map<string, Step>();
  for (const s of steps) {
    const key = `${s.mark}/${s.prefix.address}/${s.prefix.length}/${s.range[0]}-${s.range[1]}`;
    const shared = byChange.get(key);
    byChange.set(key, shared === undefined ? s : { ...shared, protocols: [...shared.protocols, ...s.protocols], force: shared.force || s.force });
  }
  const out = [...byChange.values()].map((s) => ({ ...s, protocols: PROTOCOLS.filter((p) => s.protocols.includes(p)) }));
  out.sort(compareSteps);
  return out;
}

/** The Jool 3 syntax's order: by mark, address, larger prefixes first, then port range. */
function compareSteps(x: Step, y: Step): number {
  return x.mark - y.mark || x.prefix.address - y.prefix.address || y.prefix.length - x.prefix.length || x.range[0] - y.range[0] || x.range[1] - y.range[1];
}

function isSorted(steps: readonly Step[]): boolean {
  for (let i = 1; i < steps.length; i++) if (compareSteps(steps[i - 1], steps[i]) > 0) return false;
  return true;
}
