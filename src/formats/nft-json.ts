/**
 * `nft -j list ruleset`: the same ruleset as nft-ruleset.ts reads, in libnftables' JSON. The same
 * chains count (ip6 and inet, hook prerouting, before Jool's -75), in the same order, with the same
 * statements; a rule is named by its place in the "nftables" array, since the JSON is one line.
 */
import type { Protocol } from '../pool4/pool.js';
import { addressOf, parsePrefix6, prefixesOf6, type Prefix6 } from '../marks/prefix6.js';
import type { Action, Origin, Rule, SourceMatch } from '../marks/rules.js';
import { FileError } from './file-errors.js';
import { JOOL_PRIORITY } from './nft-ruleset.js';
import { statementRules } from './nft-statements.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Obj = { [key: string]: Json };

interface Chain {
  readonly key: string;
  readonly name: string;
  readonly family: string;
  readonly table: string;
  readonly hook?: string;
  readonly prio?: number;
  readonly at: number;
  readonly rules: { readonly at: number; readonly expr: Json[] }[];
}

const isObj = (v: Json | undefined): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const PROTOCOLS: Record<string, Protocol> = { tcp: 'TCP', udp: 'UDP', icmpv6: 'ICMP', 'ipv6-icmp': 'ICMP' };

export function readNftJson(file: string, text: string): Rule[] {
  let root: Json;
  try {
    root = JSON.parse(text) as Json;
  } catch (e) {
    throw new FileError(file, '', `is not valid JSON (${(e as Error).message}), as nft -j list ruleset writes it`);
  }
  const list = isObj(root) ? root.nftables : undefined;
  if (!Array.isArray(list)) throw new FileError(file, '', 'has no "nftables" array: it is not what nft -j list ruleset writes');
  const chains = new Map<string, Chain>();
  const sets = new Map<string, Json[]>();
  const where = (at: number) => `nftables[${at}]`;
  const fail = (at: number, why: string): never => {
    throw new FileError(file, where(at), why);
  };
  list.forEach((item, at) => {
    if (!isObj(item)) fail(at, 'is not an object');
    const o = item as Obj;
    const chain = o.chain;
    if (isObj(chain)) {
      const key = `${chain.family} ${chain.table} ${chain.name}`;
      chains.set(key, {
        key,
        name: String(chain.name),
        family: String(chain.family),
        table: String(chain.table),
        at,
        rules: chains.get(key)?.rules ?? [],
        ...(typeof chain.hook === 'string' ? { hook: chain.hook } : {}),
        ...(typeof chain.prio === 'number' ? { prio: chain.prio } : {}),
      });
    }
    for (const kind of ['set', 'map'] as const) {
      const s = o[kind];
      if (isObj(s)) sets.set(`${s.family} ${s.table} ${s.name}`, Array.isArray(s.elem) ? s.elem : []);
    }
    const rule = o.rule;
    if (isObj(rule)) {
      const key = `${rule.family} ${rule.table} ${rule.chain}`;
      if (!Array.isArray(rule.expr)) fail(at, 'is a rule without "expr"');
      const c = chains.get(key);
      if (c === undefined) fail(at, `is a rule of chain '${String(rule.chain)}', which comes before it nowhere`);
      c?.rules.push({ at, expr: rule.expr as Json[] });
    }
  });

  /** Prefixes of a set element or match value: an address, {prefix}, {range}, {elem: {val}}, {set: [...]}, or @name. */
  const prefixes = (v: Json, family: string, table: string, at: number): Prefix6[] => {
    if (typeof v === 'string') {
      if (v.startsWith('@')) {
        const named = sets.get(`${family} ${table} ${v.slice(1)}`);
        if (named === undefined) return fail(at, `set '${v}' is not in table ${table}`);
        return named.flatMap((e) => prefixes(Array.isArray(e) ? e[0] : e, family, table, at));
      }
      const p = parsePrefix6(v);
      return typeof p === 'string' ? fail(at, p) : [p];
    }
    if (isObj(v) && isObj(v.prefix)) {
      const p = parsePrefix6(`${String(v.prefix.addr)}/${String(v.prefix.len)}`);
      return typeof p === 'string' ? fail(at, p) : [p];
    }
    if (isObj(v) && Array.isArray(v.range) && v.range.length === 2) {
      const [a, b] = v.range.map((x) => addressOf(String(x)));
      if (a === undefined || b === undefined || a > b) return fail(at, `${JSON.stringify(v)} is not an IPv6 interval`);
      return prefixesOf6(a, b);
    }
    if (isObj(v) && isObj(v.elem)) return prefixes(v.elem.val, family, table, at);
    if (isObj(v) && Array.isArray(v.set)) return v.set.flatMap((e) => prefixes(e, family, table, at));
    return fail(at, `${JSON.stringify(v)} is not an IPv6 address, prefix, interval or set`);
  };

  const mark = (v: Json | undefined, at: number): number => {
    if (typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 0xffffffff) return v;
    if (typeof v === 'string' && /^0x[0-9a-f]{1,8}$/i.test(v)) return parseInt(v, 16);
    return fail(at, `${JSON.stringify(v)} is not a mark of 0 to 4294967295`);
  };

  const isMark = (v: Json | undefined) => isObj(v) && isObj(v.meta) && v.meta.key === 'mark';
  const isSaddr = (v: Json | undefined) => isObj(v) && isObj(v.payload) && v.payload.protocol === 'ip6' && v.payload.field === 'saddr';

  /** `meta mark set` of one statement's value. */
  const markAction = (value: Json, family: string, table: string, at: number): Action => {
    if (!isObj(value)) return { kind: 'mark', value: mark(value, at), mask: 0xffffffff };
    for (const [op, form] of [
      ['|', (n: number) => ({ value: n, mask: n })],
      ['&', (n: number) => ({ value: 0, mask: ~n >>> 0 })],
      ['^', (n: number) => ({ value: n, mask: 0 })],
    ] as const) {
      const args = value[op];
      if (Array.isArray(args) && args.length === 2 && isMark(args[0])) return { kind: 'mark', ...form(mark(args[1], at)) };
    }
    const map = value.map;
    if (isObj(map) && isSaddr(map.key)) {
      const data = map.data;
      const elements = typeof data === 'string' && data.startsWith('@') ? sets.get(`${family} ${table} ${data.slice(1)}`) : isObj(data) && Array.isArray(data.set) ? data.set : undefined;
      if (elements === undefined) return fail(at, `map ${JSON.stringify(data)} is not in table ${table}`);
      const entries = elements.flatMap((e) => {
        if (!Array.isArray(e) || e.length !== 2) return fail(at, `map element ${JSON.stringify(e)} is not [key, mark]`);
        const m = mark(e[1], at);
        return prefixes(e[0], family, table, at).map((prefix) => ({ prefix, mark: m }));
      });
      return { kind: 'map', entries };
    }
    return fail(at, `meta mark set ${JSON.stringify(value)} is not a mark this program can follow (a number, meta mark with |, &, ^, or an ip6 saddr map)`);
  };

  const rulesOf = (chain: Chain, sources: readonly SourceMatch[], conditions: readonly string[], protocols: readonly Protocol[] | undefined, seen: ReadonlySet<string>): Rule[] => {
    const out: Rule[] = [];
    for (const { at, expr } of chain.rules) {
      const origin: Origin = { file, line: 1, place: `${where(at)} (a rule of chain ${chain.name})` };
      const own: SourceMatch[] = [];
      const words: string[] = [];
      let ruleProtocols = protocols;
      let action: Action | undefined;
      let verdict: string | undefined;
      let target: string | undefined;
      let markMatch: Rule['mark'];
      const narrow = (p: Protocol) => {
        ruleProtocols = ruleProtocols === undefined || ruleProtocols.includes(p) ? [p] : [];
      };
      for (const statement of expr) {
        if (!isObj(statement)) return fail(at, `${JSON.stringify(statement)} is not a statement`);
        const match = statement.match;
        if (isObj(match)) {
          const op = String(match.op);
          if (isSaddr(match.left)) {
            own.push({ prefixes: prefixes(match.right, chain.family, chain.table, at), negated: op === '!=' });
            continue;
          }
          const left = match.left;
          const masked = isObj(left) && Array.isArray(left['&']) && left['&'].length === 2 && isMark(left['&'][0]) ? mark(left['&'][1], at) : undefined;
          if ((isMark(left) || masked !== undefined) && (op === '==' || op === '!=')) {
            const mask = masked ?? 0xffffffff;
            markMatch = { value: (mark(match.right, at) & mask) >>> 0, mask, negated: op === '!=' };
            continue;
          }
          const l4 = isObj(left) && ((isObj(left.meta) && left.meta.key === 'l4proto') || (isObj(left.payload) && left.payload.protocol === 'ip6' && left.payload.field === 'nexthdr'));
          if (l4 && op === '==' && typeof match.right === 'string' && PROTOCOLS[match.right] !== undefined) {
            narrow(PROTOCOLS[match.right]);
            continue;
          }
          if (isObj(left) && isObj(left.payload) && PROTOCOLS[String(left.payload.protocol)] !== undefined) narrow(PROTOCOLS[String(left.payload.protocol)]);
          words.push(matchText(match));
          continue;
        }
        const mangle = statement.mangle;
        if (isObj(mangle) && isMark(mangle.key)) {
          action = markAction(mangle.value, chain.family, chain.table, at);
          continue;
        }
        for (const v of ['accept', 'drop', 'reject', 'return']) if (v in statement) verdict = v;
        for (const v of ['jump', 'goto']) {
          const j = statement[v];
          if (isObj(j)) {
            verdict = v;
            target = String(j.target);
          }
        }
        // counter, log, limit, comment and the like change no mark.
      }
      const st = { origin, own, words, protocols: ruleProtocols, mark: markMatch, action, verdict, target };
      const { rules, stop } = statementRules(st, { sources, conditions }, (name, innerSources, innerConditions, innerProtocols) => {
        const next = chains.get(`${chain.family} ${chain.table} ${name}`);
        if (next === undefined) return fail(at, `chain '${name}' is not in table ${chain.table}`);
        if (seen.has(next.key)) return fail(at, `chain '${name}' jumps back into itself`);
        return rulesOf(next, innerSources, innerConditions, innerProtocols, new Set([...seen, chain.key]));
      });
      out.push(...rules);
      if (stop) break;
    }
    return out;
  };

  const hooked = [...chains.values()]
    .filter((c) => (c.family === 'ip6' || c.family === 'inet') && c.hook === 'prerouting' && (c.prio ?? 0) < JOOL_PRIORITY)
    .sort((a, b) => (a.prio ?? 0) - (b.prio ?? 0) || a.at - b.at);
  return hooked.flatMap((c) => rulesOf(c, [], [], undefined, new Set()));
}

/** A match as nft list ruleset prints it (`iifname "eth1"`, `tcp dport != 80`); JSON where it has no such form. */
function matchText(m: Obj): string {
  const side = (v: Json | undefined, quoted: boolean): string => {
    if (isObj(v) && isObj(v.meta)) return ['iifname', 'oifname', 'iif', 'oif', 'mark', 'l4proto'].includes(String(v.meta.key)) ? String(v.meta.key) : `meta ${String(v.meta.key)}`;
    if (isObj(v) && isObj(v.payload)) return `${String(v.payload.protocol)} ${String(v.payload.field)}`;
    if (typeof v === 'string') return quoted ? JSON.stringify(v) : v;
    if (typeof v === 'number') return String(v);
    return JSON.stringify(v);
  };
  const left = m.left;
  const quoted = isObj(left) && isObj(left.meta) && ['iifname', 'oifname'].includes(String(left.meta.key));
  const op = m.op === '==' || m.op === 'in' ? '' : ` ${String(m.op)}`;
  return `${side(left, false)}${op} ${side(m.right, quoted)}`;
}
