/**
 * The targets of ip6tables rules that set marks, as their kernel modules compute: MARK in every
 * form (xt_mark.c), MARKSRCRANGE with the limits its check_entry() sets, and Jool's own target;
 * and which other targets leave the mark alone.
 */
import type { SourceMatch, Action } from '../marks/rules.js';
import { FileError } from './file-errors.js';
import { parseMarkNumber } from './mark-values.js';

/** Targets that go on to the next rule and leave the mark alone. */
export const HARMLESS = new Set([
  'LOG',
  'NFLOG',
  'TRACE',
  'CLASSIFY',
  'DSCP',
  'TOS',
  'TCPMSS',
  'TEE',
  'HL',
  'CT',
  'NOTRACK',
  'SECMARK',
  'CONNSECMARK',
  'CHECKSUM',
  'AUDIT',
  'TCPOPTSTRIP',
  'IDLETIMER',
  'LED',
  'RATEEST',
]);
/** Targets that set the mark from what no ruleset says. */
export const MARK_SETTERS: Record<string, string> = {
  CONNMARK: "from the connection's mark",
  TPROXY: 'for transparent proxying',
  IPMARK: 'from the address (xtables-addons)',
  HMARK: 'from a hash of the packet',
};

export function actionOf(file: string, where: string, target: string, words: readonly string[], sources: readonly SourceMatch[]): Action | undefined {
  const option = (name: string) => {
    const at = words.indexOf(name);
    if (at < 0) return undefined;
    const v = words[at + 1];
    if (v === undefined) throw new FileError(file, where, `'${name}' has no value`);
    return v;
  };
  const mark = (name: string, v: string) => {
    const n = parseMarkNumber(v);
    if (n === undefined) throw new FileError(file, where, `'${name} ${v}': a mark is a number of 0 to 4294967295 (0xffffffff)`);
    return n;
  };
  if (target === 'MARK') {
    const forms = ['--set-xmark', '--set-mark', '--and-mark', '--or-mark', '--xor-mark'].filter((f) => words.includes(f));
    if (forms.length !== 1) throw new FileError(file, where, `MARK needs one of --set-xmark, --set-mark, --and-mark, --or-mark, --xor-mark${forms.length > 1 ? ` (it has ${forms.join(', ')})` : ''}`);
    const form = forms[0];
    const v = option(form) as string;
    if (form === '--set-xmark' || form === '--set-mark') {
      const [value, maskText] = v.split('/');
      const m = maskText === undefined ? 0xffffffff : mark(form, maskText);
      const val = mark(form, value);
      return form === '--set-xmark' ? { kind: 'mark', value: val, mask: m } : { kind: 'mark', value: val, mask: (val | m) >>> 0 };
    }
    const b = mark(form, v);
    if (form === '--and-mark') return { kind: 'mark', value: 0, mask: ~b >>> 0 };
    if (form === '--or-mark') return { kind: 'mark', value: b, mask: b };
    return { kind: 'mark', value: b, mask: 0 };
  }
  if (target === 'MARKSRCRANGE') {
    const positive = sources.filter((s) => !s.negated);
    if (positive.length !== 1 || positive[0].prefixes.length !== 1) throw new FileError(file, where, 'MARKSRCRANGE needs one source prefix (-s), from which it counts');
    const prefix = positive[0].prefixes[0];
    const offsetText = option('--mark-offset') ?? '0';
    const offset = mark('--mark-offset', offsetText);
    const subText = option('--sub-prefix-len') ?? '128';
    if (!/^[0-9]{1,3}$/.test(subText) || Number(subText) > 128) throw new FileError(file, where, `'--sub-prefix-len ${subText}' is not a length of 0 to 128`);
    const subLength = Number(subText);
    // check_entry()'s validate(): the kernel refuses these rules, so no saved ruleset holds one.
    if (subLength < prefix.length) throw new FileError(file, where, `--sub-prefix-len ${subLength} is shorter than the source's /${prefix.length}; MARKSRCRANGE refuses the rule`);
    if (subLength - prefix.length > 32 || offset + 2 ** (subLength - prefix.length) - 1 > 0xffffffff) {
      throw new FileError(file, where, `MARKSRCRANGE refuses the rule: offset ${offset} plus 2^${subLength - prefix.length} sub-prefixes passes mark 4294967295`);
    }
    return { kind: 'src-range', prefix, offset, subLength };
  }
  if (target === 'JOOL') return { kind: 'jool', instance: option('--instance') ?? 'default' };
  return undefined;
}
