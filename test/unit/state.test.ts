// The state file, version 4: instances, their runs as lines with chunk entries, settings and static BIB
// entries, read both ways (in place and validating), versions 1 to 3 migrated, and every rule of the format refused
// with where it is.
import { createHash } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { add as bibAdd, EMPTY_BIB, entryOf } from '../../src/bib/bib';
import { addInstance, EMPTY_STATE, withContent, withPool, type State } from '../../src/instance/instances';
import { add, EMPTY_POOL, type Entry } from '../../src/pool4/pool';
import { parse, serialize, StateFormatError } from '../../src/state/format';
import { readJson } from '../../src/state/read-json';
import { readOwnLayout } from '../../src/state/read-layout';
import { parsePrefix } from '../../src/formats/values';

const entry = (prefix: string, min: number, max: number, extra: Partial<Entry> = {}): Entry => ({ mark: 0, protocols: ['TCP'], prefix: parsePrefix(prefix), ports: [min, max], ...extra });
const FREE = { limitPrefix: false, refuseReserved: false };

function sample(): State {
  let state = addInstance(EMPTY_STATE, 'default', 'netfilter', '64:ff9b::/96');
  state = withPool(state, 'default', add(add(EMPTY_POOL, entry('192.0.2.0/30', 1, 10), FREE), entry('192.0.2.1', 5, 100, { iterations: 777 }), FREE));
  state = withPool(state, 'q "x" \\ y', add(EMPTY_POOL, entry('198.51.100.1', 1, 2, { mark: 9, protocols: ['ICMP', 'UDP'], iterations: 'infinity' }), FREE));
  const pool = state.instances[0].pool;
  const view = { pool, hostAddresses: [] };
  const taddr4 = (port: number) => ({ address: parsePrefix('192.0.2.1').address, port });
  let entries = EMPTY_BIB;
  entries = bibAdd(entries, 'TCP', entryOf(taddr4(9), { address: '2001:db8::1', port: 80 }), view, { identicalIsOk: false });
  entries = bibAdd(entries, 'TCP', entryOf(taddr4(5), { address: '::ffff:192.0.2.1', port: 0 }), view, { identicalIsOk: false });
  entries = bibAdd(entries, 'TCP', entryOf({ address: parsePrefix('192.0.2.0').address, port: 10 }, { address: '2001:db8::2', port: 80 }), view, { identicalIsOk: false });
  state = withContent(state, 'default', pool, entries);
  // An orphan: nothing checks, when reading, that pool4 holds an entry (pool4 remove --quick leaves them).
  state = withContent(state, 'orphans', EMPTY_POOL, { ...EMPTY_BIB, UDP: [entryOf({ address: 1, port: 2 }, { address: '::', port: 3 })] });
  return addInstance(state, 'empty', 'iptables', '2001:db8::/32');
}

/** The state with each BIB as plain tables: the fast reader keeps a file's BIB packed (bib/packed.ts). */
function plain(state: State): State {
  return { instances: state.instances.map((i) => ({ ...i, bib: { TCP: [...i.bib.TCP], UDP: [...i.bib.UDP], ICMP: [...i.bib.ICMP] } })) };
}

describe('version 4', () => {
  it('writes instances, their runs as lines, settings where they are not the defaults, and reads them back', () => {
    const text = serialize(sample());
    expect(text).toContain('"name": "default",\n      "framework": "netfilter",\n      "pool6": "64:ff9b::/96",\n      "chunks": [');
    expect(text).toContain(
      '"runs": [\n        "TCP 0 max-iterations 777 counter 40",\n        "TCP 0 192.0.2.0 1-10",\n        "TCP 0 192.0.2.1 1-100",\n        "TCP 0 192.0.2.2-192.0.2.3 1-10"\n      ],',
    );
    expect(text).toContain('"ICMP 9 max-iterations infinity counter 2",\n        "ICMP 9 198.51.100.1 1-2",\n        "UDP 9 max-iterations infinity counter 2",');
    expect(text).toContain('"name": "q \\"x\\" \\\\ y",\n      "chunks": [');
    expect(text).toContain('"name": "empty",\n      "framework": "iptables",\n      "pool6": "2001:db8::/32",\n      "chunks": [],\n      "runs": [],\n      "bib": []\n    }');
    const lines = '\n        "TCP 192.0.2.0#10 2001:db8::2#80",\n        "TCP 192.0.2.1#5 ::ffff:192.0.2.1#0",\n        "TCP 192.0.2.1#9 2001:db8::1#80"';
    expect(text).toContain(`\n      ],\n      "bib": [${lines}\n      ],\n      "bib-sha1": "${createHash('sha1').update(lines).digest('hex')}"\n    }`);
    expect(text).toMatch(/"name": "orphans",\n {6}"chunks": \[\],\n {6}"runs": \[\],\n {6}"bib": \[\n {8}"UDP 0\.0\.0\.1#2 ::#3"\n {6}\],\n {6}"bib-sha1": "[0-9a-f]{40}"\n {4}\}/);
    expect(plain(parse(text))).toEqual(sample());
    expect(serialize(parse(text))).toBe(text);
  });

  it('describes each chunk: lines, bytes, tables, samples, transport addresses, zone, and a CRC-32 of the entry and the lines', () => {
    const text = serialize(sample());
    const chunk = JSON.parse(text).instances[0].chunks[0] as string;
    const runs = '"TCP 0 max-iterations 777 counter 40",\n        "TCP 0 192.0.2.0 1-10",\n        "TCP 0 192.0.2.1 1-100",\n        "TCP 0 192.0.2.2-192.0.2.3 1-10';
    const head = `4 ${Buffer.byteLength(runs.slice(1))} 1 4 ${10 + 100 + 2 * 10} 192.0.2.0-192.0.2.3 `;
    expect(chunk).toBe(`${head}${crc32(runs.slice(1), crc32(head)).toString(16).padStart(8, '0')}`);
  });

  it('reads the same state in place and through JSON.parse', () => {
    const text = serialize(sample());
    expect(plain(readOwnLayout(Buffer.from(text, 'latin1'))!)).toEqual(sample());
    expect(readJson(text)).toEqual(sample());
    expect(readJson(JSON.stringify(JSON.parse(text)))).toEqual(sample());
    expect(serialize(EMPTY_STATE)).toBe('{\n  "format": "jool-pool4-state",\n  "version": 4,\n  "instances": []\n}\n');
    expect(parse(serialize(EMPTY_STATE))).toEqual(EMPTY_STATE);
  });

  it('reads version 1 as the instance default with auto tables and true counters', () => {
    const v1 = JSON.stringify({ format: 'jool-pool4-state', version: 1, tables: [{ mark: 3, protocol: 'UDP', runs: ['192.0.2.1-192.0.2.2 1-10,20-29'] }] });
    const state = parse(v1);
    expect(state.instances.map((i) => [i.name, i.framework])).toEqual([['default', undefined]]);
    expect(state.instances[0].pool.tables.map((t) => [t.mark, t.protocol, t.iterations, t.counter])).toEqual([[3, 'UDP', 'auto', 40]]);
  });

  const file = (instances: unknown) => JSON.stringify({ format: 'jool-pool4-state', version: 2, instances });
  const table = (extra: object) => ({ mark: 0, protocol: 'TCP', 'max-iterations': 'auto', counter: 0, runs: ['192.0.2.1 1-2'], ...extra });
  it.each([
    ['instances not an array', file({}), /"instances" is not an array/],
    ['an instance not an object', file([1]), /instances\[0\] is not an object/],
    ['a name too long', file([{ name: 'x'.repeat(16), tables: [] }]), /instances\[0\]\.name is not 1 to 15 printable ASCII/],
    ['a name with a newline', file([{ name: 'a\nb', tables: [] }]), /instances\[0\]\.name/],
    [
      'a repeated name',
      file([
        { name: 'a', tables: [] },
        { name: 'a', tables: [] },
      ]),
      /instances\[1\]\.name "a" is repeated/,
    ],
    ['an unknown framework', file([{ name: 'a', framework: 'nft', tables: [] }]), /framework is not one of netfilter, iptables/],
    ['a bad pool6', file([{ name: 'a', pool6: 'nope', tables: [] }]), /pool6 is not an IPv6 prefix/],
    ['an unknown key', file([{ name: 'a', colour: 1, tables: [] }]), /unknown key "colour"/],
    ['tables not an array', file([{ name: 'a' }]), /instances\[0\]\.tables is not an array/],
    ['max-iterations 0', file([{ name: 'a', tables: [table({ 'max-iterations': 0 })] }]), /\["max-iterations"\] is not "auto", "infinity" or a whole number/],
    ['max-iterations "fixed"', file([{ name: 'a', tables: [table({ 'max-iterations': 'fixed' })] }]), /max-iterations/],
    ['a missing counter', file([{ name: 'a', tables: [table({ counter: undefined })] }]), /tables\[0\]\.counter is not a whole number from 0 to 4294967295/],
    ['a counter past 32 bits', file([{ name: 'a', tables: [table({ counter: 2 ** 32 })] }]), /counter/],
    ['a bad run', file([{ name: 'a', tables: [table({ runs: ['192.0.2.1 0-2'] })] }]), /instances\[0\]\.tables\[0\]\.runs\[0\] '192.0.2.1 0-2': TCP has no port 0/],
    ['unsorted tables', file([{ name: 'a', tables: [table({ mark: 2 }), table({ mark: 1 })] }]), /tables\[1\].*out of order/],
  ])('refuses %s', (_name, text, message) => {
    expect(() => parse(text)).toThrow(StateFormatError);
    expect(() => parse(text)).toThrow(message);
  });

  it('leaves a hand edit, even one in its own layout, to the validating reader', () => {
    // Same layout, but the chunk's CRC no longer matches: read and checked line by line.
    const text = serialize(sample()).replace('counter 40"', 'counter 41"');
    expect(readOwnLayout(Buffer.from(text, 'latin1'))).toBeUndefined();
    expect(parse(text).instances[0].pool.tables[0].counter).toBe(41);
    const spaced = serialize(sample()).replace('"runs": [', '"runs":[');
    expect(readOwnLayout(Buffer.from(spaced, 'latin1'))).toBeUndefined();
    expect(plain(parse(spaced))).toEqual(sample());
  });
});
