// The firewall's marks: each target's arithmetic (marks-facts section 2), the three readers on
// real-shaped texts, and the rules applied in order to the source space.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FileError } from '../../src/formats/file-errors';
import { readIp6tablesSave } from '../../src/formats/ip6tables-save';
import { kindOf, readMarks } from '../../src/formats/marks-file';
import { readMarksCsv } from '../../src/formats/marks-csv';
import { readNftRuleset } from '../../src/formats/nft-ruleset';
import { applyMark, intendedSrcRange, markSrcRange } from '../../src/marks/arithmetic';
import { evaluate, type Evaluation } from '../../src/marks/evaluate';
import { addressOf, formatPrefix6, parsePrefix6, type Prefix6 } from '../../src/marks/prefix6';
import type { Rule } from '../../src/marks/rules';

const FIXTURES = join(__dirname, '..', 'fixtures', 'marks');
const fixture = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');
const prefix = (text: string) => parsePrefix6(text) as Prefix6;
const address = (text: string) => addressOf(text) as bigint;

/** The outcomes of the part whose prefix is text, as "mark PROTOCOLS [conditions]". */
function outcomesAt(e: Evaluation, text: string): string[] {
  const part = e.parts.find((p) => formatPrefix6(p.prefix) === text);
  if (part === undefined) throw new Error(`no part ${text}`);
  return part.outcomes.map((o) => `${o.dropped ? 'dropped' : o.mark} ${o.protocols.join('/')}${o.conditions.length > 0 ? ` [${o.conditions.join('; ')}]` : ''}`);
}

function problem(read: () => unknown): string {
  try {
    read();
  } catch (e) {
    if (e instanceof FileError) return `${e.where}: ${String(e.problem)}`;
    throw e;
  }
  throw new Error('read it');
}

describe('MARK arithmetic (xt_mark.c: mark = (mark & ~mask) ^ value)', () => {
  // ip6tables-save writes --set-mark 1 as --set-xmark 0x1/0xffffffff; each form parsed, then applied to 0x1234.
  const forms: [string, number][] = [
    ['--set-xmark 0x1/0xffffffff', 0x1],
    ['--set-xmark 0x10/0xf0', 0x1214],
    ['--set-mark 0x7/0xf', 0x1237],
    ['--set-mark 9', 9],
    ['--and-mark 0xff', 0x34],
    ['--or-mark 0x10000', 0x11234],
    ['--xor-mark 0x5', 0x1231],
    ['--set-xmark 017/0xffffffff', 15],
  ];
  for (const [form, expected] of forms) {
    it(`MARK ${form} turns 0x1234 into ${expected}`, () => {
      const rules = readIp6tablesSave('f', `*mangle\n:PREROUTING ACCEPT [0:0]\n-A PREROUTING -s 2001:db8::/64 -j MARK ${form}\nCOMMIT\n`);
      const a = rules[0].action;
      if (a.kind !== 'mark') throw new Error(a.kind);
      expect(applyMark(0x1234, a.value, a.mask)).toBe(expected);
    });
  }
});

describe("MARKSRCRANGE's arithmetic, as its code computes", () => {
  const p56 = prefix('2001:db8:1234:5600::/56');
  it("gives the facts file's examples: 271 for a source with zero bits after /64, 167782655 for a SLAAC one", () => {
    expect(markSrcRange(address('2001:db8:1234:560f::2'), p56.length, 64, 256)).toBe(271);
    expect(markSrcRange(address('2001:db8:1234:560f:a00:27ff:fe4e:66a1'), p56.length, 64, 256)).toBe(167782655);
    expect(intendedSrcRange(address('2001:db8:1234:560f:a00:27ff:fe4e:66a1'), p56.length, 64, 256)).toBe(271);
  });

  const source = fc.bigInt({ min: 0n, max: (1n << 128n) - 1n });
  const lengths = fc.integer({ min: 0, max: 128 }).chain((to) => fc.tuple(fc.integer({ min: Math.max(0, to - 32), max: to }), fc.constant(to)));
  it('agrees with a plain bit extraction wherever the sub-prefix length does not end a 32-bit word before 128', () => {
    fc.assert(
      fc.property(source, lengths, fc.integer({ min: 0, max: 1000 }), (s, [from, to], offset) => {
        fc.pre(to % 32 !== 0 || to === 128);
        expect(markSrcRange(s, from, to, offset)).toBe(intendedSrcRange(s, from, to, offset));
      }),
      { numRuns: 3000 },
    );
  });
  it('at 32, 64 and 96 agrees exactly when the 32 bits after the sub-prefix are zero', () => {
    fc.assert(
      fc.property(source, fc.constantFrom(32, 64, 96), fc.integer({ min: 1, max: 32 }), (s, to, width) => {
        const from = to - width;
        const next = (s >> BigInt(96 - to)) & 0xffffffffn;
        const agrees = markSrcRange(s, from, to, 0) === intendedSrcRange(s, from, to, 0);
        // Zero bits after the sub-prefix always agree; others agree only when OR-ing them in changes nothing.
        if (next === 0n) expect(agrees).toBe(true);
        else expect(agrees).toBe((Number(next) | intendedSrcRange(s, from, to, 0)) >>> 0 === intendedSrcRange(s, from, to, 0));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('ip6tables-save', () => {
  const rules = readIp6tablesSave('rules', fixture('ip6tables-save.txt'));
  const e = evaluate(rules);
  it("reads the mangle table's PREROUTING, with the chains it jumps to in place; other tables and rules after an unconditional RETURN are skipped", () => {
    expect(rules.map((r) => `${r.origin.line} ${r.action.kind}`)).toEqual(['16 src-range', '24 mark', '18 mark', '19 mark', '20 mark', '21 mark', '22 mark', '23 mark']);
    expect(rules[1].conditions).toEqual(['-i eth1']);
  });
  it('applies every rule in order with its own arithmetic', () => {
    expect(outcomesAt(e, '2001:db8:1234:560f::/64')).toEqual(['271 ICMP/UDP/TCP']);
    expect(outcomesAt(e, '2001:db8:1::/64')).toEqual(['1 ICMP/UDP/TCP [-i eth1]', '0 ICMP/UDP/TCP [not (-i eth1)]']);
    expect(outcomesAt(e, '2001:db8:2::/64')).toEqual(['2 TCP [-m tcp --dport 80]', '0 ICMP/UDP', '0 TCP [not (-m tcp --dport 80)]']);
    expect(outcomesAt(e, '2001:db8:3::/64')).toEqual(['16 ICMP/UDP/TCP']);
    expect(outcomesAt(e, '2001:db8:4::/64')).toEqual(['5 ICMP/UDP/TCP']);
    expect(outcomesAt(e, '2001:db8:5::/64')).toEqual(['7 ICMP/UDP/TCP']);
    expect(outcomesAt(e, '::/0')).toEqual(['0 ICMP/UDP/TCP']);
  });
  it('reports the MARKSRCRANGE defect with an example address and both marks', () => {
    expect(e.defects.map((d) => [d.origin.line, d.intended, d.actual])).toEqual([[16, 271, 167782655]]);
  });
  it('MARKSRCRANGE where its defect does not bite: every sub-prefix gets offset plus its number, and no defect is reported', () => {
    const text = '*mangle\n:PREROUTING ACCEPT [0:0]\n-A PREROUTING -s 2001:db8:ab00::/40 -j MARKSRCRANGE --mark-offset 1000 --sub-prefix-len 48\nCOMMIT\n';
    const e = evaluate(readIp6tablesSave('f', text));
    expect(e.defects).toEqual([]);
    expect(outcomesAt(e, '2001:db8:ab00::/48')).toEqual(['1000 ICMP/UDP/TCP']);
    expect(outcomesAt(e, '2001:db8:ab2a::/48')).toEqual(['1042 ICMP/UDP/TCP']);
    expect(outcomesAt(e, '2001:db8:abff::/48')).toEqual(['1255 ICMP/UDP/TCP']);
    expect(markSrcRange(address('2001:db8:ab2a:ffff:a00:27ff:fe4e:66a1'), 40, 48, 1000)).toBe(1042);
    // Without --sub-prefix-len, a /120's addresses each get their own mark (128, the default).
    const hosts = evaluate(readIp6tablesSave('f', '*mangle\n:PREROUTING ACCEPT [0:0]\n-A PREROUTING -s 2001:db8::/120 -j MARKSRCRANGE\nCOMMIT\n'));
    expect(outcomesAt(hosts, '2001:db8::ff/128')).toEqual(['255 ICMP/UDP/TCP']);
  });
  it('stops at the instance it translates for: rules after -j JOOL do not reach its packets', () => {
    const text =
      '*mangle\n:PREROUTING ACCEPT [0:0]\n-A PREROUTING -s 2001:db8:1::/64 -j MARK --set-mark 1\n-A PREROUTING -j JOOL --instance alpha\n-A PREROUTING -s 2001:db8:1::/64 -j MARK --set-mark 2\nCOMMIT\n';
    expect(outcomesAt(evaluate(readIp6tablesSave('f', text, 'alpha')), '2001:db8:1::/64')).toEqual(['1 ICMP/UDP/TCP']);
    expect(outcomesAt(evaluate(readIp6tablesSave('f', text, 'beta')), '2001:db8:1::/64')).toEqual(['2 ICMP/UDP/TCP']);
  });
  const refusals: [string, string, string][] = [
    ['an unknown target', '-A PREROUTING -s 2001:db8::/64 -j FROB --frob 1', "line 3: target 'FROB' is not a chain"],
    ['a mark beyond 32 bits', '-A PREROUTING -s 2001:db8::/64 -j MARK --set-mark 0x100000000', "line 3: '--set-mark 0x100000000': a mark is a number of 0 to 4294967295"],
    ['a target that marks from what no ruleset says', '-A PREROUTING -j CONNMARK --restore-mark', 'line 3: CONNMARK sets the mark'],
    ['MARKSRCRANGE past mark 2^32 - 1', '-A PREROUTING -s 2001:db8::/32 -j MARKSRCRANGE --mark-offset 1 --sub-prefix-len 64', 'line 3: MARKSRCRANGE refuses the rule'],
    ['a prefix with host bits', '-A PREROUTING -s 2001:db8::1/64 -j MARK --set-mark 1', "line 3: '2001:db8::1/64' has bits set past its length"],
  ];
  for (const [what, rule, message] of refusals) {
    it(`refuses ${what}, naming the line`, () => {
      expect(problem(() => readIp6tablesSave('f', `*mangle\n:PREROUTING ACCEPT [0:0]\n${rule}\nCOMMIT\n`))).toContain(message);
    });
  }
  it('refuses a file cut short (no COMMIT)', () => {
    expect(problem(() => readIp6tablesSave('f', '*mangle\n:PREROUTING ACCEPT [0:0]\n-A PREROUTING -s 2001:db8::/64 -j MARK --set-mark 1\n'))).toContain("table 'mangle' has no COMMIT");
  });
});

describe('nft list ruleset', () => {
  const rules = readNftRuleset('ruleset', fixture('nft-ruleset.txt'));
  const e = evaluate(rules);
  it("reads prerouting chains before Jool's hook only (priority filter comes after it)", () => {
    expect(Math.max(...rules.map((r) => r.origin.line))).toBe(28);
    expect(e.parts.some((p) => formatPrefix6(p.prefix) === '2001:db8:9::/64')).toBe(false);
  });
  it('follows mark statements, sets, named and anonymous maps with intervals, negations and jumps', () => {
    expect(outcomesAt(e, '2001:db8:1::/64')).toEqual(['1 ICMP/UDP/TCP']);
    expect(outcomesAt(e, '2001:db8:2::/64')).toEqual(['2 ICMP/UDP/TCP [iifname "eth1"]', '0 ICMP/UDP/TCP [not (iifname "eth1")]']);
    expect(outcomesAt(e, '2001:db8:4::/64')).toEqual(['16 ICMP/UDP/TCP']);
    expect(outcomesAt(e, '2001:db8:100:1::/64')).toEqual(['101 ICMP/UDP/TCP']);
    expect(outcomesAt(e, '2001:db8:100:2::/120')).toEqual(['102 ICMP/UDP/TCP']);
    expect(outcomesAt(e, '2001:db8:200:1::/64')).toEqual(['201 ICMP/UDP/TCP']);
    expect(outcomesAt(e, '2001:db8:200::/56')).toEqual(['0 ICMP/UDP/TCP']);
    expect(outcomesAt(e, '2001:db8:300::/64')).toEqual(['300 TCP', '0 ICMP/UDP']);
    expect(outcomesAt(e, '2001:db8:dead::/48')).toEqual(['dropped ICMP/UDP/TCP']);
  });
  it('refuses a ruleset cut short and a mark beyond 32 bits, naming the line', () => {
    expect(problem(() => readNftRuleset('f', 'table inet m {\n\tchain p {\n\t\ttype filter hook prerouting priority mangle; policy accept;\n\t\tmeta mark set 0x1\n'))).toContain('is not closed');
    expect(
      problem(() => readNftRuleset('f', 'table inet m {\n\tchain p {\n\t\ttype filter hook prerouting priority mangle;\n\t\tip6 saddr 2001:db8::/64 meta mark set 0x100000000\n\t}\n}\n')),
    ).toMatch(/^line 4: 'meta mark set 0x100000000'/);
  });
});

describe('prefix,mark lists', () => {
  it("reads a spreadsheet's CSV and MARKSRCRANGE's test program output", () => {
    const csv = readMarksCsv('f', fixture('marks.csv'));
    expect(csv.map((r) => `${formatPrefix6(r.sources[0].prefixes[0])} ${r.action.kind === 'mark' ? r.action.value : ''}`)).toEqual(['2001:db8:1::/64 1', '2001:db8:2::/64 2', '2001:db8:3::/64 3']);
    const test = readMarksCsv('f', fixture('marksrcrange-test.txt'));
    expect(test.map((r) => `${formatPrefix6(r.sources[0].prefixes[0])} ${r.action.kind === 'mark' ? r.action.value : ''}`)).toEqual(['2001:db8:1234:5600::/64 256', '2001:db8:1234:5601::/64 257']);
  });
  it('refuses overlapping prefixes, a decimal that disagrees with its hex, and marks beyond 32 bits, naming the line', () => {
    expect(problem(() => readMarksCsv('f', '2001:db8::/48,1\n2001:db8:0:1::/64,2\n'))).toBe("line 2: its prefix overlaps line 1's; a list of customers gives each source one mark");
    expect(problem(() => readMarksCsv('f', '256\t0x101\t2001:db8::/64\n'))).toContain('names more than one mark');
    expect(problem(() => readMarksCsv('f', '2001:db8::/64,4294967296\n'))).toBe("line 1: '4294967296' is not a mark of 0 to 4294967295");
  });
  it('tells the three kinds apart', () => {
    expect(['ip6tables-save.txt', 'nft-ruleset.txt', 'marks.csv', 'marksrcrange-test.txt'].map((f) => kindOf(fixture(f)))).toEqual(['ip6tables-save', 'nft', 'list', 'list']);
    expect(readMarks('f', fixture('marks.csv'))).toHaveLength(3);
  });
});

describe('the rules applied in order', () => {
  const mark = (line: number, source: string, value: number, mask = 0xffffffff, negated = false): Rule => ({
    origin: { file: 'f', line },
    sources: [{ prefixes: [prefix(source)], negated }],
    conditions: [],
    action: { kind: 'mark', value, mask },
  });
  it('splits the space into the parts the rules tell apart, nested prefixes carved out of their parents', () => {
    const e = evaluate([mark(1, '2001:db8::/32', 1), mark(2, '2001:db8:1::/48', 2), mark(3, '2001:db8:1:2::/64', 0x10, 0x10)]);
    expect(e.parts.map((p) => `${formatPrefix6(p.prefix)} less ${p.carved}: ${p.outcomes.map((o) => o.mark).join(',')}`)).toEqual([
      '::/0 less 1: 0',
      '2001:db8::/32 less 1: 1',
      '2001:db8:1::/48 less 1: 2',
      '2001:db8:1:2::/64 less 0: 18',
    ]);
  });
  it('drops a part that more specific prefixes cover whole', () => {
    const e = evaluate([mark(1, '2001:db8::/63', 1), mark(2, '2001:db8::/64', 2), mark(3, '2001:db8:0:1::/64', 3)]);
    expect(e.parts.map((p) => formatPrefix6(p.prefix))).toEqual(['::/0', '2001:db8::/64', '2001:db8:0:1::/64']);
  });
});

describe('hostile rules files', () => {
  // Pieces of the three kinds, shuffled and cut anywhere: each read gives rules or a FileError, never a crash.
  const pieces = [
    ...fixture('ip6tables-save.txt').split('\n'),
    ...fixture('nft-ruleset.txt').split('\n'),
    ...fixture('marks.csv').split('\n'),
    '-A PREROUTING ! -s',
    '-j MARK --set-xmark 0x1/',
    'ip6 saddr { 2001:db8::/64, } meta mark set',
    'meta mark set ip6 saddr map { 2001:db8::/64 : }',
    'ip6tables -t mangle -I PREROUTING',
    '}',
    '{',
    '"',
  ];
  it('are refused with a FileError or read, never crash', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 30 }), fc.nat(), (lines, cut) => {
        const text = lines.join('\n');
        try {
          evaluate(readMarks('f', text.slice(0, text.length === 0 ? 0 : cut % (text.length + 1))));
        } catch (e) {
          if (!(e instanceof FileError)) throw e;
          expect(e.where === '' || /^line \d+$|^at its end$/.test(e.where)).toBe(true);
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe('nft -j list ruleset', () => {
  it('reads the JSON of the same ruleset as the text into the same parts and marks', () => {
    const summary = (e: Evaluation) => e.parts.map((p) => `${formatPrefix6(p.prefix)}: ${p.outcomes.map((o) => `${o.dropped ? 'dropped' : o.mark} ${o.protocols.join('/')}`).join(', ')}`);
    const text = evaluate(readNftRuleset('t', fixture('nft-ruleset.txt')));
    const json = evaluate(readMarks('j', fixture('nft-ruleset.json')));
    expect(kindOf(fixture('nft-ruleset.json'))).toBe('nft-json');
    expect(summary(json)).toEqual(summary(text));
    expect(outcomesAt(json, '2001:db8:2::/64')).toEqual(outcomesAt(text, '2001:db8:2::/64'));
  });
  it('refuses any statement it cannot follow with a FileError naming its place, never a crash', () => {
    const skeleton = (expr: unknown) =>
      JSON.stringify({ nftables: [{ chain: { family: 'inet', table: 'm', name: 'p', hook: 'prerouting', prio: -150 } }, { rule: { family: 'inet', table: 'm', chain: 'p', expr } }] });
    const statement = fc.oneof(
      fc.jsonValue(),
      fc.record({ match: fc.record({ op: fc.constantFrom('==', '!='), left: fc.constant({ payload: { protocol: 'ip6', field: 'saddr' } }), right: fc.jsonValue() }) }),
      fc.record({ mangle: fc.record({ key: fc.constant({ meta: { key: 'mark' } }), value: fc.jsonValue() }) }),
    );
    fc.assert(
      fc.property(fc.array(statement, { maxLength: 5 }), (expr) => {
        try {
          evaluate(readMarks('f', skeleton(expr)));
        } catch (e) {
          if (!(e instanceof FileError)) throw e;
          expect(e.where).toMatch(/^nftables\[\d+\]/);
        }
      }),
      { numRuns: 1000 },
    );
  });
  it('names the place of what it does not understand', () => {
    const bad =
      '{"nftables": [{"chain": {"family": "inet", "table": "m", "name": "p", "hook": "prerouting", "prio": -150}}, {"rule": {"family": "inet", "table": "m", "chain": "p", "expr": [{"mangle": {"key": {"meta": {"key": "mark"}}, "value": 4294967296}}]}}]}';
    expect(problem(() => readMarks('f', bad))).toBe('nftables[1]: 4294967296 is not a mark of 0 to 4294967295');
    expect(problem(() => readMarks('f', '{"nftables": [{"rule": '))).toMatch(/^: is not valid JSON/);
  });
});

describe('matches on the mark itself', () => {
  // Mark the /48 with 5, then what carries bit 0x4 gets 7 (not the first /64, which got 1), then a marked /64 gets 9.
  const ip6tables = [
    '*mangle',
    ':PREROUTING ACCEPT [0:0]',
    '-A PREROUTING -s 2001:db8::/48 -j MARK --set-xmark 0x5/0xffffffff',
    '-A PREROUTING -s 2001:db8::/64 -j MARK --set-xmark 0x1/0xffffffff',
    '-A PREROUTING -m mark --mark 0x4/0x4 -j MARK --set-xmark 0x7/0xffffffff',
    '-A PREROUTING -s 2001:db8:0:1::/64 -m mark ! --mark 0x0 -j MARK --set-xmark 0x9/0xffffffff',
    'COMMIT',
    '',
  ].join('\n');
  const nft = [
    'table ip6 m {',
    '\tchain p {',
    '\t\ttype filter hook prerouting priority mangle; policy accept;',
    '\t\tip6 saddr 2001:db8::/48 meta mark set 0x00000005',
    '\t\tip6 saddr 2001:db8::/64 meta mark set 0x00000001',
    '\t\tmeta mark & 0x00000004 == 0x00000004 meta mark set 0x00000007',
    '\t\tip6 saddr 2001:db8:0:1::/64 meta mark != 0x00000000 meta mark set 0x00000009',
    '\t}',
    '}',
    '',
  ].join('\n');
  const saddr = { payload: { protocol: 'ip6', field: 'saddr' } };
  const set = (value: unknown) => ({ mangle: { key: { meta: { key: 'mark' } }, value } });
  const rule = (expr: unknown[]) => ({ rule: { family: 'ip6', table: 'm', chain: 'p', expr } });
  const json = JSON.stringify({
    nftables: [
      { chain: { family: 'ip6', table: 'm', name: 'p', hook: 'prerouting', prio: -150 } },
      rule([{ match: { op: '==', left: saddr, right: { prefix: { addr: '2001:db8::', len: 48 } } } }, set(5)]),
      rule([{ match: { op: '==', left: saddr, right: { prefix: { addr: '2001:db8::', len: 64 } } } }, set(1)]),
      rule([{ match: { op: '==', left: { '&': [{ meta: { key: 'mark' } }, 4] }, right: 4 } }, set(7)]),
      rule([{ match: { op: '==', left: saddr, right: { prefix: { addr: '2001:db8:0:1::', len: 64 } } } }, { match: { op: '!=', left: { meta: { key: 'mark' } }, right: 0 } }, set(9)]),
    ],
  });
  for (const [kind, text] of [
    ['ip6tables-save', ip6tables],
    ['nft list ruleset', nft],
    ['nft -j list ruleset', json],
  ]) {
    it(`${kind}: decided with the mark the packet has at that rule`, () => {
      const e = evaluate(readMarks('f', text));
      expect(outcomesAt(e, '2001:db8::/48')).toEqual(['7 ICMP/UDP/TCP']);
      expect(outcomesAt(e, '2001:db8::/64')).toEqual(['1 ICMP/UDP/TCP']);
      expect(outcomesAt(e, '2001:db8:0:1::/64')).toEqual(['9 ICMP/UDP/TCP']);
      expect(outcomesAt(e, '::/0')).toEqual(['0 ICMP/UDP/TCP']);
    });
  }
});
