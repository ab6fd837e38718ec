// The BIB as the fast reader keeps it (bib/packed.ts, state/read-layout.ts): lines vouched for by
// their checksum stay bytes, and behave as the plain BIB does; lines without a matching checksum
// (hand edits) go to the validating reader, which checks every one.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { removeRange, size, type Bib, type BibEntry } from '../../src/bib/bib';
import { PackedBib } from '../../src/bib/packed';
import { stringSink } from '../../src/output/sink';
import { writeBibJool3, writeBibJool4 } from '../../src/output/bib';
import type { State } from '../../src/instance/instances';
import type { Protocol } from '../../src/pool4/pool';
import { encode } from '../../src/state/encode';
import { parse, StateFormatError } from '../../src/state/format';
import { readOwnLayout } from '../../src/state/read-layout';

const plain = (bib: Bib) => ({ TCP: [...bib.TCP], UDP: [...bib.UDP], ICMP: [...bib.ICMP] });
const stateOf = (bib: Bib): State => ({ instances: [{ name: 'default', pool: { tables: [] }, bib }] });
const text = (state: State) => encode(state).toString('latin1');

const entryArb = fc.record({
  address4: fc.constantFrom(0, 0xc0000200, 0xc0000201, 0xc0000203, 0xffffffff),
  port4: fc.constantFrom(0, 1, 9, 65535),
  address6: fc.constantFrom('::', '::1', '2001:db8::1', '::ffff:1.2.3.4', '1:2:3:4:5:6:7:8'),
  port6: fc.integer({ min: 0, max: 65535 }),
});
/** Sorted and without repeats of either side, as a BIB is. */
const bibArb = fc.record({ TCP: fc.array(entryArb), UDP: fc.array(entryArb), ICMP: fc.array(entryArb) }).map((b) => {
  const clean = (list: BibEntry[]) => {
    const out: BibEntry[] = [];
    for (const e of list) if (!out.some((o) => (o.address4 === e.address4 && o.port4 === e.port4) || (o.address6 === e.address6 && o.port6 === e.port6))) out.push(e);
    return out.sort((x, y) => x.address4 - y.address4 || x.port4 - y.port4);
  };
  return { TCP: clean(b.TCP), UDP: clean(b.UDP), ICMP: clean(b.ICMP) };
});

function printed(bib: Bib): string {
  const out = stringSink();
  writeBibJool3(bib, ['TCP', 'UDP', 'ICMP'], false, true, undefined, out);
  writeBibJool3(bib, ['UDP', 'ICMP'], true, true, undefined, out);
  for (const p of ['TCP', 'UDP', 'ICMP'] as const) writeBibJool4(bib, p, false, true, undefined, out);
  writeBibJool4(bib, 'ICMP', true, false, undefined, out);
  return out.text();
}

describe('the packed BIB', () => {
  it('reads back what was written, prints it as the plain one prints, and cascades alike', () => {
    fc.assert(
      fc.property(
        bibArb,
        fc.subarray<Protocol>(['TCP', 'UDP', 'ICMP']),
        fc.constantFrom(0, 0xc0000200, 0xc0000201),
        fc.integer({ min: 0, max: 3 }),
        fc.constantFrom(0, 1, 9),
        fc.constantFrom(1, 9, 65535),
        (bib, protocols, first, length, a, b) => {
          const read = parse(text(stateOf(bib))).instances[0].bib;
          if (size(bib) > 0) expect(read).toBeInstanceOf(PackedBib);
          expect(printed(read)).toBe(printed(bib)); // before indexing: the lines as they are
          expect(plain(read)).toEqual(bib);
          expect(printed(read)).toBe(printed(bib)); // after
          const range = [Math.min(a, b), Math.max(a, b)] as const;
          const fresh = parse(text(stateOf(bib))).instances[0].bib;
          const cut = removeRange(fresh, protocols, first, first + length, range);
          const want = removeRange(bib, protocols, first, first + length, range);
          expect(plain(cut)).toEqual(plain(want));
          expect(printed(cut)).toBe(printed(want));
          expect(text(stateOf(cut))).toBe(text(stateOf(plain(want))));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('writes an unchanged BIB back as the bytes it was read from', () => {
    const bib = { TCP: [{ address4: 1, port4: 2, address6: '::3', port6: 4 }], UDP: [], ICMP: [] };
    const written = text(stateOf(bib));
    expect(written).toContain('"bib": [\n        "TCP 0.0.0.1#2 ::3#4"\n      ],\n      "bib-sha1": "');
    const read = parse(written);
    expect(text(read)).toBe(written);
  });

  it('leaves a hand edit, whose checksum no longer matches, to the validating reader', () => {
    const written = text(stateOf({ TCP: [{ address4: 1, port4: 2, address6: '::3', port6: 4 }], UDP: [], ICMP: [] }));
    expect(readOwnLayout(Buffer.from(written, 'latin1'))).toBeDefined();
    // Another spelling of the same entry: valid, read, and written back canonical with a new checksum.
    const respelled = written.replace('::3#4', '0::3#4');
    expect(readOwnLayout(Buffer.from(respelled, 'latin1'))).toBeUndefined();
    const read = parse(respelled);
    expect(plain(read.instances[0].bib).TCP).toEqual([{ address4: 1, port4: 2, address6: '::3', port6: 4 }]);
    expect(text(read)).toBe(written);
    // A wrong one: refused, with where.
    expect(() => parse(written.replace('::3#4', '::3#99999'))).toThrow(StateFormatError);
    expect(() => parse(written.replace('::3#4', '::3#99999'))).toThrow(/instances\[0\]\.bib\[0\] 'TCP 0\.0\.0\.1#2 ::3#99999': '::3#99999' is not an IPv6 transport address/);
    // A line repeated with a stale checksum: the validating reader refuses the repeat.
    const twice = written.replace('"TCP 0.0.0.1#2 ::3#4"', '"TCP 0.0.0.1#2 ::3#4",\n        "TCP 0.0.0.1#2 ::3#4"');
    expect(() => parse(twice)).toThrow(/bib\[1\] .* repeats the TCP IPv4 transport address/);
  });
});
