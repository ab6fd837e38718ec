// Random pool entries for the property tests (fast-check), within the bounds each test chooses.
import fc from 'fast-check';
import { PROTOCOLS, type Entry } from '../src/pool4/pool';

export interface Bounds {
  readonly marks: fc.Arbitrary<number>;
  /** Addresses to start a prefix at (aligned down to its length). */
  readonly addresses: readonly [min: number, max: number];
  readonly lengths: readonly [min: number, max: number];
  readonly ports: readonly [min: number, max: number];
}

export function entryArb(b: Bounds): fc.Arbitrary<Entry> {
  const port = fc.integer({ min: b.ports[0], max: b.ports[1] });
  return fc
    .record({
      mark: b.marks,
      protocols: fc.subarray([...PROTOCOLS], { minLength: 1 }),
      address: fc.integer({ min: b.addresses[0], max: b.addresses[1] }),
      length: fc.integer({ min: b.lengths[0], max: b.lengths[1] }),
      a: port,
      b: port,
    })
    .map(({ mark, protocols, address, length, a, b }) => ({
      mark,
      protocols,
      prefix: { address: address - (address % 2 ** (32 - length)), length },
      ports: [Math.min(a, b), Math.max(a, b)] as const,
    }));
}
