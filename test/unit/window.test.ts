// A change of a few addresses reads only the runs around them (state/read-layout.ts readWindow): the
// file it writes must be, byte for byte, the one that reading every run gives, and the runs it did
// not read must be vouched for by the table's checksum, else every run is read (and checked).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { contentOf, withContent, type State } from '../../src/instance/instances';
import { add, addAll, EMPTY_POOL, remove, type AddRules, type Entry, type Pool } from '../../src/pool4/pool';
import { encode, parseBytes, type Focus } from '../../src/state/format';
import { entryArb } from '../arbitraries';
import { stateOf } from '../states';
import { firstOf, lastOf } from '../../src/pool4/addresses';

const FREE: AddRules = { limitPrefix: false, refuseReserved: false };
/** The large table: addresses 10.0.0.0 and up, one run each (ports alternate), enough bytes for a checksum (256 KiB). */
const BASE = 0x0a000000;
const RUNS = 9000;
const bounds = { marks: fc.integer({ min: 0, max: 1 }), addresses: [BASE - 300, BASE + RUNS + 300], lengths: [22, 32], ports: [0, 40] } as const;

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

/** A table of many small runs (mark 0, TCP), so that windows leave runs unread on both sides, and small tables beside it. */
function fragmented(): Pool {
  const entries: Entry[] = [];
  for (let i = 0; i < RUNS; i++) {
    const ports: [number, number] = i % 3 === 0 ? [1, 9] : i % 3 === 1 ? [20, 29] : [5, 25];
    entries.push({ mark: 0, protocols: ['TCP'], prefix: { address: BASE + i, length: 32 }, ports });
  }
  entries.push({ mark: 1, protocols: ['TCP', 'UDP'], prefix: { address: BASE + 256, length: 24 }, ports: [7, 8] });
  return addAll(EMPTY_POOL, entries, FREE);
}

describe('a change read around its addresses', () => {
  const file = encode(stateOf(fragmented()));

  it('cuts the runs into chunks, each line starting with its table', () => {
    const doc = JSON.parse(file.toString('latin1'));
    const { chunks, runs } = doc.instances[0] as { chunks: string[]; runs: string[] };
    expect(runs[0]).toBe('UDP 1 10.0.1.0-10.0.1.255 7-8');
    expect(runs[1]).toBe('TCP 0 10.0.0.0 1-9');
    expect(runs[runs.length - 1]).toBe('TCP 1 10.0.1.0-10.0.1.255 7-8');
    // Some 1,024 lines a chunk on average, the lines of every chunk adding up to all of them.
    expect(chunks.length).toBeGreaterThan(2);
    expect(chunks.map((c) => Number(c.split(' ')[0])).reduce((a, b) => a + b)).toBe(runs.length);
  });

  it('writes what reading every run writes, for random adds and removes', () => {
    fc.assert(
      fc.property(fc.constantFrom('add' as const, 'remove' as const), entryArb(bounds), (op, entry) => {
        expect(change(file, op, entry, true)).toBe(change(file, op, entry, false));
      }),
      { numRuns: 150 },
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
      { numRuns: 30 },
    );
  });

  it('reads no more than the runs around the addresses', () => {
    const entry: Entry = { mark: 0, protocols: ['TCP'], prefix: { address: BASE + 128, length: 32 }, ports: [30, 31] };
    const state = parseBytes(file, { instance: 'default', mark: 0, protocols: ['TCP'], first: firstOf(entry.prefix), last: lastOf(entry.prefix) });
    const table = contentOf(state, 'default').pool.tables.find((t) => t.mark === 0 && t.protocol === 'TCP')!;
    // The runs within an address of 10.0.0.128 (none merges: neighbours hold other ports), and one more on each side.
    expect(table.runs.toArray().map((r) => r.first - BASE)).toEqual([126, 127, 128, 129, 130]);
    // The total is the whole table's, for the capacity rule.
    const whole = contentOf(parseBytes(file), 'default').pool.tables.find((t) => t.mark === 0 && t.protocol === 'TCP')!;
    expect(table.runs.transportAddresses()).toBe(whole.runs.transportAddresses());
  });

  it('reads every run of a file whose chunk does not match its CRC, and refuses what is wrong in them', () => {
    const entry: Entry = { mark: 0, protocols: ['TCP'], prefix: { address: BASE + 128, length: 32 }, ports: [30, 31] };
    const focus: Focus = { instance: 'default', mark: 0, protocols: ['TCP'], first: firstOf(entry.prefix), last: lastOf(entry.prefix) };
    // A hand edit far from the change: a run with port 0, which TCP does not have.
    const edited = Buffer.from(file.toString('latin1').replace('"TCP 0 10.0.0.0 1-9"', '"TCP 0 10.0.0.0 0-9"'), 'latin1');
    expect(() => parseBytes(edited, focus)).toThrow(/port 0|0-9/);
    // A hand edit that is valid: read whole, and the result is the same as without a focus.
    const valid = Buffer.from(file.toString('latin1').replace('"TCP 0 10.0.0.0 1-9"', '"TCP 0 10.0.0.0 2-9"'), 'latin1');
    expect(change(valid, 'add', entry, true)).toBe(change(valid, 'add', entry, false));
    const table = contentOf(parseBytes(valid, focus), 'default').pool.tables.find((t) => t.mark === 0 && t.protocol === 'TCP')!;
    expect(table.runs.length).toBe(RUNS);
  });

  it('does not trust a total edited by hand', () => {
    const text = file.toString('latin1');
    const edited = Buffer.from(
      text.replace(/"(\d+ \d+ \d+ \d+) (\d+) /, (_, head, n) => `"${head} ${Number(n) - 1} `),
      'latin1',
    );
    const entry: Entry = { mark: 0, protocols: ['TCP'], prefix: { address: BASE + 128, length: 32 }, ports: [30, 31] };
    const focus: Focus = { instance: 'default', mark: 0, protocols: ['TCP'], first: firstOf(entry.prefix), last: lastOf(entry.prefix) };
    const large = (state: State) => contentOf(state, 'default').pool.tables.find((t) => t.mark === 0 && t.protocol === 'TCP')!;
    const whole = large(parseBytes(file));
    const read = large(parseBytes(edited, focus));
    expect(read.runs.length).toBe(RUNS); // read whole: the chunk's CRC no longer matches
    expect(read.runs.transportAddresses()).toBe(whole.runs.transportAddresses());
  });
});
