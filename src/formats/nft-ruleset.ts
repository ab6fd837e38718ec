/**
 * `nft list ruleset` text: the prerouting chains of ip6 and inet tables that run before Jool's hook
 * (priority -75), in priority order, with their mark statements (`meta mark set N`, `meta mark set
 * meta mark | N`, `meta mark set ip6 saddr map {...}` or `map @name`), `ip6 saddr` matches (sets,
 * named sets, intervals) and jumps followed; every other match kept as a condition.
 * It is over 300 lines, because it is one reader of one token stream: its parts share the cursor.
 */
import type { Protocol } from '../pool4/pool.js';
import { addressOf, parsePrefix6, prefixesOf6, type Prefix6 } from '../marks/prefix6.js';
import type { Action, Rule, SourceMatch } from '../marks/rules.js';
import { statementRules } from './nft-statements.js';
import { FileError } from './file-errors.js';
import { parseMarkNumber } from './mark-values.js';

interface Token {
  readonly text: string;
  readonly line: number;
}

/** A statement: its tokens, up to a newline or ';' outside braces. */
type Statement = readonly Token[];

interface Chain {
  readonly name: string;
  readonly line: number;
  readonly statements: Statement[];
  hook?: string;
  priority?: number;
}

interface Table {
  readonly family: string;
  readonly chains: Map<string, Chain>;
  readonly sets: Map<string, Statement>;
}

/** Jool's Netfilter hook in PREROUTING (src/mod/common/xlator.c): NF_IP6_PRI_NAT_DST + 25. */
export const JOOL_PRIORITY = -75;
const PRIORITIES: Record<string, number> = { raw: -300, mangle: -150, dstnat: -100, filter: 0, security: 50, srcnat: 100 };

function tokenize(text: string): Token[] {
  const out: Token[] = [];
  // nft -f files may carry comments; nft list ruleset prints none.
  const re = /#[^\n]*|"(?:[^"\\]|\\.)*"|[{};,\n]|[^\s{};,#]+/g;
  let line = 1;
  let m: RegExpExecArray | null = re.exec(text);
  while (m !== null) {
    if (!m[0].startsWith('#')) out.push({ text: m[0], line });
    if (m[0] === '\n') line++;
    m = re.exec(text);
  }
  return out;
}

export function readNftRuleset(file: string, text: string): Rule[] {
  const tokens = tokenize(text);
  let at = 0;
  const fail = (t: Token | undefined, why: string): never => {
    throw new FileError(file, t === undefined ? 'at its end' : `line ${t.line}`, why);
  };
  const skipBlank = () => {
    while (at < tokens.length && (tokens[at].text === '\n' || tokens[at].text === ';')) at++;
  };
  /** The tokens up to the end of the statement; braces inside it may span lines. */
  const statement = (): Token[] => {
    const out: Token[] = [];
    let depth = 0;
    while (at < tokens.length) {
      const t = tokens[at];
      if (depth === 0 && (t.text === '\n' || t.text === ';' || t.text === '}')) break;
      at++;
      if (t.text === '\n') continue;
      if (t.text === '{') depth++;
      if (t.text === '}') depth--;
      out.push(t);
    }
    if (depth > 0) fail(tokens[at - 1], 'a brace is not closed: the file is cut short');
    return out;
  };
  /** Skips a block whose '{' was just read. */
  const skipBlock = (open: Token) => {
    let depth = 1;
    while (depth > 0) {
      if (at >= tokens.length) fail(open, `the block opened here is not closed: the file is cut short`);
      const t = tokens[at++].text;
      if (t === '{') depth++;
      if (t === '}') depth--;
    }
  };

  const tables: Table[] = [];
  while (true) {
    skipBlank();
    if (at >= tokens.length) break;
    const head = tokens.slice(at, at + 4);
    if (head[0].text !== 'table') fail(head[0], `'${head[0].text}' is not something nft list ruleset writes at the top (table ...)`);
    if (head.length < 4 || head[3].text !== '{') fail(head[0], 'a table is written "table FAMILY NAME {"');
    at += 4;
    const family = head[1].text;
    const table: Table = { family, chains: new Map(), sets: new Map() };
    tables.push(table);
    while (true) {
      skipBlank();
      const t = tokens[at];
      if (t === undefined) fail(head[0], 'the table opened here is not closed: the file is cut short');
      if (t.text === '}') {
        at++;
        break;
      }
      const kind = t.text;
      const name = tokens[at + 1]?.text;
      const brace = tokens[at + 2];
      if (name === undefined || brace?.text !== '{') fail(t, `'${kind}' is not followed by a name and '{'`);
      at += 3;
      if (kind === 'chain') table.chains.set(name, readChain(name, t.line));
      else if (kind === 'map' || kind === 'set') table.sets.set(name, readSet(brace));
      else skipBlock(brace);
    }
  }

  function readChain(name: string, line: number): Chain {
    const chain: Chain = { name, line, statements: [] };
    while (true) {
      skipBlank();
      const t = tokens[at];
      if (t === undefined) fail(undefined, `chain '${name}' is not closed: the file is cut short`);
      if (t.text === '}') {
        at++;
        return chain;
      }
      const s = statement();
      if (s[0]?.text === 'type' && s.some((x) => x.text === 'hook')) {
        chain.hook = s[s.findIndex((x) => x.text === 'hook') + 1]?.text;
        const p = s.findIndex((x) => x.text === 'priority');
        chain.priority = priorityOf(s.slice(p + 1), s[0]);
        continue;
      }
      if (s[0]?.text === 'policy' || s[0]?.text === 'comment') continue;
      if (s.length > 0) chain.statements.push(s);
    }
  }

  function priorityOf(words: readonly Token[], where: Token): number {
    const text = words.map((w) => w.text).join(' ');
    const m = /^(-?[0-9]+|[a-z]+)(?: ([+-]) ([0-9]+))?$/.exec(text);
    const base = m === null ? undefined : /^-?[0-9]+$/.test(m[1]) ? Number(m[1]) : PRIORITIES[m[1]];
    if (m === null || base === undefined) return fail(where, `priority '${text}' is not a number or a name nft knows (raw, mangle, dstnat, filter, security, srcnat)`);
    return base + (m[2] === undefined ? 0 : (m[2] === '-' ? -1 : 1) * Number(m[3]));
  }

  /** A named set or map: its `elements = { ... }` statement (empty when it has none). */
  function readSet(open: Token): Statement {
    let elements: Statement = [];
    while (true) {
      skipBlank();
      const t = tokens[at];
      if (t === undefined) fail(open, 'the set opened here is not closed: the file is cut short');
      if (t.text === '}') {
        at++;
        return elements;
      }
      const s = statement();
      if (s[0]?.text === 'elements') elements = s.slice(2);
    }
  }

  const rules: Rule[] = [];
  const hooked = tables
    .filter((t) => t.family === 'ip6' || t.family === 'inet')
    .flatMap((t) => [...t.chains.values()].filter((c) => c.hook === 'prerouting' && (c.priority ?? 0) < JOOL_PRIORITY).map((c) => ({ table: t, chain: c })))
    .sort((a, b) => (a.chain.priority ?? 0) - (b.chain.priority ?? 0));
  for (const { table, chain } of hooked) rules.push(...chainRules(file, table, chain, [], [], undefined, new Set(), fail));
  return rules;
}

type Fail = (t: Token | undefined, why: string) => never;

const PROTOCOL_WORDS: Record<string, Protocol> = { tcp: 'TCP', udp: 'UDP', icmpv6: 'ICMP', 'ipv6-icmp': 'ICMP' };

function chainRules(
  file: string,
  table: Table,
  chain: Chain,
  sources: readonly SourceMatch[],
  conditions: readonly string[],
  protocols: readonly Protocol[] | undefined,
  seen: Set<string>,
  fail: Fail,
): Rule[] {
  const out: Rule[] = [];
  for (const s of chain.statements) {
    const origin = { file, line: s[0].line };
    const own: SourceMatch[] = [];
    const words: string[] = [];
    let ruleProtocols = protocols;
    let action: Action | undefined;
    let verdict: string | undefined;
    let jumpTo: string | undefined;
    let markMatch: Rule['mark'];
    for (let i = 0; i < s.length; i++) {
      const w = s[i].text;
      if (w === 'ip6' && s[i + 1]?.text === 'saddr' && s[i + 2]?.text !== 'map') {
        i += 2;
        const negated = s[i]?.text === '!=';
        if (negated) i++;
        const [prefixes, next] = prefixList(s, i, table, fail);
        own.push({ prefixes, negated });
        i = next - 1;
        continue;
      }
      if (w === 'meta' && s[i + 1]?.text === 'mark' && s[i + 2]?.text !== 'set') {
        // meta mark [!=] V, meta mark & M [==|!=] V: decided with the packet's mark.
        let j = i + 2;
        let mask = 0xffffffff;
        if (s[j]?.text === '&' || s[j]?.text === 'and') {
          mask = parseMarkNumber(s[j + 1]?.text ?? '') ?? fail(s[j], "'meta mark &' needs a mask of 0 to 0xffffffff");
          j += 2;
        }
        const negated = s[j]?.text === '!=';
        if (negated || s[j]?.text === '==') j++;
        const value = parseMarkNumber(s[j]?.text ?? '') ?? fail(s[i], "'meta mark' is matched against a mark of 0 to 0xffffffff");
        markMatch = { value: (value & mask) >>> 0, mask, negated };
        i = j;
        continue;
      }
      if ((w === 'meta' && s[i + 1]?.text === 'mark' && s[i + 2]?.text === 'set') || (w === 'mark' && s[i + 1]?.text === 'set')) {
        i += w === 'meta' ? 3 : 2;
        const [a, next] = markExpression(s, i, table, fail);
        action = a;
        i = next - 1;
        continue;
      }
      if ((w === 'meta' && s[i + 1]?.text === 'l4proto') || (w === 'ip6' && s[i + 1]?.text === 'nexthdr')) {
        const p = PROTOCOL_WORDS[s[i + 2]?.text ?? ''];
        if (p !== undefined) {
          ruleProtocols = ruleProtocols === undefined || ruleProtocols.includes(p) ? [p] : [];
          i += 2;
          continue;
        }
      }
      if (PROTOCOL_WORDS[w] !== undefined && s[i + 1] !== undefined && /^[a-z]/.test(s[i + 1].text) && !['accept', 'drop'].includes(s[i + 1].text)) {
        const p = PROTOCOL_WORDS[w];
        ruleProtocols = ruleProtocols === undefined || ruleProtocols.includes(p) ? [p] : [];
      }
      if (w === 'counter') {
        while (s[i + 1]?.text === 'packets' || s[i + 1]?.text === 'bytes') i += 2;
        continue;
      }
      if (w === 'comment') {
        i++;
        continue;
      }
      if (['accept', 'drop', 'reject', 'return'].includes(w)) {
        verdict = w;
        continue;
      }
      if (w === 'jump' || w === 'goto') {
        jumpTo = s[i + 1]?.text;
        verdict = w;
        i++;
        continue;
      }
      words.push(w);
    }
    const st = { origin, own, words, protocols: ruleProtocols, mark: markMatch, action, verdict, target: jumpTo };
    const { rules, stop } = statementRules(st, { sources, conditions }, (name, innerSources, innerConditions, innerProtocols) => {
      const target = table.chains.get(name);
      if (target === undefined) return fail(s[0], `chain '${name}' is not in the table`);
      if (seen.has(name)) return fail(s[0], `chain '${name}' jumps back into itself`);
      return chainRules(file, table, target, innerSources, innerConditions, innerProtocols, new Set([...seen, chain.name]), fail);
    });
    out.push(...rules);
    if (stop) break;
  }
  return out;
}

/** `2001:db8::/64`, `{ a, b-c }` or `@name`, from i: the prefixes and the index after them. */
function prefixList(s: Statement, i: number, table: Table, fail: Fail): [Prefix6[], number] {
  const t = s[i];
  if (t === undefined) return fail(s[s.length - 1], "'ip6 saddr' names no address");
  if (t.text.startsWith('@')) {
    const set = table.sets.get(t.text.slice(1));
    if (set === undefined) return fail(t, `set '${t.text}' is not in the table`);
    return [elements(set, 0, fail, false).flatMap((e) => e.prefixes), i + 1];
  }
  if (t.text === '{') {
    const close = closing(s, i, fail);
    return [elements(s.slice(i, close + 1), 0, fail, false).flatMap((e) => e.prefixes), close + 1];
  }
  return [rangeOf(t, fail), i + 1];
}

function closing(s: Statement, i: number, fail: Fail): number {
  let depth = 0;
  for (let j = i; j < s.length; j++) {
    if (s[j].text === '{') depth++;
    if (s[j].text === '}' && --depth === 0) return j;
  }
  return fail(s[i], 'a brace is not closed');
}

/** Elements of `{ k, k }` or `{ k : v, ... }` starting at s[i] === '{'. */
function elements(s: Statement, i: number, fail: Fail, valued: boolean): { prefixes: Prefix6[]; mark?: number }[] {
  const out: { prefixes: Prefix6[]; mark?: number }[] = [];
  if (s[i]?.text !== '{') return out;
  let j = i + 1;
  while (j < s.length && s[j].text !== '}') {
    if (s[j].text === ',') {
      j++;
      continue;
    }
    const prefixes = rangeOf(s[j], fail);
    j++;
    if (valued) {
      if (s[j]?.text !== ':') fail(s[j - 1], `map element '${s[j - 1].text}' has no ': MARK'`);
      const v = s[j + 1];
      const mark = v === undefined ? undefined : parseMarkNumber(v.text);
      if (mark === undefined) fail(v ?? s[j], `'${v?.text}' is not a mark of 0 to 4294967295`);
      out.push({ prefixes, mark });
      j += 2;
    } else {
      out.push({ prefixes });
    }
  }
  return out;
}

/** An address, a prefix, or an interval a-b (nft prints intervals that are not one prefix so). */
function rangeOf(t: Token, fail: Fail): Prefix6[] {
  const dash = t.text.indexOf('-');
  if (dash > 0 && !t.text.includes('/')) {
    const first = addressOf(t.text.slice(0, dash));
    const last = addressOf(t.text.slice(dash + 1));
    if (first === undefined || last === undefined || first > last) return fail(t, `'${t.text}' is not an IPv6 interval`);
    return prefixesOf6(first, last);
  }
  const p = parsePrefix6(t.text);
  if (typeof p === 'string') return fail(t, p);
  return [p];
}

/** What follows `meta mark set`: a number, `meta mark OP N`, or `ip6 saddr map ...`. */
function markExpression(s: Statement, i: number, table: Table, fail: Fail): [Action, number] {
  const t = s[i];
  if (t === undefined) return fail(s[s.length - 1], "'meta mark set' sets nothing");
  const n = parseMarkNumber(t.text);
  if (n !== undefined) return [{ kind: 'mark', value: n, mask: 0xffffffff }, i + 1];
  if (t.text === 'meta' && s[i + 1]?.text === 'mark') {
    const op = s[i + 2]?.text;
    const v = s[i + 3] === undefined ? undefined : parseMarkNumber(s[i + 3].text);
    if (v === undefined) return fail(t, `'meta mark set meta mark ${op ?? ''} ${s[i + 3]?.text ?? ''}' is not a mark expression this program knows (|, &, ^ and a number)`);
    if (op === '|' || op === 'or') return [{ kind: 'mark', value: v, mask: v }, i + 4];
    if (op === '&' || op === 'and') return [{ kind: 'mark', value: 0, mask: ~v >>> 0 }, i + 4];
    if (op === '^' || op === 'xor') return [{ kind: 'mark', value: v, mask: 0 }, i + 4];
    return fail(t, `'${op}' is not a mark operation this program knows (|, &, ^)`);
  }
  if (t.text === 'ip6' && s[i + 1]?.text === 'saddr' && s[i + 2]?.text === 'map') {
    const at = s[i + 3];
    let list: { prefixes: Prefix6[]; mark?: number }[];
    let next: number;
    if (at?.text.startsWith('@')) {
      const set = table.sets.get(at.text.slice(1));
      if (set === undefined) return fail(at, `map '${at.text}' is not in the table`);
      list = elements(set, 0, fail, true);
      next = i + 4;
    } else {
      const close = closing(s, i + 3, fail);
      list = elements(s, i + 3, fail, true);
      next = close + 1;
    }
    const entries = list.flatMap((e) => e.prefixes.map((prefix) => ({ prefix, mark: e.mark as number })));
    return [{ kind: 'map', entries }, next];
  }
  return fail(t, `'meta mark set ${t.text}' is not a mark this program can follow (a number, meta mark with |, &, ^, or ip6 saddr map)`);
}
