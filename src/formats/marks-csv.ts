/**
 * A list of customers and their marks: `prefix,mark` (or `mark,prefix`) lines from a spreadsheet,
 * or what MARKSRCRANGE's test program prints (`271<TAB>0x10f<TAB>2001:db8:1234:560f::/64` under a
 * `Mark<TAB><TAB>Prefix` header). Each line is a rule that marks its prefix; prefixes may not
 * overlap, since a list has no order that would say which mark wins.
 */
import { parsePrefix6, within, type Prefix6 } from '../marks/prefix6.js';
import type { Rule } from '../marks/rules.js';
import { FileError } from './file-errors.js';
import { parseMarkNumber } from './mark-values.js';

export function readMarksCsv(file: string, text: string): Rule[] {
  const rows: { prefix: Prefix6; mark: number; line: number }[] = [];
  text.split('\n').forEach((raw, index) => {
    const line = index + 1;
    const t = raw.trim();
    if (t === '' || t.startsWith('#')) return;
    const fields = t.split(/\s*[,;\t]\s*|\s+/).filter((f) => f !== '');
    const v6 = fields.filter((f) => f.includes(':'));
    if (v6.length === 0 && rows.length === 0 && fields.every((f) => /^[A-Za-z][A-Za-z0-9 _-]*$/.test(f))) return; // a header
    if (v6.length !== 1) throw new FileError(file, `line ${line}`, `'${t}' is not a row of an IPv6 prefix and a mark`);
    const prefix = parsePrefix6(v6[0].replace(/^"|"$/g, ''));
    if (typeof prefix === 'string') throw new FileError(file, `line ${line}`, prefix);
    const numbers = fields.filter((f) => f !== v6[0]).map((f) => f.replace(/^"|"$/g, ''));
    const marks = numbers.map(parseMarkNumber);
    const bad = numbers.find((_, i) => marks[i] === undefined);
    if (bad !== undefined || marks.length === 0) throw new FileError(file, `line ${line}`, bad === undefined ? `'${t}' has no mark` : `'${bad}' is not a mark of 0 to 4294967295`);
    // The test program prints each mark twice, in decimal and in hex.
    if (new Set(marks).size !== 1) throw new FileError(file, `line ${line}`, `'${t}' names more than one mark`);
    rows.push({ prefix, mark: marks[0] as number, line });
  });
  const sorted = [...rows].sort((a, b) => (a.prefix.address < b.prefix.address ? -1 : a.prefix.address > b.prefix.address ? 1 : a.prefix.length - b.prefix.length));
  for (let i = 1; i < sorted.length; i++) {
    const [a, b] = [sorted[i - 1], sorted[i]];
    if (within(b.prefix, a.prefix)) {
      const [first, second] = a.line < b.line ? [a, b] : [b, a];
      throw new FileError(file, `line ${second.line}`, `its prefix overlaps line ${first.line}'s; a list of customers gives each source one mark`);
    }
  }
  return rows.map((r) => ({
    origin: { file, line: r.line },
    sources: [{ prefixes: [r.prefix], negated: false }],
    conditions: [],
    action: { kind: 'mark', value: r.mark, mask: 0xffffffff },
  }));
}
