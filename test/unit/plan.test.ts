// The plan alone (src/pool4/plan.ts, src/bib/plan.ts): applied with the pool's and the BIB's own
// rules it gives the desired pool and BIB, and it takes no more steps than the difference has pieces.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { add as bibAdd, BibError, EMPTY_BIB, entryOf, inPool4, remove as bibRemove, removeRange, type Bib } from '../../src/bib/bib';
import { needsQuick, OrphanInPlan, planBib } from '../../src/bib/plan';
import { plan, type Step } from '../../src/pool4/plan';
import { add, addAll, EMPTY_POOL, remove, type Entry, type Pool, type Protocol } from '../../src/pool4/pool';
import { entryArb } from '../arbitraries';

const entries = fc.array(
  entryArb({ marks: fc.constantFrom(0, 7), addresses: [0xc0000200, 0xc000023f], lengths: [26, 32], ports: [1, 70] }).chain((e) =>
    fc.option(fc.constantFrom<'auto' | 'infinity' | number>('auto', 'infinity', 3), { nil: undefined }).map((iterations) => ({ ...e, iterations })),
  ),
  { maxLength: 10 },
);
const FREE = { limitPrefix: false, refuseReserved: false };
const poolOf = (list: Entry[]): Pool => addAll(EMPTY_POOL, list, FREE);

function apply(pool: Pool, steps: readonly Step[]): Pool {
  return steps.reduce<Pool>((p, s) => {
    const entry: Entry = { mark: s.mark, protocols: s.protocols, prefix: s.prefix, ports: s.range, ...(s.iterations === undefined ? {} : { iterations: s.iterations }) };
    return s.op === 'remove' ? remove(p, entry) : add(p, entry, FREE);
  }, pool);
}

/** The samples, and with iterations the tables' settings, without Jool's counter (history). */
const shape = (pool: Pool, iterations: boolean) => pool.tables.map((t) => ({ mark: t.mark, protocol: t.protocol, runs: t.runs.toArray(), ...(iterations ? { iterations: t.iterations } : {}) }));

/** The difference address by address: one piece per address, table and port range gained or lost. */
function pieces(a: Pool, b: Pool): number {
  let n = 0;
  const keys = new Set([...a.tables, ...b.tables].map((t) => `${t.mark}/${t.protocol}`));
  for (const key of keys) {
    const portsAt = (pool: Pool, address: number) => {
      const t = pool.tables.find((x) => `${x.mark}/${x.protocol}` === key);
      const r = t?.runs.toArray().find((run) => run.first <= address && address <= run.last);
      return new Set((r?.ports ?? []).flatMap(([lo, hi]) => Array.from({ length: hi - lo + 1 }, (_, k) => lo + k)));
    };
    for (let address = 0xc0000200; address <= 0xc000023f; address++) {
      const [had, wants] = [portsAt(a, address), portsAt(b, address)];
      const ranges = (xs: number[]) => xs.sort((x, y) => x - y).filter((x, i, all) => i === 0 || all[i - 1] + 1 !== x).length;
      n += ranges([...had].filter((p) => !wants.has(p))) + ranges([...wants].filter((p) => !had.has(p)));
    }
  }
  return n;
}

describe('plan', () => {
  it('replayed with the pool rules, gives the desired pool, in both syntaxes', () => {
    fc.assert(
      fc.property(entries, entries, (from, to) => {
        const [current, desired] = [poolOf(from), poolOf(to)];
        const jool4 = plan(current, desired, { syntax: 'jool4', ephemeral: [32768, 60999] });
        expect(shape(apply(current, jool4), true)).toEqual(shape(desired, true));
        const jool3 = plan(current, desired, { syntax: 'jool3' });
        expect(shape(apply(current, jool3), false)).toEqual(shape(desired, false));
        // Removes first, then adds.
        for (const steps of [jool3, jool4]) {
          const firstAdd = steps.findIndex((s) => s.op === 'add');
          if (firstAdd >= 0) expect(steps.slice(firstAdd).every((s) => s.op === 'add')).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('takes no more steps than the difference has pieces, and the Jool 3 syntax no more than Jool 4', () => {
    fc.assert(
      fc.property(entries, entries, (from, to) => {
        const [current, desired] = [poolOf(from), poolOf(to)];
        const jool4 = plan(current, desired, { syntax: 'jool4' }).filter((s) => s.iterations === undefined);
        const jool3 = plan(current, desired, { syntax: 'jool3' });
        expect(jool4.length).toBeLessThanOrEqual(pieces(current, desired));
        expect(jool3.length).toBeLessThanOrEqual(jool4.length);
        if (pieces(current, desired) === 0) expect(jool3).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('is empty between equal pools, whatever their history', () => {
    const a = [add(EMPTY_POOL, { mark: 0, protocols: ['TCP'], prefix: { address: 0xc0000200, length: 30 }, ports: [1, 5] }, FREE)].map((p) =>
      add(p, { mark: 0, protocols: ['TCP'], prefix: { address: 0xc0000200, length: 30 }, ports: [3, 9] }, FREE),
    )[0];
    const b = add(EMPTY_POOL, { mark: 0, protocols: ['TCP'], prefix: { address: 0xc0000200, length: 30 }, ports: [1, 9] }, FREE);
    expect(a.tables[0].counter).not.toBe(b.tables[0].counter);
    expect(plan(a, b, { syntax: 'jool4' })).toEqual([]);
  });
});

// The BIB half (src/bib/plan.ts), replayed with the BIB's own rules and the cascade each syntax
// makes: the desired BIB and pool come out, and no kept entry is ever lost on the way.
describe('plan of the BIB', () => {
  const pickArb = fc.array(fc.record({ table: fc.nat(20), port: fc.nat(69), v6: fc.nat(3), protocol: fc.constantFrom<Protocol>('TCP', 'UDP', 'ICMP') }), { maxLength: 8 });
  /** Entries on addresses and ports the pool holds, colliding ones dropped. */
  function bibIn(pool: Pool, picks: { table: number; port: number; v6: number; protocol: Protocol }[], start: Bib = EMPTY_BIB): Bib {
    let out = start;
    for (const p of picks) {
      const tables = pool.tables.filter((t) => t.protocol === p.protocol);
      if (tables.length === 0) continue;
      const t = tables[p.table % tables.length];
      const run = t.runs.toArray()[p.port % t.runs.length];
      const [min, max] = run.ports[0];
      const entry = entryOf({ address: run.first, port: min + (p.port % (max - min + 1)) }, { address: `2001:db8::${p.v6}`, port: p.port % 3 });
      try {
        out = bibAdd(out, p.protocol, entry, { pool, hostAddresses: [] }, { identicalIsOk: true });
      } catch (e) {
        if (!(e instanceof BibError)) throw e;
      }
    }
    return out;
  }

  it('replayed with the cascade of each syntax, gives the desired BIB and pool', () => {
    fc.assert(
      fc.property(entries, entries, pickArb, pickArb, fc.boolean(), (from, to, picksA, picksB, share) => {
        // Sharing: the desired pool keeps the first sample, and the desired BIB the entries still inside it.
        const [current, desired] = [poolOf(from), poolOf(share ? [...from.slice(0, 1), ...to] : to)];
        const had = bibIn(current, picksA);
        const view = { pool: desired, hostAddresses: [] };
        const still = (t: Bib) => ({
          TCP: t.TCP.filter((e) => inPool4(view, 'TCP', e.address4, e.port4)),
          UDP: t.UDP.filter((e) => inPool4(view, 'UDP', e.address4, e.port4)),
          ICMP: t.ICMP.filter((e) => inPool4(view, 'ICMP', e.address4, e.port4)),
        });
        const wants = bibIn(desired, picksB, share ? still(had) : EMPTY_BIB);
        for (const syntax of ['jool3', 'jool4'] as const) {
          const entries = planBib(had, wants, view);
          const steps = plan(current, desired, { syntax }).map((s) => ({ ...s, quick: needsQuick(s, entries.kept, syntax) }));
          let bib = had;
          for (const s of entries.removes) bib = bibRemove(bib, s.protocol, { address: s.entry.address4, port: s.entry.port4 }, { address: s.entry.address6, port: s.entry.port6 });
          let pool = current;
          for (const s of steps) {
            pool = apply(pool, [s]);
            if (s.op === 'remove' && !s.quick)
              bib = removeRange(bib, syntax === 'jool3' ? ['TCP', 'UDP', 'ICMP'] : s.protocols, s.prefix.address, s.prefix.address + 2 ** (32 - s.prefix.length) - 1, s.range);
          }
          for (const s of entries.adds) bib = bibAdd(bib, s.protocol, s.entry, { pool, hostAddresses: [] }, { identicalIsOk: false });
          expect(bib).toEqual(wants);
          expect(shape(pool, false)).toEqual(shape(desired, false));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('keeps what both hold and refuses to add an orphan', () => {
    const pool = poolOf([{ mark: 0, protocols: ['TCP'], prefix: { address: 0xc0000201, length: 32 }, ports: [1, 9] }]);
    const one = bibAdd(EMPTY_BIB, 'TCP', entryOf({ address: 0xc0000201, port: 5 }, { address: '::1', port: 1 }), { pool, hostAddresses: [] }, { identicalIsOk: false });
    expect(planBib(one, one, { pool, hostAddresses: [] })).toEqual({ removes: [], adds: [], kept: [{ op: 'remove', protocol: 'TCP', entry: one.TCP[0] }] });
    expect(() => planBib(EMPTY_BIB, one, { pool: EMPTY_POOL, hostAddresses: [] })).toThrow(OrphanInPlan);
  });
});
