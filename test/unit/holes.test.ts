// Jool 4's mark-less pool4 tree (src/pool4/holes.ts): what removes take out whatever the mark, and adds put back.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parsePrefix } from '../../src/formats/values';
import { fill, type Hole, holeText, inHole, NO_HOLES, punch, readHole } from '../../src/pool4/holes';
import { add, EMPTY_POOL, type Entry, JOOL3_ADD } from '../../src/pool4/pool';

const entry = (prefix: string, ports: [number, number], mark = 0): Entry => ({ mark, protocols: ['TCP'], prefix: parsePrefix(prefix), ports });
const A = 0xc0000201; // 192.0.2.1

describe('holes', () => {
  it('are punched only where another mark still holds the range', () => {
    const pool = add(EMPTY_POOL, entry('192.0.2.1', [1, 100], 1), JOOL3_ADD(true));
    expect(punch(NO_HOLES, entry('192.0.2.1', [200, 300]), pool)).toBe(NO_HOLES); // nobody holds it
    expect(punch(NO_HOLES, entry('192.0.2.1', [40, 60], 1), EMPTY_POOL)).toBe(NO_HOLES); // its own mark: gone from the table too
    const holes = punch(NO_HOLES, entry('192.0.2.1', [40, 60]), pool);
    expect(holes).toEqual([{ protocol: 'TCP', first: A, last: A, ports: [40, 60] }]);
    expect([39, 40, 50, 60, 61].map((p) => inHole(holes, 'TCP', A, p))).toEqual([false, true, true, true, false]);
    expect(inHole(holes, 'UDP', A, 50)).toBe(false);
  });

  it('are filled by adds, in any mark, piece by piece', () => {
    const holes: Hole[] = [{ protocol: 'TCP', first: A - 1, last: A + 1, ports: [40, 60] }];
    const left = fill(holes, entry('192.0.2.1', [45, 50], 7));
    for (const address of [A - 1, A, A + 1]) {
      for (let port = 38; port <= 62; port++) {
        const filled = address === A && port >= 45 && port <= 50;
        expect(inHole(left, 'TCP', address, port)).toBe(inHole(holes, 'TCP', address, port) && !filled);
      }
    }
    expect(fill(holes, { ...entry('192.0.2.0/30', [1, 65535]), protocols: ['UDP'] })).toEqual(holes);
    expect(fill(holes, entry('192.0.2.0/30', [1, 65535]))).toEqual([]);
  });

  it('fill takes out exactly the entry, whatever the holes and the entry (property)', () => {
    const address = fc.integer({ min: 0, max: 7 });
    const port = fc.integer({ min: 0, max: 12 });
    const hole = fc.tuple(address, address, port, port).map(([a, b, p, q]): Hole => ({ protocol: 'TCP', first: Math.min(a, b), last: Math.max(a, b), ports: [Math.min(p, q), Math.max(p, q)] }));
    fc.assert(
      fc.property(fc.array(hole, { maxLength: 4 }), address, fc.integer({ min: 0, max: 3 }), port, port, (holes, base, bits, p, q) => {
        const first = base & ~((1 << bits) - 1);
        const e: Entry = { mark: 0, protocols: ['TCP'], prefix: { address: first, length: 32 - bits }, ports: [Math.min(p, q), Math.max(p, q)] };
        const left = fill(holes, e);
        for (let a = 0; a <= 7; a++) {
          for (let x = 0; x <= 12; x++) {
            const inEntry = a >= first && a < first + (1 << bits) && x >= e.ports[0] && x <= e.ports[1];
            expect(inHole(left, 'TCP', a, x)).toBe(inHole(holes, 'TCP', a, x) && !inEntry);
          }
        }
      }),
    );
  });

  it('are kept in the state file as text, and read back', () => {
    const h: Hole = { protocol: 'UDP', first: A, last: A + 2, ports: [40, 60] };
    expect(holeText(h)).toBe('UDP 192.0.2.1-192.0.2.3 40-60');
    expect(readHole(holeText(h))).toEqual(h);
    for (const bad of ['UDP 192.0.2.3-192.0.2.1 40-60', 'SCTP 192.0.2.1-192.0.2.1 1-2', 'TCP 192.0.2.1-192.0.2.1 60-40', 'TCP 192.0.2.1-192.0.2.1 1-70000', 'TCP 192.0.2.1 1-2']) {
      expect(readHole(bad)).toBeUndefined();
    }
  });
});
