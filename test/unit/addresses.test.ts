import { describe, expect, it } from 'vitest';
import { formatPrefix, lastOf, prefixesOf, reservedBlockIn, type Prefix } from '../../src/pool4/addresses';
import { parsePrefix } from '../../src/formats/values';

const show = (ps: Prefix[]) => ps.map(formatPrefix).join(' ');
const range = (a: string, b: string) => [parsePrefix(a).address, parsePrefix(b).address] as const;

describe('prefixesOf', () => {
  it.each([
    ['192.0.2.1', '192.0.2.1', '192.0.2.1/32'],
    ['10.0.0.0', '10.0.255.255', '10.0.0.0/16'],
    ['192.0.2.1', '192.0.2.6', '192.0.2.1/32 192.0.2.2/31 192.0.2.4/31 192.0.2.6/32'],
    ['192.0.2.0', '192.0.3.0', '192.0.2.0/24 192.0.3.0/32'],
    ['0.0.0.0', '255.255.255.255', '0.0.0.0/0'],
    ['255.255.255.254', '255.255.255.255', '255.255.255.254/31'],
  ])('%s-%s is %s', (a, b, want) => {
    expect(show(prefixesOf(...range(a, b)))).toBe(want);
  });

  it('covers every range of a small space exactly, with prefixes no two of which could be one', () => {
    const base = 0xc0000200;
    for (let a = 0; a < 64; a++) {
      for (let b = a; b < 64; b++) {
        const ps = prefixesOf(base + a, base + b);
        let next = base + a;
        for (const p of ps) {
          expect(p.address).toBe(next); // contiguous, in order
          expect(p.address % 2 ** (32 - p.length)).toBe(0); // aligned
          next = lastOf(p) + 1;
        }
        expect(next).toBe(base + b + 1);
        // Fewest: no two neighbours of one length form an aligned prefix one bit shorter.
        for (let i = 1; i < ps.length; i++) {
          const [x, y] = [ps[i - 1], ps[i]];
          const mergeable = x.length === y.length && x.address % 2 ** (33 - x.length) === 0;
          expect(mergeable).toBe(false);
        }
      }
    }
  });
});

it('finds the reserved block a range touches', () => {
  expect(reservedBlockIn(...range('126.255.255.255', '127.0.0.0'))?.name).toBe('loopback');
  expect(reservedBlockIn(...range('1.0.0.0', '126.255.255.255'))).toBeUndefined();
});
