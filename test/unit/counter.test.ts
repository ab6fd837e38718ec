// Jool's taddr_count (src/pool4/counter.ts): the facts' examples, and random histories against a
// line-by-line port of Jool's db.c (test/jool-model.ts).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDelta, autoIterations, removeDelta, sequentialAddDelta, wrap } from '../../src/pool4/counter';
import { add, addAll, EMPTY_POOL, remove, type Entry, type Pool, type Protocol } from '../../src/pool4/pool';
import { Runs } from '../../src/pool4/table';
import { JoolPool } from '../jool-model';
import { parsePrefix } from '../../src/formats/values';

const FREE = { limitPrefix: false, refuseReserved: false };
const entry = (protocol: Protocol, prefix: string, min: number, max: number, mark = 0): Entry => ({ mark, protocols: [protocol], prefix: parsePrefix(prefix), ports: [min, max] });
const counterOf = (pool: Pool, mark = 0, protocol: Protocol = 'TCP') => pool.tables.find((t) => t.mark === mark && t.protocol === protocol)?.counter;

describe('one address', () => {
  it.each([
    ['a new sample counts its ports', [], [10, 20], 11],
    ['fusing into one sample counts nothing', [[1, 10]], [5, 100], 0],
    ['touching counts nothing either', [[1, 10]], [11, 20], 0],
    [
      'a cascade counts what the later fusions bring',
      [
        [1, 10],
        [20, 30],
      ],
      [5, 25],
      30 - 25 - 11,
    ],
    [
      'a range apart from every sample is new',
      [
        [1, 10],
        [20, 30],
      ],
      [12, 18],
      7,
    ],
  ])('add: %s', (_name, ports, range, want) => {
    expect(addDelta(ports as [number, number][], range as [number, number])).toBe(want);
  });

  it.each([
    ['a covered sample goes', [[5, 9]], [1, 100], -5],
    ['a hole subtracts itself and counts the right piece again', [[1, 100]], [40, 59], -20 + 41],
    ['trimming the top', [[1, 100]], [50, 200], -51],
    ['trimming the bottom', [[50, 100]], [1, 59], -10],
    ['apart', [[50, 100]], [1, 9], 0],
  ])('remove: %s', (_name, ports, range, want) => {
    expect(removeDelta(ports as [number, number][], range as [number, number])).toBe(want);
  });
});

describe('the facts file and the manual', () => {
  it('add 1-10, add 5-100, remove 50-100 wraps to 8192 ( auto)', () => {
    let pool = add(EMPTY_POOL, entry('TCP', '192.0.2.1', 1, 10), FREE);
    pool = add(pool, entry('TCP', '192.0.2.1', 5, 100), FREE);
    expect(counterOf(pool)).toBe(10);
    pool = remove(pool, entry('TCP', '192.0.2.1', 50, 100));
    expect(counterOf(pool)).toBe(2 ** 32 - 41);
    expect(autoIterations(counterOf(pool)!)).toBe(8192);
  });

  it("the manual's Examples give 2059, not 264141 / 128 = 2063", () => {
    let pool = add(EMPTY_POOL, entry('TCP', '192.0.2.1', 1000, 2500), FREE);
    pool = add(pool, entry('TCP', '192.0.2.1', 1500, 3000), FREE);
    pool = add(pool, entry('TCP', '192.0.2.1', 1500, 2500, 1), FREE);
    pool = add(pool, entry('TCP', '192.0.2.8/30', 1, 65535), FREE);
    expect(pool.tables.find((t) => t.mark === 0)!.runs.transportAddresses()).toBe(264141);
    expect(autoIterations(counterOf(pool)!)).toBe(2059);
  });

  it('auto iterations stay within 1024-8192', () => {
    expect([0, 131071, 131072 * 2, 2 ** 20, 2 ** 20 + 128, 2 ** 32 - 1].map(autoIterations)).toEqual([1024, 1024, 2048, 8192, 8192, 8192]);
  });

  it('wraps as an unsigned 32-bit integer', () => {
    expect([wrap(-1), wrap(2 ** 32), wrap(2 ** 32 * 3 + 5)]).toEqual([2 ** 32 - 1, 0, 5]);
  });
});

// The small universe: 192.0.2.0/29, ports 0-40, marks 0-1, TCP only (tables are independent).
const BASE = 0xc0000200;
type Step = { adds: boolean; mark: number; first: number; length: number; min: number; max: number };
const stepArb: fc.Arbitrary<Step> = fc
  .record({
    adds: fc.boolean(),
    mark: fc.integer({ min: 0, max: 1 }),
    address: fc.integer({ min: 0, max: 7 }),
    length: fc.integer({ min: 29, max: 32 }),
    a: fc.integer({ min: 1, max: 40 }),
    b: fc.integer({ min: 1, max: 40 }),
  })
  .map(({ adds, mark, address, length, a, b }) => ({ adds, mark, first: BASE + address - (address % 2 ** (32 - length)), length, min: Math.min(a, b), max: Math.max(a, b) }));

function play(steps: readonly Step[]): { pool: Pool; model: JoolPool } {
  let pool = EMPTY_POOL;
  const model = new JoolPool();
  for (const s of steps) {
    const e: Entry = { mark: s.mark, protocols: ['TCP'], prefix: { address: s.first, length: s.length }, ports: [s.min, s.max] };
    const last = s.first + 2 ** (32 - s.length) - 1;
    if (s.adds) {
      pool = add(pool, e, FREE);
      model.add(s.mark, 'TCP', s.first, last, s.min, s.max);
    } else {
      pool = remove(pool, e);
      model.remove(s.mark, 'TCP', s.first, last, s.min, s.max);
    }
  }
  return { pool, model };
}

describe("against a port of Jool's db.c", () => {
  it('random adds and removes leave the same samples and the same counter', () => {
    fc.assert(
      fc.property(fc.array(stepArb, { maxLength: 30 }), (steps) => {
        const { pool, model } = play(steps);
        for (const t of model.tables) {
          const ours = pool.tables.find((x) => x.mark === t.mark && x.protocol === t.proto);
          expect(ours?.counter).toBe(t.count);
          const samples = ours!.runs.toArray().flatMap((r) => Array.from({ length: r.last - r.first + 1 }, (_, k) => r.ports.map(([lo, hi]) => `${r.first + k}:${lo}-${hi}`)).flat());
          expect(samples).toEqual(t.samples.map((s) => `${s.addr}:${s.min}-${s.max}`));
        }
        expect(pool.tables.length).toBe(model.tables.length);
      }),
      { numRuns: 1000 },
    );
  });

  it('adding many at once counts as adding them one by one, in order', () => {
    fc.assert(
      fc.property(fc.array(stepArb, { maxLength: 15 }), fc.array(stepArb, { maxLength: 25 }), (before, batch) => {
        const { pool } = play(before);
        const entries = batch.map((s): Entry => ({ mark: s.mark, protocols: ['TCP'], prefix: { address: s.first, length: s.length }, ports: [s.min, s.max] }));
        const one = entries.reduce<Pool>((p, e) => add(p, e, FREE), pool);
        const all = addAll(pool, entries, FREE);
        expect(all.tables.map((t) => [t.mark, t.counter])).toEqual(one.tables.map((t) => [t.mark, t.counter]));
      }),
      { numRuns: 500 },
    );
  });

  it('plays each piece of many blocks once: 100,000 entries over one /16 are quick', () => {
    const blocks = Array.from({ length: 100_000 }, (_, i) => ({ first: 0x0a000000 + (i % 65536), last: 0x0a000000 + (i % 65536), ports: [[1000 + (i >> 16) * 10, 1005 + (i >> 16) * 10] as const] }));
    blocks.push({ first: 0x0a000000, last: 0x0a00ffff, ports: [[1, 2]] });
    // 65,536 addresses get one range, 34,464 a second one apart from it, and all of them 1-2.
    expect(sequentialAddDelta(Runs.EMPTY, blocks)).toBe(65536 * 6 + 34464 * 6 + 65536 * 2);
  });
});
