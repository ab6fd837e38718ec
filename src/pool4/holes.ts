/**
 * Jool 4's second pool4 tree: which transport addresses pool4 holds per protocol, without marks,
 * which `bib add` and every BIB-in-pool4 check ask (pool4db_contains(); bib-facts, "Found by
 * running"). An add puts its range in; a remove takes its range out whatever its mark, so removing
 * from one mark what another mark still holds leaves pool4 showing the range while its BIB refuses
 * it. Holes are those ranges: held by some table, out of the tree. Pure.
 */
import { firstOf, formatAddress, lastOf, parseAddress4 } from './addresses.js';
import type { Entry, Pool, Protocol } from './pool.js';
import type { PortRange } from './ports.js';
import { lowerBound } from './table.js';

/** Addresses first-last, ports min-max of one protocol: out of the mark-less tree. */
export interface Hole {
  readonly protocol: Protocol;
  readonly first: number;
  readonly last: number;
  readonly ports: PortRange;
}

export const NO_HOLES: readonly Hole[] = Object.freeze([]);

/** Whether the mark-less tree lacks address#port of the protocol. */
export function inHole(holes: readonly Hole[], protocol: Protocol, address: number, port: number): boolean {
  for (const h of holes) if (h.protocol === protocol && h.first <= address && address <= h.last && h.ports[0] <= port && port <= h.ports[1]) return true;
  return false;
}

/** An add puts its range back in the tree: the holes less the entry's rectangle. */
export function fill(holes: readonly Hole[], entry: Entry): readonly Hole[] {
  if (holes.length === 0) return holes;
  const first = firstOf(entry.prefix);
  const last = lastOf(entry.prefix);
  const [min, max] = entry.ports;
  const out: Hole[] = [];
  for (const h of holes) {
    if (!entry.protocols.includes(h.protocol) || h.last < first || h.first > last || h.ports[1] < min || h.ports[0] > max) {
      out.push(h);
      continue;
    }
    // What is left of the hole around the entry: addresses before and after it, then ports below and above it.
    if (h.first < first) out.push({ ...h, last: first - 1 });
    if (h.last > last) out.push({ ...h, first: last + 1 });
    const inside = { protocol: h.protocol, first: Math.max(h.first, first), last: Math.min(h.last, last) };
    if (h.ports[0] < min) out.push({ ...inside, ports: [h.ports[0], min - 1] });
    if (h.ports[1] > max) out.push({ ...inside, ports: [max + 1, h.ports[1]] });
  }
  return out;
}

/**
 * A remove in entry.mark takes its range out of the tree. Only what a table of another mark still
 * holds becomes a hole (the rest is out of pool4 anyway), so holes are recorded only then: most
 * removes leave the list as it was.
 */
export function punch(holes: readonly Hole[], entry: Entry, pool: Pool): readonly Hole[] {
  const first = firstOf(entry.prefix);
  const last = lastOf(entry.prefix);
  const [min, max] = entry.ports;
  const added: Hole[] = [];
  for (const protocol of entry.protocols) {
    const held = pool.tables.some((t) => t.protocol === protocol && t.mark !== entry.mark && touches(t.runs, first, last, min, max));
    if (held) added.push({ protocol, first, last, ports: [min, max] });
  }
  return added.length === 0 ? holes : [...holes, ...added];
}

/** Whether the runs hold a port of min-max at an address of first-last. */
export function touches(runs: Pool['tables'][number]['runs'], first: number, last: number, min: number, max: number): boolean {
  for (let i = lowerBound(runs.lasts, first); i < runs.length && runs.firsts[i] <= last; i++) {
    for (const [a, b] of runs.ports[i]) if (a <= max && min <= b) return true;
  }
  return false;
}

/** As the state file keeps a hole: "TCP 192.0.2.1-192.0.2.3 40-60". */
export function holeText(h: Hole): string {
  return `${h.protocol} ${formatAddress(h.first)}-${formatAddress(h.last)} ${h.ports[0]}-${h.ports[1]}`;
}

export function readHole(text: string): Hole | undefined {
  const m = /^(TCP|UDP|ICMP) ([0-9.]+)-([0-9.]+) ([0-9]{1,5})-([0-9]{1,5})$/.exec(text);
  if (m === null) return undefined;
  const [first, last, min, max] = [parseAddress4(m[2]), parseAddress4(m[3]), Number(m[4]), Number(m[5])];
  if (first === undefined || last === undefined || first > last || min > max || max > 65535) return undefined;
  return { protocol: m[1] as Protocol, first, last, ports: [min, max] };
}

/** What of the holes some table still holds, per mark: the ranges pool4 shows that the tree lacks. */
export function heldInHoles(holes: readonly Hole[], pool: Pool): { mark: number; protocol: Protocol; first: number; last: number; ports: [number, number] }[] {
  const out: { mark: number; protocol: Protocol; first: number; last: number; ports: [number, number] }[] = [];
  for (const h of holes) {
    for (const t of pool.tables) {
      if (t.protocol !== h.protocol) continue;
      const { firsts, lasts, ports } = t.runs;
      for (let i = lowerBound(lasts, h.first); i < t.runs.length && firsts[i] <= h.last; i++) {
        for (const [a, b] of ports[i]) {
          if (b < h.ports[0] || a > h.ports[1]) continue;
          out.push({ mark: t.mark, protocol: t.protocol, first: Math.max(firsts[i], h.first), last: Math.min(lasts[i], h.last), ports: [Math.max(a, h.ports[0]), Math.min(b, h.ports[1])] });
        }
      }
    }
  }
  return out;
}
