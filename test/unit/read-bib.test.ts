// The fast reader of BIB lines (state/read-bib.ts) and the packed BIB it makes (bib/packed.ts):
// it takes exactly the lines encode() writes, and the packed BIB behaves as the plain one.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalAddress6, formatAddress6 } from '../../src/bib/address6';
import { removeRange, size, type Bib, type BibEntry } from '../../src/bib/bib';
import { PackedBib } from '../../src/bib/packed';
import type { Protocol } from '../../src/pool4/pool';
import { bibLines } from '../../src/state/bib-text';
import { BIB_NEXT } from '../../src/state/layout';
import { canonical6, readBibLines } from '../../src/state/read-bib';
import { encode } from '../../src/state/encode';
import { parse } from '../../src/state/format';

const NEXT = Buffer.from(BIB_NEXT);

/** Reads lines as the file holds them, between quotes. */
function read(lines: readonly string[]): PackedBib | undefined {
  const text = `"${lines.join(BIB_NEXT)}"`;
  return readBibLines(Buffer.from(text, 'latin1'), 1, NEXT)?.bib;
}

const plain = (bib: Bib) => ({ TCP: [...bib.TCP], UDP: [...bib.UDP], ICMP: [...bib.ICMP] });

describe('canonical6', () => {
  const words = new Int32Array(8);
  const check = (text: string) => canonical6(Buffer.from(`${text}#`, 'latin1'), 0, words) === text.length;

  it("takes inet_ntop's text of any address", () => {
    const word = fc.oneof(fc.constant(0), fc.constant(0xffff), fc.integer({ min: 0, max: 0xffff }));
    fc.assert(
      fc.property(fc.array(word, { minLength: 8, maxLength: 8 }), (w) => {
        expect(check(formatAddress6(w))).toBe(true);
        expect([...words]).toEqual(w);
      }),
      { numRuns: 3000 },
    );
  });

  it('refuses every other spelling, as the validating reader would rewrite it', () => {
    const spellings = fc.oneof(
      fc.constantFrom('2001:DB8::1', '2001:0db8::1', '2001:db8:0::1', '1:0:0:1::1', '1::1:0:0:1', '::ffff:c000:201', '0:0:0:0:0:0:0:1', '::0.0.0.1', '1:2:3:4:5:6:7::', '::1:2:3:4:5:6:7', 'fe80::1%eth0', '1::2::3', ':::', '', '::1.2.3.04'),
      fc.array(fc.constantFrom('0', '1', 'a', 'A', '00', 'ffff', ':', '::', '.', '1.2.3.4'), { maxLength: 10 }).map((parts) => parts.join('')),
    );
    fc.assert(
      fc.property(spellings, (text) => {
        expect(check(text)).toBe(canonicalAddress6(text) === text);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('readBibLines', () => {
  it('reads what encode() writes, in order, into protocol runs', () => {
    const bib = read(['TCP 192.0.2.1#80 2001:db8::1#80', 'TCP 192.0.2.1#81 ::ffff:192.0.2.9#0', 'UDP 0.0.0.0#0 ::#65535', 'ICMP 255.255.255.255#65535 1::#7'])!;
    expect(plain(bib)).toEqual({
      TCP: [
        { address4: 0xc0000201, port4: 80, address6: '2001:db8::1', port6: 80 },
        { address4: 0xc0000201, port4: 81, address6: '::ffff:192.0.2.9', port6: 0 },
      ],
      UDP: [{ address4: 0, port4: 0, address6: '::', port6: 65535 }],
      ICMP: [{ address4: 0xffffffff, port4: 65535, address6: '1::', port6: 7 }],
    });
    expect(bibLines(bib)).toEqual(['TCP 192.0.2.1#80 2001:db8::1#80', 'TCP 192.0.2.1#81 ::ffff:192.0.2.9#0', 'UDP 0.0.0.0#0 ::#65535', 'ICMP 255.255.255.255#65535 1::#7']);
  });

  it.each([
    ['out of order', ['TCP 192.0.2.2#80 ::1#1', 'TCP 192.0.2.1#80 ::2#1']],
    ['protocols out of order', ['UDP 192.0.2.1#80 ::1#1', 'TCP 192.0.2.1#80 ::2#1']],
    ['a repeated IPv4 side', ['TCP 192.0.2.1#80 ::1#1', 'TCP 192.0.2.1#80 ::2#1']],
    ['a repeated IPv6 side', ['TCP 192.0.2.1#80 ::1#1', 'TCP 192.0.2.2#80 ::1#1']],
    ['another spelling', ['TCP 192.0.2.1#80 0::1#1']],
    ['a leading zero', ['TCP 192.0.2.01#80 ::1#1']],
    ['a port past 65535', ['TCP 192.0.2.1#65536 ::1#1']],
    ['an octet past 255', ['TCP 192.0.2.256#1 ::1#1']],
    ['an unknown protocol', ['SCTP 192.0.2.1#1 ::1#1']],
    ['a missing port', ['TCP 192.0.2.1 ::1#1']],
    ['two spaces', ['TCP  192.0.2.1#1 ::1#1']],
    ['trailing text', ['TCP 192.0.2.1#1 ::1#1 x']],
  ])('gives up on %s (the validating reader says what is wrong)', (_, lines) => {
    expect(read(lines)).toBeUndefined();
  });

  it('takes the same IPv6 side in two protocols, and two ports of one address', () => {
    expect(size(read(['TCP 192.0.2.1#80 ::1#1', 'TCP 192.0.2.1#81 ::1#2', 'UDP 192.0.2.1#80 ::1#1'])!)).toBe(3);
  });
});

describe('the packed BIB', () => {
  const entryArb = fc.record({ address4: fc.integer({ min: 0xc0000200, max: 0xc0000207 }), port4: fc.integer({ min: 0, max: 9 }), address6: fc.constantFrom('::1', '2001:db8::1', '::ffff:1.2.3.4'), port6: fc.integer({ min: 0, max: 99 }) });
  const bibArb = fc.record({ TCP: fc.array(entryArb), UDP: fc.array(entryArb), ICMP: fc.array(entryArb) }).map((b) => {
    // Sorted and without repeats of either side, as a BIB is.
    const clean = (list: BibEntry[]) => {
      const out: BibEntry[] = [];
      for (const e of list) if (!out.some((o) => (o.address4 === e.address4 && o.port4 === e.port4) || (o.address6 === e.address6 && o.port6 === e.port6))) out.push(e);
      return out.sort((x, y) => x.address4 - y.address4 || x.port4 - y.port4);
    };
    return { TCP: clean(b.TCP), UDP: clean(b.UDP), ICMP: clean(b.ICMP) };
  });

  it('cascades as the plain BIB does, and is written back the same', () => {
    fc.assert(
      fc.property(bibArb, fc.subarray<Protocol>(['TCP', 'UDP', 'ICMP']), fc.integer({ min: 0, max: 7 }), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 9 }), fc.integer({ min: 0, max: 9 }), (bib, protocols, offset, length, a, b) => {
        const state = { instances: [{ name: 'default', pool: { tables: [] }, bib }] };
        const read = parse(encode(state).toString('latin1'));
        const packed = read.instances[0].bib;
        if (size(bib) > 0) expect(packed).toBeInstanceOf(PackedBib);
        const first = 0xc0000200 + offset;
        const range = [Math.min(a, b), Math.max(a, b)] as const;
        const cut = removeRange(packed, protocols, first, first + length, range);
        expect(plain(cut)).toEqual(plain(removeRange(bib, protocols, first, first + length, range)));
        const after = { instances: [{ ...read.instances[0], bib: cut }] };
        expect(encode(after).toString('latin1')).toBe(encode({ instances: [{ ...read.instances[0], bib: plain(cut) }] }).toString('latin1'));
      }),
      { numRuns: 500 },
    );
  });
});
