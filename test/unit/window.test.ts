// A change of a few addresses reads only the runs around them (state/read-layout.ts readWindow): the
// file it writes must be, byte for byte, the one that reading every run gives, and the runs it did
// not read must be vouched for by the table's checksum, else every run is read (and checked).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { contentOf, withContent, type State } from '../../src/instance/instances';
import { add, EMPTY_POOL, remove, type AddRules, type Entry, type Pool } from '../../src/pool4/pool';
import { encode, parseBytes, type Focus } from '../../src/state/format';
import { entryArb } from '../arbitraries';
import { stateOf } from '../states';
import { firstOf, lastOf } from '../../src/pool4/addresses';

const FREE: AddRules = { limitPrefix: false, refuseReserved: false };
const bounds = { marks: fc.integer({ min: 0, max: 1 }), addresses: [0xc0000200, 0xc00002ff], lengths: [24, 32], ports: [0, 40] } as const;

/** What an add or a remove of the entry does to the file's bytes, read with or without a focus on it. */
function change(bytes: Buffer, op: 'add' | 'remove', entry: Entry, focused: boolean): string {
  const focus: Focus = { instance: 'default', mark: entry.mark, protocols: entry.protocols, first: firstOf(entry.prefix), last: lastOf(entry.prefix) };
  const state: State = parseBytes(bytes, focused ? focus : undefined);
  const { pool, bib } = contentOf(state, 'default');
  let after: Pool;
  try {
    after = op === 'add' ? add(pool, entry, FREE) : remove(pool, entry);
  } catch (e) {
    return `refused: ${(e as Error).message}`; // which must be the same both ways
  }
  // As text: comparing buffers byte by byte is slow in expect().
  return encode(withContent(state, 'default', after, bib), state).toString('latin1');
}

/** A pool of many small runs, so that windows leave runs unread on both sides. */
function fragmented(): Pool {
  let pool = EMPTY_POOL;
  for (let i = 0; i < 256; i++) {
    const address = 0xc0000200 + i;
    const ports: [number, number] = i % 3 === 0 ? [1, 9] : i % 3 === 1 ? [20, 29] : [5, 25];
    pool = add(pool, { mark: i % 2, protocols: ['TCP', 'UDP'], prefix: { address, length: 32 }, ports }, FREE);
  }
  return pool;
}

describe('a change read around its addresses', () => {
  const file = encode(stateOf(fragmented()));

  it('writes the table checksum and total that let it', () => {
    const text = file.toString('latin1');
    expect(text).toMatch(/"runs": \[\n {12}"192\.0\.2\.0 1-9",\n/);
    expect(text).toMatch(/\n {10}\],\n {10}"transport-addresses": \d+,\n {10}"runs-sha1": "[0-9a-f]{40}"\n {8}\}/);
  });

  it('writes what reading every run writes, for random adds and removes', () => {
    fc.assert(
      fc.property(fc.constantFrom('add' as const, 'remove' as const), entryArb(bounds), (op, entry) => {
        expect(change(file, op, entry, true)).toBe(change(file, op, entry, false));
      }),
      { numRuns: 400 },
    );
  });

  it('writes what reading every run writes, for a sequence of changes each read around its own addresses', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom('add' as const, 'remove' as const), entryArb(bounds)), { minLength: 1, maxLength: 8 }), (steps) => {
        let focused = file;
        let whole = file;
        for (const [op, entry] of steps) {
          const a = change(focused, op, entry, true);
          const b = change(whole, op, entry, false);
          expect(a).toBe(b);
          if (!a.startsWith('refused')) focused = Buffer.from(a, 'latin1');
          if (!b.startsWith('refused')) whole = Buffer.from(b, 'latin1');
        }
      }),
      { numRuns: 100 },
    );
  });

  it('reads no more than the runs around the addresses', () => {
    const entry: Entry = { mark: 0, protocols: ['TCP'], prefix: { address: 0xc0000280, length: 32 }, ports: [30, 31] };
    const state = parseBytes(file, { instance: 'default', mark: 0, protocols: ['TCP'], first: firstOf(entry.prefix), last: lastOf(entry.prefix) });
    const table = contentOf(state, 'default').pool.tables.find((t) => t.mark === 0 && t.protocol === 'TCP')!;
    // Mark 0 holds the even addresses: the run at .128 (the only one within an address of it), and one more on each side.
    expect(table.runs.toArray().map((r) => r.first - 0xc0000200)).toEqual([126, 128, 130]);
    // The total is the whole table's, for the capacity rule.
    const whole = contentOf(parseBytes(file), 'default').pool.tables.find((t) => t.mark === 0 && t.protocol === 'TCP')!;
    expect(table.runs.transportAddresses()).toBe(whole.runs.transportAddresses());
  });

  it('reads every run of a table whose checksum does not match, and refuses what is wrong in them', () => {
    const entry: Entry = { mark: 0, protocols: ['TCP'], prefix: { address: 0xc0000280, length: 32 }, ports: [30, 31] };
    const focus: Focus = { instance: 'default', mark: 0, protocols: ['TCP'], first: firstOf(entry.prefix), last: lastOf(entry.prefix) };
    // A hand edit far from the change: a run with port 0, which TCP does not have.
    const edited = Buffer.from(file.toString('latin1').replace('"192.0.2.0 1-9"', '"192.0.2.0 0-9"'), 'latin1');
    expect(() => parseBytes(edited, focus)).toThrow(/port 0|0-9/);
    // A hand edit that is valid: read whole, and the result is the same as without a focus.
    const valid = Buffer.from(file.toString('latin1').replace('"192.0.2.0 1-9"', '"192.0.2.0 2-9"'), 'latin1');
    expect(change(valid, 'add', entry, true)).toBe(change(valid, 'add', entry, false));
    const table = contentOf(parseBytes(valid, focus), 'default').pool.tables.find((t) => t.mark === 0 && t.protocol === 'TCP')!;
    expect(table.runs.length).toBe(128);
  });

  it('does not trust a total edited by hand', () => {
    const text = file.toString('latin1');
    const edited = Buffer.from(
      text.replace(/"transport-addresses": (\d+)/, (_, n) => `"transport-addresses": ${Number(n) - 1}`),
      'latin1',
    );
    const entry: Entry = { mark: 0, protocols: ['TCP'], prefix: { address: 0xc0000280, length: 32 }, ports: [30, 31] };
    const focus: Focus = { instance: 'default', mark: 0, protocols: ['TCP'], first: firstOf(entry.prefix), last: lastOf(entry.prefix) };
    const whole = contentOf(parseBytes(file), 'default').pool.tables[0];
    const read = contentOf(parseBytes(edited, focus), 'default').pool.tables[0];
    expect(read.runs.transportAddresses()).toBe(whole.runs.transportAddresses());
  });
});
