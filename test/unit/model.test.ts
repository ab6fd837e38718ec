// The pool against a brute-force model, and round trips of what is parsed and printed (fast-check).
import fc from 'fast-check';
import { entryArb } from '../arbitraries';
import { describe, expect, it } from 'vitest';
import { formatPrefix } from '../../src/pool4/addresses';
import { add, addAll, count, EMPTY_POOL, PoolRefusal, PROTOCOLS, remove, type Entry, type Pool, type Protocol, JOOL3_ADD } from '../../src/pool4/pool';
import { forEachRow } from '../../src/output/rows';
import { encode, parse, serialize } from '../../src/state/format';
import { parsePortRange, parsePrefix } from '../../src/formats/values';
import { poolIn, stateOf } from '../states';

const PROPERTY_RUNS = 400;

// The small universe: marks 0-2, 192.0.2.0/28, ports 0-64.
const BASE = 0xc0000200;
const smallEntry = entryArb({ marks: fc.integer({ min: 0, max: 2 }), addresses: [BASE, BASE + 15], lengths: [28, 32], ports: [0, 64] });

type Command = { op: 'add'; entry: Entry } | { op: 'remove'; entry: Entry } | { op: 'flush' };
const commandArb: fc.Arbitrary<Command> = fc.oneof(
  { weight: 5, arbitrary: smallEntry.map((entry) => ({ op: 'add' as const, entry })) },
  { weight: 4, arbitrary: smallEntry.map((entry) => ({ op: 'remove' as const, entry })) },
  { weight: 1, arbitrary: fc.constant({ op: 'flush' as const }) },
);

/** The model: a plain set of "mark|protocol|address|port". */
class Model {
  readonly tuples = new Set<string>();
  apply(c: Command): 'refused' | undefined {
    if (c.op === 'flush') {
      this.tuples.clear();
      return undefined;
    }
    const { mark, protocols, prefix, ports } = c.entry;
    if (c.op === 'add' && ports[0] === 0 && ports[1] === 0 && protocols.some((p) => p !== 'ICMP')) return 'refused';
    const last = prefix.address + 2 ** (32 - prefix.length) - 1;
    for (const p of protocols) {
      for (let a = prefix.address; a <= last; a++) {
        for (let port = ports[0]; port <= ports[1]; port++) {
          const key = `${mark}|${p}|${a}|${port}`;
          if (c.op === 'remove') this.tuples.delete(key);
          else if (p === 'ICMP' || port > 0) this.tuples.add(key);
        }
      }
    }
    return undefined;
  }
  /** The rows --display prints, computed the slow way. */
  rows(): string[] {
    const keys = [...this.tuples].map((k) => k.split('|')).map(([m, p, a, port]) => [Number(m), PROTOCOLS.indexOf(p as Protocol), Number(a), Number(port)]);
    keys.sort((x, y) => x[0] - y[0] || x[1] - y[1] || x[2] - y[2] || x[3] - y[3]);
    const rows: string[] = [];
    let open: number[] | undefined;
    const close = () => open && rows.push(`${open[0]} ${PROTOCOLS[open[1]]} ${open[2]} ${open[3]}-${open[4]}`);
    for (const [m, p, a, port] of keys) {
      if (open && open[0] === m && open[1] === p && open[2] === a && open[4] + 1 === port) open[4] = port;
      else {
        close();
        open = [m, p, a, port, port];
      }
    }
    close();
    return rows;
  }
}

/** The pool's rows with numeric addresses, straight from its runs. */
function rowsOf(pool: Pool): string[] {
  const rows: string[] = [];
  for (const t of pool.tables) {
    for (const r of t.runs.toArray()) for (let a = r.first; a <= r.last; a++) for (const [lo, hi] of r.ports) rows.push(`${t.mark} ${t.protocol} ${a} ${lo}-${hi}`);
  }
  return rows;
}

describe('the pool agrees with a brute-force model', () => {
  it('after every step of random add/remove/flush sequences: rows, count and contents', () => {
    fc.assert(
      fc.property(fc.array(commandArb, { maxLength: 25 }), (commands) => {
        const model = new Model();
        let pool: Pool = EMPTY_POOL;
        for (const c of commands) {
          const expected = model.apply(c);
          try {
            pool = c.op === 'flush' ? EMPTY_POOL : c.op === 'add' ? add(pool, c.entry, JOOL3_ADD(false)) : remove(pool, c.entry);
            expect(expected).toBeUndefined();
          } catch (e) {
            if (!(e instanceof PoolRefusal) || expected !== 'refused') throw e;
          }
          const rows = model.rows();
          expect(rowsOf(pool)).toEqual(rows);
          const printed: number[] = [];
          const n = forEachRow(pool.tables, (_m, _p, address) => printed.push(Number(address.split('.')[3])));
          expect(n).toBe(rows.length);
          expect(printed).toEqual(rows.map((r) => Number(r.split(' ')[2]) & 255));
          const tables = new Set(rows.map((r) => r.split(' ').slice(0, 2).join(' '))).size;
          expect(count(pool)).toEqual({ tables, samples: rows.length, transportAddresses: model.tuples.size });
          // And the state file holds exactly this pool.
          expect(parse(serialize(stateOf(pool)))).toEqual(stateOf(pool));
        }
      }),
      { numRuns: PROPERTY_RUNS },
    );
  });
});

describe('adding many at once', () => {
  it('addAll gives what adding one by one gives, and names the entry refused', () => {
    fc.assert(
      fc.property(fc.array(smallEntry, { maxLength: 20 }), fc.array(smallEntry, { maxLength: 20 }), (before, entries) => {
        const start = before.reduce<Pool>((p, e) => tryAdd(p, e), EMPTY_POOL);
        const refused = entries.findIndex((e) => e.ports[0] === 0 && e.ports[1] === 0 && e.protocols.some((p) => p !== 'ICMP'));
        if (refused >= 0) {
          expect(() => addAll(start, entries, JOOL3_ADD(false))).toThrow(expect.objectContaining({ entry: refused }));
        } else {
          expect(serialize(stateOf(addAll(start, entries, JOOL3_ADD(false))))).toBe(serialize(stateOf(entries.reduce<Pool>((p, e) => add(p, e, JOOL3_ADD(false)), start))));
        }
      }),
      { numRuns: PROPERTY_RUNS },
    );
  });
});

function tryAdd(pool: Pool, entry: Entry): Pool {
  try {
    return add(pool, entry, JOOL3_ADD(false));
  } catch {
    return pool;
  }
}

describe('writing back what was read', () => {
  /** Writes the first multi-address run as two lines, as a person might: not quite jool's own layout. */
  function splitFirstRun(text: string): string {
    return text.replace(/"([A-Z]+ \d+ )192\.0\.2\.(\d+)-192\.0\.2\.(\d+) ([^"]+)"/, (_m, key, a, b, ports) => {
      const second = Number(a) + 1 === Number(b) ? `192.0.2.${b}` : `192.0.2.${Number(a) + 1}-192.0.2.${b}`;
      return `"${key}192.0.2.${a} ${ports}",\n        "${key}${second} ${ports}"`;
    });
  }

  // encode() copies the runs a change left alone from the bytes read: the file must come out
  // exactly as if every run were written afresh.
  it('gives the bytes a fresh encoding gives, after any add or remove', () => {
    const entry = entryArb({ marks: fc.constantFrom(0, 1), addresses: [0xc0000200, 0xc00002ff], lengths: [28, 32], ports: [1, 100] });
    let split = 0;
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 30 }), fc.array(fc.tuple(fc.boolean(), entry), { minLength: 1, maxLength: 3 }), fc.boolean(), (entries, changes, edit) => {
        const written = serialize(stateOf(entries.reduce<Pool>((p, e) => add(p, e, JOOL3_ADD(false)), EMPTY_POOL)));
        const text = edit ? splitFirstRun(written) : written;
        if (text !== written) split++;
        const read = parse(text);
        const changed = stateOf(changes.reduce<Pool>((p, [adding, e]) => (adding ? add(p, e, JOOL3_ADD(false)) : remove(p, e)), poolIn(read)));
        expect(encode(changed, read).toString()).toBe(serialize(changed));
      }),
      { numRuns: PROPERTY_RUNS },
    );
    expect(split).toBeGreaterThan(PROPERTY_RUNS / 10);
  });
});

describe('round trips', () => {
  it('prefixes: format then parse gives the same prefix', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 0, max: 32 }), (address, length) => {
        const network = length === 0 ? 0 : Number((BigInt(address) >> BigInt(32 - length)) << BigInt(32 - length));
        const prefix = { address: network, length };
        expect(parsePrefix(formatPrefix(prefix))).toEqual(prefix);
      }),
      { numRuns: 2000 },
    );
  });

  it('port ranges: "min-max", "max-min" and "n" parse back', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 65535 }), fc.integer({ min: 0, max: 65535 }), (a, b) => {
        const range = [Math.min(a, b), Math.max(a, b)];
        expect(parsePortRange(`${range[0]}-${range[1]}`)).toEqual(range);
        expect(parsePortRange(`${range[1]}-${range[0]}`)).toEqual(range);
        expect(parsePortRange(`${a}`)).toEqual([a, a]);
      }),
      { numRuns: 2000 },
    );
  });

  it('state files: serialize then parse gives the same pool, and serializing again the same text', () => {
    const wide = entryArb({ marks: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 0xffffffff })), addresses: [0x01000000, 0x7effffff], lengths: [24, 32], ports: [1, 65535] });
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), wide), { maxLength: 20 }), (steps) => {
        const pool = steps.reduce<Pool>((p, [adding, e]) => (adding ? add(p, e, JOOL3_ADD(false)) : remove(p, e)), EMPTY_POOL);
        const text = serialize(stateOf(pool));
        expect(parse(text)).toEqual(stateOf(pool));
        expect(serialize(parse(text))).toBe(text);
      }),
      { numRuns: PROPERTY_RUNS },
    );
  });
});
