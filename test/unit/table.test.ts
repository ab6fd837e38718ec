import { describe, expect, it } from 'vitest';
import { samePorts, subtract, unite, type PortSet } from '../../src/pool4/ports';
import { fromBlocks, Runs, sampleCount, union, update, type Block } from '../../src/pool4/table';

const show = (runs: Runs) =>
  runs
    .toArray()
    .map((r) => `${r.first}-${r.last}:${r.ports.map((p) => `${p[0]}-${p[1]}`).join(',')}`)
    .join(' ');
const add = (runs: Runs, first: number, last: number, min: number, max: number) => update(runs, first, last, (p) => unite(p, [min, max]));
const del = (runs: Runs, first: number, last: number, min: number, max: number) => update(runs, first, last, (p) => subtract(p, [min, max]));

function isNormal(table: Runs): boolean {
  const runs = table.toArray();
  return runs.every((r, i) => r.first <= r.last && r.ports.length > 0 && (i === 0 || (runs[i - 1].last < r.first && !(runs[i - 1].last + 1 === r.first && samePorts(runs[i - 1].ports, r.ports)))));
}

describe('update', () => {
  it('keeps a block of addresses with the same ports as one run', () => {
    expect(show(add(Runs.EMPTY, 0, 65535, 60001, 65535))).toBe('0-65535:60001-65535');
  });

  it('merges a run added next to one with the same ports, on either side', () => {
    let runs = add(Runs.EMPTY, 10, 19, 5, 9);
    runs = add(runs, 20, 29, 5, 9);
    runs = add(runs, 0, 9, 5, 9);
    expect(show(runs)).toBe('0-29:5-9');
  });

  it('cuts runs at the edges of the block it changes', () => {
    const runs = add(add(Runs.EMPTY, 0, 29, 5, 9), 10, 19, 20, 20);
    expect(show(runs)).toBe('0-9:5-9 10-19:5-9,20-20 20-29:5-9');
  });

  it('fills gaps between runs and re-merges what became equal', () => {
    let runs = add(Runs.EMPTY, 0, 4, 1, 1);
    runs = add(runs, 10, 14, 1, 1);
    runs = add(runs, 0, 14, 1, 1);
    expect(show(runs)).toBe('0-14:1-1');
  });

  it('removes across runs and drops what becomes empty', () => {
    let runs = add(Runs.EMPTY, 0, 9, 1, 10);
    runs = add(runs, 20, 29, 1, 5);
    runs = del(runs, 5, 25, 1, 5);
    expect(show(runs)).toBe('0-4:1-10 5-9:6-10 26-29:1-5');
  });

  it('splits a run when removing from its middle', () => {
    expect(show(del(add(Runs.EMPTY, 0, 9, 1, 10), 3, 6, 0, 65535))).toBe('0-2:1-10 7-9:1-10');
  });

  it('reaches the ends of the address space', () => {
    const runs = add(add(Runs.EMPTY, 0xfffffff0, 0xffffffff, 1, 1), 0, 0, 1, 1);
    expect(show(runs)).toBe(`0-0:1-1 ${0xfffffff0}-${0xffffffff}:1-1`);
    expect(show(del(runs, 0, 0xffffffff, 0, 65535))).toBe('');
  });

  it('counts samples and transport addresses', () => {
    const runs = add(add(Runs.EMPTY, 0, 9, 1, 10), 5, 14, 21, 30);
    expect(sampleCount(runs)).toBe(5 + 5 * 2 + 5);
    expect(runs.transportAddresses()).toBe(10 * 10 + 10 * 10);
  });
});

// A random stress test against a brute-force model: a boolean per (address, port).
it('agrees with a brute-force model over random operations', () => {
  const ADDRS = 24;
  const PORTS = 10;
  let seed = 12345;
  const rand = (n: number) => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  for (let round = 0; round < 200; round++) {
    let runs = Runs.EMPTY;
    const model = Array.from({ length: ADDRS }, () => new Array<boolean>(PORTS).fill(false));
    for (let step = 0; step < 30; step++) {
      const a = rand(ADDRS);
      const b = a + rand(ADDRS - a);
      const p = rand(PORTS);
      const q = p + rand(PORTS - p);
      const adding = rand(3) > 0;
      runs = adding ? add(runs, a, b, p, q) : del(runs, a, b, p, q);
      for (let x = a; x <= b; x++) for (let y = p; y <= q; y++) model[x][y] = adding;

      expect(isNormal(runs)).toBe(true);
      // The total update() derives from the previous one equals a fresh count, and the model's.
      const fresh = new Runs(runs.firsts, runs.lasts, runs.ports).transportAddresses();
      expect(runs.knownTotal() ?? fresh).toBe(fresh);
      expect(runs.transportAddresses()).toBe(model.flat().filter(Boolean).length);
      const seen = Array.from({ length: ADDRS }, () => new Array<boolean>(PORTS).fill(false));
      for (const r of runs.toArray()) for (let x = r.first; x <= r.last; x++) for (const [lo, hi] of r.ports as PortSet) for (let y = lo; y <= hi; y++) seen[x][y] = true;
      expect(seen).toEqual(model);
    }
  }
});

describe('union and fromBlocks', () => {
  let seed = 777;
  const rand = (n: number) => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  const randomBlocks = (count: number, addresses: number, ports: number): Block[] =>
    Array.from({ length: count }, () => {
      const first = rand(addresses);
      const p = rand(ports);
      return { first, last: first + rand(Math.min(4, addresses - first)), ports: [[p, p + rand(ports - p)]] as const };
    });
  const oneByOne = (start: Runs, blocks: Block[]) => blocks.reduce((r, b) => update(r, b.first, b.last, (p) => unite(p, b.ports[0])), start);

  it('gives what adding the blocks one by one gives, overlapping or not', () => {
    for (let round = 0; round < 300; round++) {
      const blocks = randomBlocks(1 + rand(12), 20, 10);
      const start = oneByOne(Runs.EMPTY, randomBlocks(rand(6), 20, 10));
      const want = oneByOne(start, blocks);
      const got = union(start, fromBlocks(blocks));
      expect(show(got)).toBe(show(want));
      expect(isNormal(got)).toBe(true);
      expect(got.transportAddresses()).toBe(new Runs(want.firsts, want.lasts, want.ports).transportAddresses());
    }
  });

  it('unites nested CIDR-like blocks and repeats of one block', () => {
    const blocks: Block[] = [
      { first: 0, last: 255, ports: [[1, 1]] },
      { first: 0, last: 127, ports: [[2, 2]] },
      { first: 64, last: 64, ports: [[3, 3]] },
      { first: 0, last: 255, ports: [[5, 5]] },
    ];
    expect(show(fromBlocks(blocks))).toBe('0-63:1-2,5-5 64-64:1-3,5-5 65-127:1-2,5-5 128-255:1-1,5-5');
  });

  it('keeps a run that union does not touch as it was', () => {
    const a = add(Runs.EMPTY, 0, 9, 1, 5);
    expect(union(a, Runs.EMPTY)).toBe(a);
    expect(show(union(a, add(Runs.EMPTY, 20, 29, 1, 5)))).toBe('0-9:1-5 20-29:1-5');
    expect(show(union(a, add(Runs.EMPTY, 10, 19, 1, 5)))).toBe('0-19:1-5');
  });
});
