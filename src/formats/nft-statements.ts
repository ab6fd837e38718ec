/**
 * What an nftables rule does, once its statements are read (from `nft list ruleset` text or its
 * JSON): the rules it stands for, in order: its mark statement, its verdict, and the rules of a
 * chain it jumps to, entered with its matches.
 */
import type { Protocol } from '../pool4/pool.js';
import type { Action, Origin, Rule, SourceMatch } from '../marks/rules.js';

export interface Statement {
  readonly origin: Origin;
  /** Its own ip6 saddr matches, other matches as text, the protocols it narrows to. */
  readonly own: readonly SourceMatch[];
  readonly words: readonly string[];
  readonly protocols: readonly Protocol[] | undefined;
  readonly mark: Rule['mark'];
  readonly action: Action | undefined;
  readonly verdict: string | undefined;
  /** The chain a jump or goto enters. */
  readonly target: string | undefined;
}

export interface Inherited {
  readonly sources: readonly SourceMatch[];
  readonly conditions: readonly string[];
}

type Enter = (target: string, sources: readonly SourceMatch[], conditions: readonly string[], protocols: readonly Protocol[] | undefined) => Rule[];

/** The rules; stop when an unconditional return ends the chain. */
export function statementRules(st: Statement, inherited: Inherited, enter: Enter): { rules: Rule[]; stop: boolean } {
  const { mark, words, target } = st;
  // A jump's mark match is a condition of the chain it enters (whose rules may change the mark).
  const markText = mark === undefined || target === undefined ? [] : [`meta mark & 0x${mark.mask.toString(16)} ${mark.negated ? '!=' : '=='} 0x${mark.value.toString(16)}`];
  const conditions = words.length === 0 && markText.length === 0 ? inherited.conditions : [...inherited.conditions, ...(words.length === 0 ? [] : [words.join(' ')]), ...markText];
  const exact = target === undefined && mark !== undefined ? { mark } : {};
  const base = { origin: st.origin, sources: [...inherited.sources, ...st.own], conditions, ...(st.protocols === undefined ? {} : { protocols: st.protocols }), ...exact };
  const rules: Rule[] = [];
  if (st.action !== undefined) rules.push({ ...base, action: st.action });
  if (st.verdict === 'accept') rules.push({ ...base, action: { kind: 'accept' } });
  if (st.verdict === 'drop' || st.verdict === 'reject') rules.push({ ...base, action: { kind: 'drop' } });
  if (st.verdict === 'return') {
    if (st.own.length === 0 && words.length === 0 && mark === undefined) return { rules, stop: true };
    rules.push({ ...base, action: { kind: 'accept' } });
  }
  if (target !== undefined) {
    rules.push(...enter(target, base.sources, conditions, st.protocols));
    // A goto does not come back: later rules see only what it did not take.
    if (st.verdict === 'goto') rules.push({ ...base, action: { kind: 'accept' } });
  }
  return { rules, stop: false };
}
