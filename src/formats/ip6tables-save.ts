/**
 * `ip6tables-save` text (or a script of `ip6tables -t mangle -A ...` commands): the mangle table's PREROUTING rules that set marks (MARK in every form,
 * MARKSRCRANGE), with the chains they jump to inlined, and everything else a rule matches on kept
 * as a condition. Rules of other tables, and chains PREROUTING never reaches, do not mark
 * translated packets and are skipped.
 */
import type { Protocol } from '../pool4/pool.js';
import { parsePrefix6, type Prefix6 } from '../marks/prefix6.js';
import type { Action, Rule, SourceMatch } from '../marks/rules.js';
import { FileError } from './file-errors.js';
import { actionOf, HARMLESS, MARK_SETTERS } from './ip6tables-targets.js';
import { parseMarkNumber } from './mark-values.js';

interface RawRule {
  readonly line: number;
  readonly chain: string;
  readonly words: readonly string[];
}

export function readIp6tablesSave(file: string, text: string, instance?: string): Rule[] {
  const chains = new Map<string, RawRule[]>();
  let table: string | undefined;
  let committed = true;
  const lines = text.split('\n');
  lines.forEach((raw, index) => {
    const line = index + 1;
    const t = raw.trim();
    if (t === '' || t.startsWith('#')) return;
    if (/^ip6tables(-legacy|-nft)? /.test(t)) {
      command(t, line);
      return;
    }
    if (t.startsWith('*')) {
      table = t.slice(1);
      committed = false;
      return;
    }
    if (t === 'COMMIT') {
      committed = true;
      table = undefined;
      return;
    }
    if (table === undefined) throw new FileError(file, `line ${line}`, `'${t}' comes before any table (ip6tables-save starts each with '*mangle' or the like)`);
    if (t.startsWith(':')) {
      if (table === 'mangle') chains.set(t.slice(1).split(/\s+/)[0], chains.get(t.slice(1).split(/\s+/)[0]) ?? []);
      return;
    }
    if (!t.startsWith('-A ')) throw new FileError(file, `line ${line}`, `'${t.split(/\s+/)[0]}' is not something ip6tables-save writes (a table, a chain, a rule starting -A, COMMIT)`);
    if (table !== 'mangle') return;
    const words = tokens(t, file, line);
    const chain = words[1];
    if (chain === undefined) throw new FileError(file, `line ${line}`, "'-A' names no chain");
    const list = chains.get(chain) ?? [];
    list.push({ line, chain, words: words.slice(2) });
    chains.set(chain, list);
  });
  if (!committed) throw new FileError(file, '', `table '${table}' has no COMMIT: the file is cut short`);

  /** `ip6tables -t mangle -A CHAIN ...` or `-N CHAIN`, as a script (and --generate --rules) writes them. */
  function command(t: string, line: number): void {
    const words = tokens(t, file, line).slice(1);
    const at = words.indexOf('-t');
    const named = at >= 0 ? words[at + 1] : 'filter';
    const rest = at >= 0 ? [...words.slice(0, at), ...words.slice(at + 2)] : words;
    const args = rest.filter((w) => w !== '-w' && w !== '--wait');
    if (named !== 'mangle') return;
    if (args[0] === '-N' && args[1] !== undefined) {
      chains.set(args[1], chains.get(args[1]) ?? []);
      return;
    }
    if ((args[0] !== '-A' && args[0] !== '--append') || args[1] === undefined) {
      throw new FileError(file, `line ${line}`, `'${args[0] ?? ''}': of ip6tables commands, only -A (append) and -N (new chain) say where a rule stands`);
    }
    const list = chains.get(args[1]) ?? [];
    list.push({ line, chain: args[1], words: args.slice(2) });
    chains.set(args[1], list);
  }
  return inline(file, chains, 'PREROUTING', [], [], undefined, new Set(), instance);
}

/** Words as the shell would split them: ip6tables-save quotes comments with double quotes. */
function tokens(t: string, file: string, line: number): string[] {
  const out: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"|(\S+)/g;
  let m: RegExpExecArray | null = re.exec(t);
  while (m !== null) {
    out.push(m[1] !== undefined ? `"${m[1]}"` : m[2]);
    m = re.exec(t);
  }
  if ((t.match(/(?<!\\)"/g)?.length ?? 0) % 2 === 1) throw new FileError(file, `line ${line}`, 'a quote is not closed');
  return out;
}

const STOPS = new Set(['ACCEPT', 'DROP', 'REJECT', 'RETURN']);
/** The rules of chain, in order, with those of the chains it jumps to in their places. */
function inline(
  file: string,
  chains: Map<string, RawRule[]>,
  chain: string,
  sources: readonly SourceMatch[],
  conditions: readonly string[],
  protocols: readonly Protocol[] | undefined,
  seen: Set<string>,
  instance: string | undefined,
): Rule[] {
  const out: Rule[] = [];
  let guards: SourceMatch[] = [];
  const guardConditions: string[] = [];
  for (const raw of chains.get(chain) ?? []) {
    const r = parseRule(file, raw);
    const origin = { file, line: raw.line };
    const ruleSources = [...sources, ...guards, ...r.sources];
    const ruleConditions = [...conditions, ...guardConditions, ...r.conditions];
    const ruleProtocols = protocols === undefined ? r.protocols : r.protocols === undefined ? protocols : protocols.filter((p) => r.protocols?.includes(p));
    const base = { origin, sources: ruleSources, conditions: ruleConditions, ...(ruleProtocols === undefined ? {} : { protocols: ruleProtocols }), ...(r.mark === undefined ? {} : { mark: r.mark }) };
    if (r.target === undefined) continue;
    if (r.action !== undefined) {
      if (r.action.kind === 'jool' && instance !== undefined && r.action.instance !== instance) continue;
      out.push({ ...base, action: r.action });
      continue;
    }
    if (r.target === 'RETURN' && chain !== 'PREROUTING') {
      // What a RETURN takes away, later rules of this chain lack: said exactly for one source match, as a condition otherwise.
      const only = r.conditions.length === 0 && r.protocols === undefined && r.mark === undefined;
      if (r.sources.length === 0 && only) break;
      if (r.sources.length === 1 && only) guards = [...guards, { ...r.sources[0], negated: !r.sources[0].negated }];
      else guardConditions.push(`not (the RETURN of line ${raw.line})`);
      continue;
    }
    if (STOPS.has(r.target)) {
      out.push({ ...base, action: r.target === 'ACCEPT' || r.target === 'RETURN' ? { kind: 'accept' } : { kind: 'drop' } });
      continue;
    }
    if (chains.has(r.target)) {
      if (seen.has(r.target)) throw new FileError(file, `line ${raw.line}`, `chain '${r.target}' jumps back into itself`);
      const inner = inline(file, chains, r.target, ruleSources, ruleConditions, ruleProtocols, new Set([...seen, chain]), instance);
      out.push(...inner);
      // A goto does not come back: later rules of this chain see only what it did not take.
      if (r.goto) out.push({ ...base, action: { kind: 'accept' } });
      continue;
    }
    if (MARK_SETTERS[r.target] !== undefined)
      throw new FileError(file, `line ${raw.line}`, `${r.target} sets the mark ${MARK_SETTERS[r.target]}, which this program cannot follow; only MARK and MARKSRCRANGE are`);
    if (!HARMLESS.has(r.target)) {
      throw new FileError(
        file,
        `line ${raw.line}`,
        `target '${r.target}' is not a chain of the mangle table nor a target this program knows (MARK, MARKSRCRANGE, JOOL, ACCEPT, DROP, RETURN, and those that leave the mark alone, such as LOG)`,
      );
    }
  }
  return out;
}

/** Whether a target is a chain to enter rather than a statement of this rule (MARK, ACCEPT, ...). */
function actionFree(target: string): boolean {
  return !['MARK', 'MARKSRCRANGE', 'JOOL', 'ACCEPT', 'DROP', 'REJECT', 'RETURN', 'CONNMARK'].includes(target) && !HARMLESS.has(target) && MARK_SETTERS[target] === undefined;
}

interface Parsed {
  readonly target?: string;
  readonly mark?: Rule['mark'];
  readonly goto?: boolean;
  readonly action?: Action;
  readonly sources: readonly SourceMatch[];
  readonly conditions: readonly string[];
  readonly protocols?: readonly Protocol[];
}

const PROTOCOL_NAMES: Record<string, Protocol> = { tcp: 'TCP', '6': 'TCP', udp: 'UDP', '17': 'UDP', icmpv6: 'ICMP', 'ipv6-icmp': 'ICMP', '58': 'ICMP' };

function parseRule(file: string, raw: RawRule): Parsed {
  const w = raw.words;
  const where = `line ${raw.line}`;
  const sources: SourceMatch[] = [];
  const conditions: string[] = [];
  let protocols: Protocol[] | undefined;
  let target: string | undefined;
  let goto = false;
  let targetWords: string[] = [];
  let condition: string[] = [];
  let mark: { value: number; mask: number; negated: boolean; text: string } | undefined;
  const flush = () => {
    if (condition.length > 0) conditions.push(condition.join(' '));
    condition = [];
  };
  for (let i = 0; i < w.length; i++) {
    const negated = w[i] === '!';
    const word = negated ? w[i + 1] : w[i];
    if (word === undefined) throw new FileError(file, where, "'!' negates nothing");
    if (negated) i++;
    if (word === '-j' || word === '--jump' || word === '-g' || word === '--goto') {
      flush();
      target = w[i + 1];
      goto = word === '-g' || word === '--goto';
      if (target === undefined) throw new FileError(file, where, `'${word}' names no target`);
      targetWords = w.slice(i + 2);
      break;
    }
    if (word === '-s' || word === '--source') {
      flush();
      const value = w[++i];
      if (value === undefined) throw new FileError(file, where, `'${word}' names no prefix`);
      const prefixes: Prefix6[] = [];
      for (const part of value.split(',')) {
        const p = parsePrefix6(part);
        if (typeof p === 'string') throw new FileError(file, where, p);
        prefixes.push(p);
      }
      sources.push({ prefixes, negated });
      continue;
    }
    if ((word === '-p' || word === '--protocol') && !negated) {
      flush();
      const value = w[++i] ?? '';
      const p = PROTOCOL_NAMES[value.toLowerCase()];
      if (p !== undefined) {
        protocols = [p];
        continue;
      }
      if (value === 'all') continue;
      // A protocol pool4 has no table for: Jool does not translate it, so the rule marks nothing it sees.
      protocols = [];
      continue;
    }
    if (word === '--mark' && condition.join(' ') === '-m mark') {
      const value = w[++i] ?? '';
      const [v, m] = value.split('/');
      const parsedValue = parseMarkNumber(v);
      const parsedMask = m === undefined ? 0xffffffff : parseMarkNumber(m);
      if (parsedValue === undefined || parsedMask === undefined) throw new FileError(file, where, `'--mark ${value}': a mark is a number of 0 to 4294967295 (0xffffffff), with an optional /mask`);
      mark = { value: (parsedValue & parsedMask) >>> 0, mask: parsedMask, negated, text: `-m mark ${negated ? '! ' : ''}--mark ${value}` };
      condition = [];
      continue;
    }
    if (word.startsWith('-') && condition.length > 0 && (word === '-m' || word === '--match' || /^-[a-zA-Z]$/.test(word))) flush();
    condition.push(negated ? `! ${word}` : word);
  }
  flush();
  const kept = conditions.filter((c) => !/^-m (comment|counter)$/.test(c) && !c.startsWith('-m comment '));
  const jumps = target !== undefined && actionFree(target);
  // The mark a rule matches is decided with the packet's mark; a jump's, only as a condition (the chain it enters may change the mark).
  const parsed = {
    sources,
    conditions: mark !== undefined && jumps ? [...kept, mark.text] : kept,
    ...(protocols === undefined ? {} : { protocols }),
    ...(mark !== undefined && !jumps ? { mark: { value: mark.value, mask: mark.mask, negated: mark.negated } } : {}),
  };
  if (target === undefined) return parsed;
  // CONNMARK --save-mark and --set-mark change the connection's mark only.
  if (target === 'CONNMARK' && !targetWords.includes('--restore-mark')) return { ...parsed, target: 'LOG', goto };
  return { ...parsed, target, goto, action: actionOf(file, where, target, targetWords, sources) };
}
