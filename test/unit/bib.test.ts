// The static BIB alone (src/bib/): IPv6 text as inet_pton/inet_ntop read and write it, transport
// addresses, and the table rules: pool4 membership, collisions, removal by either side, the
// cascade's range query, orphans and the bulk add of configuration files.
import fc from 'fast-check';
import { SocketAddress } from 'node:net';
import { describe, expect, it } from 'vitest';
import { canonicalAddress6, formatAddress6, parseAddress6 } from '../../src/bib/address6';
import { add, addAll, BibError, EMPTY_BIB, entryOf, orphans, remove, removeRange, type Bib, type BibRefusal, type Pool4View } from '../../src/bib/bib';
import { add as poolAdd, EMPTY_POOL, JOOL3_ADD } from '../../src/pool4/pool';
import { BadValue, parsePrefix, parseTransport4, parseTransport6 } from '../../src/formats/values';

const A = parsePrefix('192.0.2.1').address;
const t4 = (port: number, address = A) => ({ address, port });
const t6 = (address: string, port: number) => ({ address, port });

describe('IPv6 text', () => {
  it.each([
    ['2001:db8::1', '2001:db8::1'],
    ['2001:DB8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
    ['1:0:0:1:0:0:0:1', '1:0:0:1::1'],
    ['::', '::'],
    ['::1', '::1'],
    ['::ffff:192.0.2.1', '::ffff:192.0.2.1'],
    ['::ffff:c000:201', '::ffff:192.0.2.1'],
    ['::192.0.2.1', '::192.0.2.1'],
    ['::0.0.0.1', '::1'],
    ['1:2:3:4:5:6:1.2.3.4', '1:2:3:4:5:6:102:304'],
    ['1::', '1::'],
    ['::2:3:4:5:6:7:8', '0:2:3:4:5:6:7:8'],
    ['0:0:0:0:0:1:0:0', '::1:0:0'],
  ])('%s is %s', (text, want) => {
    expect(canonicalAddress6(text)).toBe(want);
  });

  it.each(['', ':', ':1', '1:', '1::2::3', '1:2:3:4:5:6:7:8:9', '12345::', 'g::', '::1.2.3', '::01.2.3.4', '[::1]', 'fe80::1%eth0', '1:2:3:4:5:6:7:1.2.3.4', ' ::1'])('refuses %j', (text) => {
    expect(parseAddress6(text)).toBeUndefined();
  });

  // Node's SocketAddress runs libuv's inet_pton and inet_ntop, which follow glibc's.
  it('writes every address as inet_ntop does, and reads it back', () => {
    const word = fc.oneof(fc.constant(0), fc.constant(0xffff), fc.integer({ min: 0, max: 0xffff }));
    fc.assert(
      fc.property(fc.array(word, { minLength: 8, maxLength: 8 }), (words) => {
        const text = formatAddress6(words);
        expect(text).toBe(new SocketAddress({ address: words.map((w) => w.toString(16)).join(':'), family: 'ipv6' }).address);
        expect(parseAddress6(text)).toEqual(words);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('transport addresses', () => {
  it('reads both sides strictly', () => {
    expect(parseTransport4('192.0.2.1#80')).toEqual(t4(80));
    expect(parseTransport4('0.0.0.0#0')).toEqual({ address: 0, port: 0 });
    expect(parseTransport6('2001:DB8::1#65535')).toEqual(t6('2001:db8::1', 65535));
    for (const bad of ['192.0.2.1', '192.0.2.1#', '192.0.2.1#80abc', '192.0.2.1##80', '192.0.2.1#65536', '192.0.2.1#-1', '192.0.2.1#+1', '192.0.2#1', '192.0.2.01#1', '192.0.2.1#1#2']) {
      expect(() => parseTransport4(bad), bad).toThrow(BadValue);
    }
    for (const bad of ['2001:db8::1', '[2001:db8::1]#80', '2001:db8::1#0x50', 'fe80::1%eth0#80', '2001:db8::1#80#1', '#80']) {
      expect(() => parseTransport6(bad), bad).toThrow(BadValue);
    }
  });
});

function refusal(f: () => unknown): BibRefusal {
  try {
    f();
  } catch (e) {
    if (e instanceof BibError) return e.refusal;
    throw e;
  }
  throw new Error('accepted');
}

describe('the table rules', () => {
  // TCP 192.0.2.1 ports 1-100 in mark 5 only; UDP nothing.
  const pool = poolAdd(EMPTY_POOL, { mark: 5, protocols: ['TCP'], prefix: parsePrefix('192.0.2.1'), ports: [1, 100] }, JOOL3_ADD(false));
  const view: Pool4View = { pool, hostAddresses: [] };
  const JOOL3 = { identicalIsOk: false };
  const JOOL4 = { identicalIsOk: true };
  const one = add(EMPTY_BIB, 'TCP', entryOf(t4(80), t6('2001:db8::1', 8080)), view, JOOL3);

  it('takes an entry whose IPv4 side is in pool4, that protocol, any mark, port in range', () => {
    expect(one.TCP).toEqual([{ address4: A, port4: 80, address6: '2001:db8::1', port6: 8080 }]);
    expect(refusal(() => add(EMPTY_BIB, 'UDP', entryOf(t4(80), t6('::1', 1)), view, JOOL3))).toMatchObject({ kind: 'not-in-pool4', protocol: 'UDP', emptyPool4: false });
    expect(refusal(() => add(EMPTY_BIB, 'TCP', entryOf(t4(101), t6('::1', 1)), view, JOOL3))).toMatchObject({ kind: 'not-in-pool4' });
    expect(refusal(() => add(EMPTY_BIB, 'TCP', entryOf(t4(0), t6('::1', 1)), view, JOOL3))).toMatchObject({ kind: 'not-in-pool4' });
    expect(refusal(() => add(EMPTY_BIB, 'TCP', entryOf(t4(80, A + 1), t6('::1', 1)), view, JOOL3))).toMatchObject({ kind: 'not-in-pool4' });
  });

  it("falls back to the host's addresses, ports 61001-65535, when the whole pool4 is empty", () => {
    const empty: Pool4View = { pool: EMPTY_POOL, hostAddresses: [A] };
    expect(add(EMPTY_BIB, 'ICMP', entryOf(t4(61001), t6('::1', 1)), empty, JOOL3).ICMP).toHaveLength(1);
    expect(add(EMPTY_BIB, 'TCP', entryOf(t4(65535), t6('::1', 1)), empty, JOOL3).TCP).toHaveLength(1);
    expect(refusal(() => add(EMPTY_BIB, 'TCP', entryOf(t4(61000), t6('::1', 1)), empty, JOOL3))).toMatchObject({ kind: 'not-in-pool4', emptyPool4: true });
    expect(refusal(() => add(EMPTY_BIB, 'TCP', entryOf(t4(61001, A + 1), t6('::1', 1)), empty, JOOL3))).toMatchObject({ kind: 'not-in-pool4' });
    // Only a wholly empty pool4 falls back: a UDP table elsewhere ends it.
    expect(refusal(() => add(EMPTY_BIB, 'TCP', entryOf(t4(61001), t6('::1', 1)), { pool, hostAddresses: [A] }, JOOL3))).toMatchObject({ kind: 'not-in-pool4' });
  });

  it('keeps both sides unique per protocol; an identical re-add is an error in Jool 3 and nothing in Jool 4', () => {
    const existing = one.TCP[0];
    expect(refusal(() => add(one, 'TCP', entryOf(t4(81), t6('2001:db8::1', 8080)), view, JOOL4))).toEqual({
      kind: 'collides',
      protocol: 'TCP',
      entry: entryOf(t4(81), t6('2001:db8::1', 8080)),
      existing,
    });
    expect(refusal(() => add(one, 'TCP', entryOf(t4(80), t6('2001:db8::2', 8080)), view, JOOL4))).toMatchObject({ kind: 'collides', existing });
    expect(refusal(() => add(one, 'TCP', existing, view, JOOL3))).toMatchObject({ kind: 'collides', existing });
    expect(add(one, 'TCP', { ...existing }, view, JOOL4)).toBe(one);
    // The same port on another IPv6 address, or the same pair in another protocol, is another entry.
    expect(add(one, 'TCP', entryOf(t4(81), t6('2001:db8::1', 8081)), view, JOOL3).TCP).toHaveLength(2);
  });

  it('keeps entries sorted by IPv4 address, then port', () => {
    let bib: Bib = EMPTY_BIB;
    for (const port of [50, 3, 100, 1, 7]) bib = add(bib, 'TCP', entryOf(t4(port), t6('::1', port)), view, JOOL3);
    expect(bib.TCP.map((e) => e.port4)).toEqual([1, 3, 7, 50, 100]);
  });

  it('removes by the IPv6 side, else the IPv4 side; both must then belong together', () => {
    expect(remove(one, 'TCP', t4(80), undefined)).toEqual(EMPTY_BIB);
    expect(remove(one, 'TCP', undefined, t6('2001:db8::1', 8080))).toEqual(EMPTY_BIB);
    expect(remove(one, 'TCP', t4(80), t6('2001:db8::1', 8080))).toEqual(EMPTY_BIB);
    expect(refusal(() => remove(one, 'TCP', t4(81), t6('2001:db8::1', 8080)))).toMatchObject({ kind: 'mapped-elsewhere', taddr4: t4(81) });
    expect(refusal(() => remove(one, 'TCP', t4(80), t6('2001:db8::1', 8081)))).toMatchObject({ kind: 'not-found', protocols: ['TCP'] });
    expect(refusal(() => remove(one, 'UDP', t4(80), undefined))).toMatchObject({ kind: 'not-found', protocols: ['UDP'] });
  });

  it('cascades by address and port range, in the protocols given only', () => {
    let bib: Bib = EMPTY_BIB;
    for (const port of [1, 50, 100]) {
      bib = add(bib, 'TCP', entryOf(t4(port), t6('::1', port)), view, JOOL3);
      bib = { ...bib, UDP: [...bib.UDP, entryOf(t4(port), t6('::2', port))] };
    }
    expect(removeRange(bib, ['TCP'], A, A, [2, 100]).TCP.map((e) => e.port4)).toEqual([1]);
    expect(removeRange(bib, ['TCP'], A, A, [2, 100]).UDP).toBe(bib.UDP);
    expect(removeRange(bib, ['TCP', 'UDP'], A + 1, A + 255, [0, 65535])).toBe(bib);
    expect(removeRange(bib, ['TCP', 'UDP', 'ICMP'], A - 1, A, [0, 65535])).toEqual({ ...EMPTY_BIB, ICMP: bib.ICMP });
  });

  it('names the orphans: entries outside pool4', () => {
    const left = { pool: EMPTY_POOL, hostAddresses: [] };
    expect(orphans(one, view)).toEqual([]);
    expect(orphans(one, left)).toEqual([{ protocol: 'TCP', entry: one.TCP[0] }]);
  });

  it('adds many at once as one by one, identical repeats accepted, the index of a refusal kept', () => {
    const items = [1, 9, 3].map((port) => ({ protocol: 'TCP' as const, entry: entryOf(t4(port), t6('::1', port)) }));
    expect(addAll(EMPTY_BIB, [...items, items[0]], view)).toEqual(items.reduce((b, i) => add(b, i.protocol, i.entry, view, JOOL3), EMPTY_BIB));
    try {
      addAll(EMPTY_BIB, [...items, { protocol: 'TCP', entry: entryOf(t4(2), t6('::1', 9)) }], view);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(BibError);
      expect((e as BibError).index).toBe(3);
      expect((e as BibError).refusal).toMatchObject({ kind: 'collides' });
    }
  });
});

it('names the entry each Jool finds first when both sides are taken by different entries', () => {
  const pool = poolAdd(EMPTY_POOL, { mark: 0, protocols: ['TCP'], prefix: parsePrefix('192.0.2.1'), ports: [1, 100] }, JOOL3_ADD(false));
  const view = { pool, hostAddresses: [] };
  let bib = add(EMPTY_BIB, 'TCP', entryOf(t4(1), t6('::1', 1)), view, { identicalIsOk: false });
  bib = add(bib, 'TCP', entryOf(t4(2), t6('::2', 2)), view, { identicalIsOk: false });
  const both = entryOf(t4(1), t6('::2', 2)); // IPv4 side of the first, IPv6 side of the second
  expect(refusal(() => add(bib, 'TCP', both, view, { identicalIsOk: false }))).toMatchObject({ existing: bib.TCP[0] });
  expect(refusal(() => add(bib, 'TCP', both, view, { identicalIsOk: true }))).toMatchObject({ existing: bib.TCP[1] });
});
