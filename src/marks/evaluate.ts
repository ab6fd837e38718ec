/**
 * The rules applied in order to every part of the IPv6 source space that they tell apart: which
 * mark (under which conditions, for which protocols) each customer's packets carry when Jool sees
 * them. Pure.
 *
 * The parts: every prefix the rules name (sources, MARKSRCRANGE's sub-prefixes, map entries) less
 * the more specific ones named inside it, and ::/0 less all of them (traffic no rule names). Two
 * named prefixes are nested or disjoint, so each rule holds for a whole part or none of it.
 */
import { PROTOCOLS, type Protocol } from '../pool4/pool.js';
import { applyMark, intendedSrcRange, markSrcRange, probeAddress, subPrefixIndex } from './arithmetic.js';
import { EVERYTHING, keyOf, maskOf, sizeOf, within, type Prefix6 } from './prefix6.js';
import type { Origin, Rule, SourceMatch } from './rules.js';

/** What the packets of one part look like at Jool's hook. */
export interface Outcome {
  readonly mark: number;
  readonly protocols: readonly Protocol[];
  /** Matches of other kinds that must hold (or not) for this outcome, as the rules wrote them. */
  readonly conditions: readonly string[];
  readonly dropped: boolean;
  /** The last rule that set the mark; undefined for the mark packets arrive with (0). */
  readonly setBy?: Origin;
}

export interface Part {
  readonly prefix: Prefix6;
  /** How many more specific prefixes the rules name inside it (they are parts of their own). */
  readonly carved: number;
  readonly outcomes: readonly Outcome[];
}

/** Where MARKSRCRANGE's mark differs from the intended one for a real source address. */
export interface Defect {
  readonly origin: Origin;
  readonly prefix: Prefix6;
  readonly subLength: number;
  readonly example: bigint;
  readonly intended: number;
  readonly actual: number;
}

export interface Evaluation {
  readonly parts: readonly Part[];
  readonly defects: readonly Defect[];
}

/** How many parts this program tells apart (a MARKSRCRANGE rule over a /32 of /64s would be 2^32). */
export const MAX_PARTS = 1 << 20;

export class TooManyParts extends Error {
  constructor(readonly origin: Origin) {
    super('too many parts');
  }
}

const MAX_OUTCOMES = 64;

export function evaluate(rules: readonly Rule[]): Evaluation {
  const named = new Map<string, Prefix6>([[keyOf(EVERYTHING), EVERYTHING]]);
  const name = (p: Prefix6, origin: Origin) => {
    named.set(keyOf(p), p);
    if (named.size > MAX_PARTS) throw new TooManyParts(origin);
  };
  const maps: (Map<string, number> | undefined)[] = [];
  for (const r of rules) {
    for (const m of r.sources) for (const p of m.prefixes) name(p, r.origin);
    if (r.action.kind === 'src-range') {
      const { prefix, subLength } = r.action;
      if (2 ** (subLength - prefix.length) > MAX_PARTS) throw new TooManyParts(r.origin);
      const step = sizeOf({ address: 0n, length: subLength });
      const count = 1n << BigInt(subLength - prefix.length);
      for (let i = 0n; i < count; i++) name({ address: prefix.address + i * step, length: subLength }, r.origin);
    }
    if (r.action.kind === 'map') {
      const byKey = new Map<string, number>();
      for (const e of r.action.entries) {
        name(e.prefix, r.origin);
        byKey.set(keyOf(e.prefix), e.mark);
      }
      maps.push(byKey);
    } else {
      maps.push(undefined);
    }
  }

  // Nesting: sorted by address then length, each prefix's parent is the nearest one before it that holds it.
  const sorted = [...named.values()].sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : a.length - b.length));
  const parent = new Map<Prefix6, Prefix6 | undefined>();
  const covered = new Map<Prefix6, bigint>();
  const carved = new Map<Prefix6, number>();
  const stack: Prefix6[] = [];
  for (const p of sorted) {
    while (stack.length > 0 && !within(p, stack[stack.length - 1])) stack.pop();
    const up = stack[stack.length - 1];
    parent.set(p, up);
    if (up !== undefined) {
      covered.set(up, (covered.get(up) ?? 0n) + sizeOf(p));
      carved.set(up, (carved.get(up) ?? 0) + 1);
    }
    stack.push(p);
  }

  // Each rule is filed under the prefixes of its first positive source match; the others are asked everywhere.
  const filed = new Map<Prefix6, number[]>();
  const everywhere: number[] = [];
  rules.forEach((r, i) => {
    const positive = r.sources.find((m) => !m.negated);
    if (positive === undefined) {
      everywhere.push(i);
      return;
    }
    for (const p of positive.prefixes) {
      const at = named.get(keyOf(p)) as Prefix6;
      const list = filed.get(at);
      if (list === undefined) filed.set(at, [i]);
      else list.push(i);
    }
  });

  const parts: Part[] = [];
  for (const p of sorted) {
    if ((covered.get(p) ?? 0n) >= sizeOf(p)) continue;
    const ancestors: Prefix6[] = [];
    for (let a: Prefix6 | undefined = p; a !== undefined; a = parent.get(a)) ancestors.push(a);
    const candidates = [...everywhere];
    for (const a of ancestors) candidates.push(...(filed.get(a) ?? []));
    candidates.sort((x, y) => x - y);
    let outcomes: Outcome[] = [{ mark: 0, protocols: PROTOCOLS, conditions: [], dropped: false }];
    const finished: Outcome[] = [];
    let last = -1;
    for (const i of candidates) {
      if (i === last) continue;
      last = i;
      const r = rules[i];
      if (!r.sources.every((m) => holds(m, p))) continue;
      const next: Outcome[] = [];
      for (const o of outcomes) {
        // A match on the mark itself is decided here: the outcome knows the mark the packet has.
        if (r.mark !== undefined && ((o.mark & r.mark.mask) >>> 0 === r.mark.value) === r.mark.negated) {
          next.push(o);
          continue;
        }
        const hit = r.protocols === undefined ? o.protocols : o.protocols.filter((x) => r.protocols?.includes(x));
        const miss = o.protocols.filter((x) => !hit.includes(x));
        const conditional = r.conditions.length > 0;
        if (hit.length > 0) {
          const matched = { ...o, protocols: hit, conditions: conditional ? [...o.conditions, ...r.conditions] : o.conditions };
          const after = apply(r, matched, p, ancestors, maps[i]);
          if (after.final) finished.push(after.outcome);
          else next.push(after.outcome);
        }
        if (miss.length > 0) next.push({ ...o, protocols: miss });
        if (hit.length > 0 && conditional) next.push({ ...o, protocols: hit, conditions: [...o.conditions, `not (${r.conditions.join(' ')})`] });
      }
      outcomes = merged(next);
      if (outcomes.length + finished.length > MAX_OUTCOMES) throw new TooManyParts(r.origin);
      if (outcomes.length === 0) break;
    }
    parts.push({ prefix: p, carved: carved.get(p) ?? 0, outcomes: merged([...finished, ...outcomes]) });
  }
  return { parts, defects: defectsOf(rules) };
}

function holds(m: SourceMatch, part: Prefix6): boolean {
  const inside = m.prefixes.some((q) => within(part, q));
  return m.negated ? !inside : inside;
}

function apply(r: Rule, o: Outcome, part: Prefix6, ancestors: readonly Prefix6[], map: Map<string, number> | undefined): { outcome: Outcome; final: boolean } {
  const a = r.action;
  switch (a.kind) {
    case 'mark':
      return { outcome: { ...o, mark: applyMark(o.mark, a.value, a.mask), setBy: r.origin }, final: false };
    case 'src-range': {
      const sub = { address: part.address & maskOf(a.subLength), length: a.subLength };
      return { outcome: { ...o, mark: (a.offset + subPrefixIndex(sub, a.prefix.length, a.subLength)) >>> 0, setBy: r.origin }, final: false };
    }
    case 'map': {
      for (const up of ancestors) {
        const mark = map?.get(keyOf(up));
        if (mark !== undefined) return { outcome: { ...o, mark, setBy: r.origin }, final: false };
      }
      return { outcome: o, final: false };
    }
    case 'accept':
    case 'jool':
      return { outcome: o, final: true };
    case 'drop':
      return { outcome: { ...o, dropped: true }, final: true };
  }
}

/** Outcomes that differ only in protocols become one. */
function merged(outcomes: readonly Outcome[]): Outcome[] {
  const out: Outcome[] = [];
  for (const o of outcomes) {
    const same = out.findIndex((x) => x.mark === o.mark && x.dropped === o.dropped && x.setBy === o.setBy && x.conditions.join('\n') === o.conditions.join('\n'));
    if (same < 0) out.push(o);
    else out[same] = { ...out[same], protocols: PROTOCOLS.filter((x) => out[same].protocols.includes(x) || o.protocols.includes(x)) };
  }
  return out;
}

/** Each MARKSRCRANGE rule whose code gives a real-looking source another mark than it means to. */
function defectsOf(rules: readonly Rule[]): Defect[] {
  const out: Defect[] = [];
  for (const r of rules) {
    if (r.action.kind !== 'src-range') continue;
    const { prefix, subLength, offset } = r.action;
    const count = 2 ** (subLength - prefix.length);
    const index = BigInt(Math.min(15, count - 1));
    const sub = { address: prefix.address + index * sizeOf({ address: 0n, length: subLength }), length: subLength };
    const example = probeAddress(sub);
    const intended = intendedSrcRange(example, prefix.length, subLength, offset);
    const actual = markSrcRange(example, prefix.length, subLength, offset);
    if (intended !== actual) out.push({ origin: r.origin, prefix, subLength, example, intended, actual });
  }
  return out;
}
