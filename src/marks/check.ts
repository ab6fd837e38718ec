/**
 * --check with the firewall's marks: what the rules and pool4 say together about each customer's
 * traffic (reference/marks-facts.md section 3). Pure.
 */
import { PROTOCOLS, type Pool, type Protocol, type Table } from '../pool4/pool.js';
import type { Defect, Evaluation, Part } from './evaluate.js';

/** A (mark, protocol) that packets carry and pool4 lacks: Jool drops them (JSTAT_MASK_DOMAIN_NOT_FOUND). */
export interface Missing {
  readonly mark: number;
  /** The protocols whose table the mark lacks, in display order. */
  readonly protocols: readonly Protocol[];
  /** The first part whose packets carry it, and how many parts do. */
  readonly part: Part;
  readonly parts: number;
  /** No rule set the mark: traffic no rule marks. */
  readonly unmarked: boolean;
  /** A table of the same mark in another protocol, whose samples would do for the missing ones. */
  readonly like?: Table;
}

/** Where two marks hold the same transport addresses of a protocol. */
export interface Shared {
  readonly protocol: Protocol;
  readonly first: number;
  readonly last: number;
  readonly ports: readonly [number, number];
  readonly marks: readonly [number, number];
}

export interface Capacity {
  readonly protocol: Protocol;
  readonly customers: number;
  readonly fewest: { readonly mark: number; readonly count: number };
  readonly median: number;
  readonly most: { readonly mark: number; readonly count: number };
}

export interface MarksReport {
  /** pool4 holds nothing: Jool masks every packet with the host's own addresses, whatever its mark. */
  readonly emptyPool: boolean;
  readonly missing: readonly Missing[];
  /** Tables whose mark no rule gives any packet. */
  readonly unreached: readonly Table[];
  readonly shared: readonly Shared[];
  readonly sharedTotal: number;
  readonly defects: readonly Defect[];
  readonly capacity: readonly Capacity[];
}

/** How many shared ranges are listed; the rest are counted. */
const SHARED_SHOWN = 20;

export function checkMarks(pool: Pool, evaluation: Evaluation): MarksReport {
  const tables = new Map<string, Table>();
  for (const t of pool.tables) tables.set(`${t.protocol} ${t.mark}`, t);
  const empty = pool.tables.length === 0;
  const missing = new Map<number, { mark: number; protocols: Set<Protocol>; part: Part; parts: Set<Part>; unmarked: boolean }>();
  const reached = new Set<string>();
  const customers = new Map<Protocol, Set<number>>(PROTOCOLS.map((p) => [p, new Set()]));
  for (const part of evaluation.parts) {
    for (const o of part.outcomes) {
      if (o.dropped) continue;
      for (const protocol of o.protocols) {
        const key = `${protocol} ${o.mark}`;
        reached.add(key);
        if (o.setBy !== undefined) customers.get(protocol)?.add(o.mark);
        // An empty pool4 masks everything with the host's own address: no table is missing then.
        if (empty || tables.has(key)) continue;
        const seen = missing.get(o.mark) ?? { mark: o.mark, protocols: new Set<Protocol>(), part, parts: new Set<Part>(), unmarked: o.setBy === undefined };
        seen.protocols.add(protocol);
        seen.parts.add(part);
        missing.set(o.mark, seen);
      }
    }
  }
  const missingList: Missing[] = [...missing.values()]
    .sort((a, b) => a.mark - b.mark)
    .map((m) => {
      const like = PROTOCOLS.map((p) => tables.get(`${p} ${m.mark}`)).find((t) => t !== undefined);
      return { mark: m.mark, protocols: PROTOCOLS.filter((p) => m.protocols.has(p)), part: m.part, parts: m.parts.size, unmarked: m.unmarked, ...(like === undefined ? {} : { like }) };
    });
  const unreached = pool.tables.filter((t) => !reached.has(`${t.protocol} ${t.mark}`));
  const { shown, total } = sharedOf(pool);
  return { emptyPool: empty, missing: missingList, unreached, shared: shown, sharedTotal: total, defects: evaluation.defects, capacity: capacityOf(tables, customers) };
}

/** Marks with a table in one protocol and not in another: without rules, the one check of marks there is. */
export function lopsided(pool: Pool): { mark: number; has: Protocol[]; lacks: Protocol[] }[] {
  const byMark = new Map<number, Protocol[]>();
  for (const t of pool.tables) byMark.set(t.mark, [...(byMark.get(t.mark) ?? []), t.protocol]);
  const out: { mark: number; has: Protocol[]; lacks: Protocol[] }[] = [];
  for (const [mark, has] of byMark) {
    const lacks = PROTOCOLS.filter((p) => !has.includes(p));
    if (lacks.length > 0) out.push({ mark, has, lacks });
  }
  return out.sort((a, b) => a.mark - b.mark);
}

function sharedOf(pool: Pool): { shown: Shared[]; total: number } {
  const shown: Shared[] = [];
  let total = 0;
  for (const protocol of PROTOCOLS) {
    const items: { first: number; last: number; min: number; max: number; mark: number }[] = [];
    for (const t of pool.tables) {
      if (t.protocol !== protocol) continue;
      const { firsts, lasts, ports } = t.runs;
      for (let i = 0; i < t.runs.length; i++) for (const [min, max] of ports[i]) items.push({ first: firsts[i], last: lasts[i], min, max, mark: t.mark });
    }
    items.sort((a, b) => a.first - b.first || a.min - b.min);
    let active: typeof items = [];
    for (const it of items) {
      active = active.filter((a) => a.last >= it.first);
      for (const a of active) {
        if (a.mark === it.mark || a.max < it.min || it.max < a.min) continue;
        total++;
        if (shown.length < SHARED_SHOWN) {
          const marks: [number, number] = a.mark < it.mark ? [a.mark, it.mark] : [it.mark, a.mark];
          shown.push({ protocol, first: it.first, last: Math.min(a.last, it.last), ports: [Math.max(a.min, it.min), Math.min(a.max, it.max)], marks });
        }
      }
      active.push(it);
    }
  }
  return { shown, total };
}

function capacityOf(tables: Map<string, Table>, customers: Map<Protocol, Set<number>>): Capacity[] {
  const out: Capacity[] = [];
  for (const protocol of PROTOCOLS) {
    const counts: { mark: number; count: number }[] = [];
    for (const mark of customers.get(protocol) ?? []) {
      const t = tables.get(`${protocol} ${mark}`);
      if (t !== undefined) counts.push({ mark, count: t.runs.transportAddresses() });
    }
    if (counts.length === 0) continue;
    counts.sort((a, b) => a.count - b.count || a.mark - b.mark);
    const mid = counts.length >> 1;
    const median = counts.length % 2 === 1 ? counts[mid].count : (counts[mid - 1].count + counts[mid].count) / 2;
    out.push({ protocol, customers: counts.length, fewest: counts[0], median, most: counts[counts.length - 1] });
  }
  return out;
}
