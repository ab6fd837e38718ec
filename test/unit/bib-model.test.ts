// pool4 and BIB commands of both dialects, mixed at random on one state file, against a model
// written from bib-facts.md alone (brute force: pool4 as sets of ports, the BIB as lists): after
// every command, the exit status, both dialects' BIB displays and Jool 3's pool4 display are the
// model's. Covers the pool4 membership rule (any mark, that protocol, the empty-pool4 fallback),
// collisions, Jool 3's all-or-nothing adds and per-protocol removes, and the cascade with and
// without --quick (Jool 3: all three tables; Jool 4: the remove's protocol; any mark).
import fc from 'fast-check';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { toJoolError } from '../../src/errors';
import { run } from '../../src/main';
import { stringSink } from '../../src/output/sink';
import { tempDir } from '../helpers';

type Proto = 'TCP' | 'UDP' | 'ICMP';
const BIB_ORDER: Proto[] = ['TCP', 'UDP', 'ICMP'];
const POOL_ORDER: Proto[] = ['ICMP', 'UDP', 'TCP'];
const BASE = 0xc0000200; // 192.0.2.0/30
const HOST = BASE + 3; // what JOOL_HOST_ADDRESSES says the translator has
const FALLBACK_PORT = 61001;
/** IPv6 sides, written in several ways: the state holds inet_ntop's text. */
const SIDES6 = [
  ['2001:db8::1', '2001:DB8:0:0::1'],
  ['2001:db8::2', '2001:db8:0::2'],
  ['::ffff:1.2.3.4', '::FFFF:102:304'],
];

interface Entry {
  a4: number;
  p4: number;
  a6: number;
  p6: number;
}

class Model {
  /** `${mark}/${proto}/${address}` -> ports. */
  pool = new Map<string, Set<number>>();
  bib: Record<Proto, Entry[]> = { TCP: [], UDP: [], ICMP: [] };
  /** Jool 4's mark-less tree lacks these `${proto}/${address}/${port}`: a Jool 4 remove took them out, whatever the mark, and no add since put them back. */
  outOfTree = new Set<string>();

  holds(proto: Proto, a: number, port: number): boolean {
    if ([...this.pool.values()].every((s) => s.size === 0)) return a === HOST && port >= FALLBACK_PORT;
    for (const [key, ports] of this.pool) {
      const [, p, address] = key.split('/');
      if (p === proto && Number(address) === a && ports.has(port)) return true;
    }
    return false;
  }

  ports(mark: number, proto: Proto, a: number): Set<number> {
    const key = `${mark}/${proto}/${a}`;
    let s = this.pool.get(key);
    if (s === undefined) {
      s = new Set();
      this.pool.set(key, s);
    }
    return s;
  }
}

interface Command {
  dialect: 3 | 4;
  op: 'pool4-add' | 'pool4-remove' | 'pool4-flush' | 'bib-add' | 'bib-remove';
  mark: number;
  protos: Proto[];
  first: number;
  length: number;
  min: number;
  max: number;
  quick: boolean;
  entry: Entry;
  form6: number;
  by: 'v4' | 'v6' | 'both';
}

// Few ports and addresses, so that entries often sit in pool4 and commands often meet.
const portArb = fc.oneof({ arbitrary: fc.integer({ min: 0, max: 5 }), weight: 6 }, { arbitrary: fc.constant(FALLBACK_PORT), weight: 1 });
const commandArb: fc.Arbitrary<Command> = fc
  .record({
    dialect: fc.constantFrom(3 as const, 4 as const),
    op: fc.oneof(
      { arbitrary: fc.constant('pool4-add' as const), weight: 4 },
      { arbitrary: fc.constant('pool4-remove' as const), weight: 3 },
      { arbitrary: fc.constant('pool4-flush' as const), weight: 1 },
      { arbitrary: fc.constant('bib-add' as const), weight: 6 },
      { arbitrary: fc.constant('bib-remove' as const), weight: 3 },
    ),
    mark: fc.integer({ min: 0, max: 1 }),
    protos3: fc.subarray(BIB_ORDER),
    proto4: fc.constantFrom(...BIB_ORDER),
    address: fc.integer({ min: 0, max: 3 }),
    length: fc.integer({ min: 30, max: 32 }),
    a: fc.integer({ min: 0, max: 5 }),
    b: fc.integer({ min: 0, max: 5 }),
    quick: fc.boolean(),
    entry: fc.record({ a4: fc.integer({ min: 0, max: 3 }).map((i) => BASE + i), p4: portArb, a6: fc.integer({ min: 0, max: 2 }), p6: fc.integer({ min: 0, max: 3 }) }),
    form6: fc.integer({ min: 0, max: 1 }),
    by: fc.constantFrom('v4' as const, 'v6' as const, 'both' as const),
  })
  .map((r) => ({
    dialect: r.dialect,
    op: r.op,
    mark: r.mark,
    protos: r.dialect === 3 ? r.protos3 : [r.proto4],
    first: BASE + r.address - (r.address % 2 ** (32 - r.length)),
    length: r.length,
    min: Math.min(r.a, r.b),
    max: Math.max(r.a, r.b),
    quick: r.quick,
    entry: r.entry,
    form6: r.form6,
    by: r.by,
  }));

const dotted = (a: number) => `${a >>> 24}.${(a >>> 16) & 255}.${(a >>> 8) & 255}.${a & 255}`;

function argv(c: Command): string[] {
  const prefix = `${dotted(c.first)}/${c.length}`;
  const range = `${c.min}-${c.max}`;
  const quick = c.quick ? ['--quick'] : [];
  const t4 = `${dotted(c.entry.a4)}#${c.entry.p4}`;
  const t6 = `${SIDES6[c.entry.a6][c.form6]}#${c.entry.p6}`;
  const sides = c.op === 'bib-remove' ? (c.by === 'v4' ? [t4] : c.by === 'v6' ? [t6] : [t6, t4]) : [t6, t4];
  if (c.dialect === 3) {
    const protos = c.protos.map((p) => `--${p.toLowerCase()}`);
    switch (c.op) {
      case 'pool4-add':
        return ['--pool4', '--add', '--mark', String(c.mark), ...protos, prefix, range];
      case 'pool4-remove':
        return ['--pool4', '--remove', '--mark', String(c.mark), ...protos, range, prefix, ...quick];
      case 'pool4-flush':
        return ['--pool4', '--flush', ...quick];
      case 'bib-add':
        return ['--bib', '--add', ...protos, ...sides];
      case 'bib-remove':
        return ['--bib', ...sides, '--remove', ...protos];
    }
  }
  const proto = `--${c.protos[0].toLowerCase()}`;
  switch (c.op) {
    case 'pool4-add':
      return ['pool4', 'add', proto, prefix, range, '--mark', String(c.mark)];
    case 'pool4-remove':
      return ['pool4', 'remove', proto, prefix, range, '--mark', String(c.mark), ...quick];
    case 'pool4-flush':
      return ['pool4', 'flush', ...quick];
    case 'bib-add':
      return ['bib', 'add', ...sides.reverse(), proto];
    case 'bib-remove':
      return ['bib', 'remove', proto, ...sides];
  }
}

/** What the model does: false if the command is refused (then nothing changes). */
function apply(m: Model, c: Command): boolean {
  const protos = c.protos.length === 0 ? BIB_ORDER : c.protos;
  const last = c.first + 2 ** (32 - c.length) - 1;
  switch (c.op) {
    case 'pool4-add': {
      if (protos.some((p) => p !== 'ICMP') && c.max === 0) return false;
      for (const p of protos) {
        for (let a = c.first; a <= last; a++) {
          for (let port = p === 'ICMP' ? c.min : Math.max(c.min, 1); port <= c.max; port++) {
            m.ports(c.mark, p, a).add(port);
            m.outOfTree.delete(`${p}/${a}/${port}`);
          }
        }
      }
      return true;
    }
    case 'pool4-remove': {
      for (const p of protos) {
        for (let a = c.first; a <= last; a++) {
          for (let port = c.min; port <= c.max; port++) {
            m.ports(c.mark, p, a).delete(port);
            if (c.dialect === 4) m.outOfTree.add(`${p}/${a}/${port}`);
          }
        }
      }
      if (!c.quick) {
        for (const p of c.dialect === 3 ? BIB_ORDER : protos) {
          m.bib[p] = m.bib[p].filter((e) => e.a4 < c.first || e.a4 > last || e.p4 < c.min || e.p4 > c.max);
        }
      }
      return true;
    }
    case 'pool4-flush':
      m.pool.clear();
      m.outOfTree.clear();
      if (!c.quick) m.bib = { TCP: [], UDP: [], ICMP: [] };
      return true;
    case 'bib-add': {
      const e = c.entry;
      const added: Proto[] = [];
      for (const p of protos) {
        if (!m.holds(p, e.a4, e.p4)) return false;
        // Jool 4 asks its mark-less tree (pool4/holes.ts); the Jool 3 syntax, as the seed, its tables.
        if (c.dialect === 4 && m.pool.size > 0 && [...m.pool.values()].some((s) => s.size > 0) && m.outOfTree.has(`${p}/${e.a4}/${e.p4}`)) return false;
        const same4 = m.bib[p].find((x) => x.a4 === e.a4 && x.p4 === e.p4);
        const same6 = m.bib[p].find((x) => x.a6 === e.a6 && x.p6 === e.p6);
        if (same4 !== undefined && same4 === same6 && c.dialect === 4) continue; // Jool 4: an identical re-add succeeds silently
        if (same4 !== undefined || same6 !== undefined) return false;
        added.push(p);
      }
      for (const p of added) m.bib[p].push({ ...e });
      return true;
    }
    case 'bib-remove': {
      const e = c.entry;
      const found = protos.map((p) => {
        const hit = m.bib[p].find((x) => (c.by === 'v4' ? x.a4 === e.a4 && x.p4 === e.p4 : x.a6 === e.a6 && x.p6 === e.p6));
        return { p, hit };
      });
      if (found.every((f) => f.hit === undefined)) return false;
      if (c.by === 'both' && found.some((f) => f.hit !== undefined && (f.hit.a4 !== e.a4 || f.hit.p4 !== e.p4))) return false;
      for (const { p, hit } of found) if (hit !== undefined) m.bib[p] = m.bib[p].filter((x) => x !== hit);
      return true;
    }
  }
}

const sorted = (entries: Entry[]) => [...entries].sort((x, y) => x.a4 - y.a4 || x.p4 - y.p4);
const row = (e: Entry) => `${dotted(e.a4)}#${e.p4} - ${SIDES6[e.a6][0]}#${e.p6}`;

function jool4Bib(m: Model, p: Proto): string {
  return sorted(m.bib[p])
    .map((e) => `[Static ${p}] ${row(e)}\n`)
    .join('');
}

function jool3Bib(m: Model): string {
  return BIB_ORDER.map((p) => {
    const rows = sorted(m.bib[p])
      .map((e) => `[Static] ${row(e)}\n`)
      .join('');
    return `${p}:\n${rows}${m.bib[p].length === 0 ? '  (empty)\n' : `  (Fetched ${m.bib[p].length} entries.)\n`}`;
  }).join('');
}

function jool3Pool(m: Model): string {
  const rows: string[] = [];
  for (const mark of [0, 1]) {
    for (const p of POOL_ORDER) {
      for (let i = 0; i < 4; i++) {
        const ports = [...(m.pool.get(`${mark}/${p}/${BASE + i}`) ?? [])].sort((x, y) => x - y);
        for (let k = 0; k < ports.length; ) {
          let j = k;
          while (j + 1 < ports.length && ports[j + 1] === ports[j] + 1) j++;
          rows.push(`${mark}\t${p}\t${dotted(BASE + i)}\t${ports[k]}-${ports[j]}\n`);
          k = j + 1;
        }
      }
    }
  }
  return rows.length === 0 ? '  (empty)\n' : `${rows.join('')}  (Fetched ${rows.length} entries.)\n`;
}

it('pool4 and BIB commands of both dialects on one state agree with one model of the BIB', () => {
  const state = join(tempDir(), 'pool4.json');
  const environment = { env: { JOOL_POOL4_STATE: state, JOOL_HOST_ADDRESSES: dotted(HOST), JOOL_EPHEMERAL_RANGE: '50000-60000' }, home: '/' };
  const jool = (...args: string[]) => {
    const out = stringSink();
    try {
      const status = run(args, environment, out);
      if (typeof status !== 'number') throw new Error('a numeric display answered later');
      return { status, stdout: out.text() };
    } catch (e) {
      return { status: toJoolError(e).status, stdout: out.text() };
    }
  };
  fc.assert(
    fc.property(fc.array(commandArb, { minLength: 10, maxLength: 30 }), (commands) => {
      jool('--pool4', '--flush');
      const model = new Model();
      for (const c of commands) {
        const accepted = apply(model, c);
        expect({ argv: argv(c), status: jool(...argv(c)).status }).toEqual({ argv: argv(c), status: accepted ? 0 : 1 });
        for (const p of BIB_ORDER) expect(jool('bib', 'display', '--numeric', `--${p.toLowerCase()}`).stdout).toBe(jool4Bib(model, p));
        expect(jool('--bib', '--numeric').stdout).toBe(jool3Bib(model));
        expect(jool('--pool4').stdout).toBe(jool3Pool(model));
      }
    }),
    { numRuns: 150 },
  );
});
