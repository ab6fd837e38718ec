// A command about a few addresses of one mark reads only the lines around them (state/read-layout.ts
// Focus), a display only the tables it shows, --count only the chunk entries. Each must give what
// reading the whole file gives: the same state, and byte for byte the file a fresh write of it
// gives, whatever the pool (up to thousands of tables, of many marks and protocols, beside a BIB
// and other instances).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as bib from '../../src/bib/bib';
import { contentOf, withContent, withHoles, type State } from '../../src/instance/instances';
import { fill, punch } from '../../src/pool4/holes';
import { firstOf, lastOf } from '../../src/pool4/addresses';
import { add, addAll, count, EMPTY_POOL, PROTOCOLS, remove, selectTables, setIterations, type AddRules, type Entry, type Pool, type Protocol } from '../../src/pool4/pool';
import { countsIn, encode, parseBytes, selectionIn, serialize, type Focus } from '../../src/state/format';
import { readOwnLayout } from '../../src/state/read-layout';

const FREE: AddRules = { limitPrefix: false, refuseReserved: false };
const BASE = 0xc6120000; // 198.18.0.0

/** A pool of `marks` marks, each with tables in some protocols: a few runs, some with settings. */
function poolOf(marks: number, seed: number): Pool {
  let x = seed | 1;
  const random = (n: number) => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) % n;
  };
  const entries: Entry[] = [];
  for (let m = 0; m < marks; m++) {
    const mark = m * (1 + random(3)) + random(2) * 0x7fffffff; // now and then a mark past 2^31
    for (const protocol of PROTOCOLS) {
      if (random(4) === 0) continue;
      const runs = 1 + random(3);
      for (let r = 0; r < runs; r++) {
        const min = 1 + random(60000);
        entries.push({
          mark,
          protocols: [protocol],
          prefix: { address: BASE + random(marks * 2), length: 32 },
          ports: [min, min + random(2000)],
          ...(random(8) === 0 ? { iterations: 1 + random(9000) } : {}),
        });
      }
    }
  }
  return addAll(EMPTY_POOL, entries, FREE);
}

/** The pool as the instance "carrier", beside a small instance and a BIB of entries inside the pool. */
function stateOf(pool: Pool): State {
  const view = { pool, hostAddresses: [] };
  let entries = bib.EMPTY_BIB;
  for (const t of pool.tables.filter((t) => t.protocol !== 'ICMP').slice(0, 40)) {
    const e = bib.entryOf({ address: t.runs.firsts[0], port: t.runs.ports[0][0][0] }, { address: `2001:db8::${t.mark.toString(16)}:${t.protocol.length}`, port: 80 });
    try {
      entries = bib.add(entries, t.protocol, e, view, { identicalIsOk: true });
    } catch {
      // a collision: left out
    }
  }
  let state = withContent({ instances: [] }, 'small', add(EMPTY_POOL, { mark: 3, protocols: ['UDP'], prefix: { address: BASE, length: 30 }, ports: [9, 99] }, FREE), bib.EMPTY_BIB);
  state = withContent(state, 'carrier', pool, entries);
  return withHoles(state, 'carrier', [{ protocol: 'TCP', first: BASE + 1, last: BASE + 1, ports: [5, 6] }]);
}

type Op = { kind: 'add' | 'remove' | 'remove4' | 'update'; entry: Entry } | { kind: 'bib'; protocol: Protocol; address: number; port: number };

/** What the modes do (modes/pool4.ts, modes/bib.ts), on the state as read; the focus they give. */
function apply(state: State, op: Op): State {
  const { pool, bib: entries } = contentOf(state, 'carrier');
  const holes = state.instances.find((i) => i.name === 'carrier')?.holes ?? [];
  if (op.kind === 'bib') {
    const e = bib.entryOf({ address: op.address, port: op.port }, { address: '2001:db8:ffff::1', port: 1 });
    return withContent(state, 'carrier', pool, bib.add(entries, op.protocol, e, { pool, hostAddresses: [], holes }, { identicalIsOk: true }));
  }
  const { entry } = op;
  if (op.kind === 'add') return withHoles(withContent(state, 'carrier', add(pool, entry, FREE), entries), 'carrier', fill(holes, entry));
  if (op.kind === 'update') return withContent(state, 'carrier', setIterations(pool, entry.mark, entry.protocols, 77), entries);
  const after = remove(pool, entry);
  const cascaded = bib.removeRange(entries, ['TCP', 'UDP', 'ICMP'], firstOf(entry.prefix), lastOf(entry.prefix), entry.ports);
  return op.kind === 'remove4' ? withHoles(withContent(state, 'carrier', after, cascaded), 'carrier', punch(holes, entry, after)) : withContent(state, 'carrier', after, cascaded);
}

function focusOf(op: Op): Focus {
  if (op.kind === 'bib') return { instance: 'carrier', protocols: [op.protocol], first: op.address, last: op.address, others: true };
  const { entry } = op;
  if (op.kind === 'update') return { instance: 'carrier', mark: entry.mark, protocols: entry.protocols, first: 0, last: 0 };
  return { instance: 'carrier', mark: entry.mark, protocols: entry.protocols, first: firstOf(entry.prefix), last: lastOf(entry.prefix), others: op.kind === 'remove4' };
}

/** The file after the op, read with or without the focus; or the refusal. */
function changed(bytes: Buffer, op: Op, focused: boolean): string {
  const state = parseBytes(bytes, focused ? focusOf(op) : undefined);
  try {
    return encode(apply(state, op), state).toString('latin1');
  } catch (e) {
    return `refused: ${(e as Error).message}`;
  }
}

function opArb(marks: readonly number[]): fc.Arbitrary<Op> {
  const entry = fc.record({
    mark: fc.oneof(fc.constantFrom(...marks), fc.integer({ min: 0, max: 0xffffffff })),
    protocols: fc.subarray([...PROTOCOLS], { minLength: 1 }),
    address: fc.integer({ min: BASE - 4, max: BASE + 2 * marks.length + 4 }),
    length: fc.integer({ min: 28, max: 32 }),
    a: fc.integer({ min: 0, max: 62000 }),
    b: fc.integer({ min: 0, max: 4000 }),
  });
  return fc.oneof(
    fc.tuple(fc.constantFrom('add' as const, 'remove' as const, 'remove4' as const, 'update' as const), entry).map(
      ([kind, e]): Op => ({
        kind,
        entry: { mark: e.mark, protocols: e.protocols, prefix: { address: e.address - (e.address % 2 ** (32 - e.length)), length: e.length }, ports: [e.a, Math.min(e.a + e.b, 65535)] },
      }),
    ),
    fc
      .record({ protocol: fc.constantFrom<Protocol>('TCP', 'UDP', 'ICMP'), address: fc.integer({ min: BASE - 2, max: BASE + 2 * marks.length + 2 }), port: fc.integer({ min: 1, max: 65535 }) })
      .map((b): Op => ({ kind: 'bib', ...b })),
  );
}

describe('focused reads', () => {
  it('change the file as a whole read does, byte for byte, and as a fresh write would', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3000 }), fc.integer(), fc.context(), (marks, seed, ctx) => {
        const pool = poolOf(marks, seed);
        const bytes = encode(stateOf(pool));
        const opMarks = [...new Set(pool.tables.map((t) => t.mark))];
        fc.assert(
          fc.property(fc.array(opArb(opMarks), { minLength: 1, maxLength: 4 }), (ops) => {
            let focused = bytes;
            for (const op of ops) {
              const a = changed(focused, op, true);
              const b = changed(focused, op, false);
              expect(a).toBe(b);
              if (a.startsWith('refused')) continue;
              focused = Buffer.from(a, 'latin1');
              // What jool wrote is its own layout, every chunk matching its CRC, and what a fresh write gives.
              expect(readOwnLayout(focused)).toBeDefined();
              expect(a).toBe(serialize(parseBytes(focused)));
            }
          }),
          { numRuns: 6 },
        );
        ctx.log(`${marks} marks, ${pool.tables.length} tables`);
      }),
      { numRuns: 12 },
    );
  }, 600_000);

  it('select and count what the whole pool does', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3000 }), fc.integer(), fc.integer({ min: 0, max: 2999 }), fc.subarray([...PROTOCOLS]), (marks, seed, pick, protocols) => {
        const pool = poolOf(marks, seed);
        const bytes = encode(stateOf(pool));
        const mark = pool.tables[pick % pool.tables.length].mark;
        for (const filter of [{ mark }, { protocols }, { mark, protocols }, {}]) {
          expect(selectionIn(bytes, { instance: 'carrier', ...filter }).tables).toEqual(selectTables(pool, filter));
        }
        expect(countsIn(bytes, 'carrier')).toEqual(count(pool));
        expect(countsIn(bytes, 'small')).toEqual({ tables: 1, samples: 4, transportAddresses: 4 * 91 });
        expect(countsIn(bytes, 'nobody')).toEqual({ tables: 0, samples: 0, transportAddresses: 0 });
      }),
      { numRuns: 25 },
    );
  }, 600_000);

  it('leave every other instance as bytes that nothing may look at', () => {
    const bytes = encode(stateOf(poolOf(50, 7)));
    const state = parseBytes(bytes, { instance: 'carrier', mark: 0, protocols: ['TCP'], first: BASE, last: BASE });
    const small = state.instances.find((i) => i.name === 'small')!;
    expect(() => small.pool.tables).toThrow(/internal error/);
    // Changing what was not read is a bug, not a write.
    const carrier = contentOf(state, 'carrier');
    const changed = withContent(state, 'small', EMPTY_POOL, bib.EMPTY_BIB);
    expect(() => encode(changed, state)).toThrow(/internal error/);
    expect(encode(withContent(state, 'carrier', carrier.pool, carrier.bib), state).equals(bytes)).toBe(true);
  });
});
