// The plan alone (src/pool4/plan.ts): applied with the pool's own rules it gives the desired pool,
// and it takes no more steps than the difference has pieces.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { plan, type Step } from '../../src/pool4/plan';
import { add, addAll, EMPTY_POOL, remove, type Entry, type Pool } from '../../src/pool4/pool';
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
