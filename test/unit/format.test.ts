import { describe, expect, it } from 'vitest';
import { parsePrefix } from '../../src/formats/values';
import { add, EMPTY_POOL, type Pool, JOOL3_ADD } from '../../src/pool4/pool';
import { parse, serialize, StateFormatError } from '../../src/state/format';
import { Runs } from '../../src/pool4/table';
import { poolIn, stateOf } from '../states';

const pool: Pool = [
  { mark: 0, protocols: ['TCP' as const], prefix: parsePrefix('192.0.2.0/24'), ports: [60001, 65535] as const },
  { mark: 0, protocols: ['TCP' as const], prefix: parsePrefix('192.0.2.7'), ports: [7000, 7999] as const },
  { mark: 4294967295, protocols: ['ICMP' as const, 'UDP' as const], prefix: parsePrefix('203.0.113.1'), ports: [0, 5] as const },
].reduce((p, e) => add(p, e, JOOL3_ADD(false)), EMPTY_POOL);

const file = (tables: unknown, extra: object = {}) => JSON.stringify({ format: 'jool-pool4-state', version: 1, tables, ...extra });
const tcp = (runs: unknown) => file([{ mark: 0, protocol: 'TCP', runs }]);

describe('serialize and parse', () => {
  it('round-trips a pool', () => {
    expect(parse(serialize(stateOf(pool)))).toEqual(stateOf(pool));
    expect(parse(serialize(stateOf(EMPTY_POOL)))).toEqual(stateOf(EMPTY_POOL));
  });

  it('writes runs, one per line', () => {
    expect(serialize(stateOf(pool))).toContain('"TCP 0 192.0.2.0-192.0.2.6 60001-65535",\n        "TCP 0 192.0.2.7 7000-7999,60001-65535",');
  });

  it('reads runs of one address, of a block, and a port set shared by neighbours', () => {
    const pool = poolIn(parse(tcp(['0.0.0.0 1-1', '10.0.0.1-10.0.0.9 5-9', '10.0.0.10 1-2', '10.0.0.11 5-9', '255.255.255.255 1-65535'])));
    expect(pool.tables[0].runs.toArray()).toEqual([
      { first: 0, last: 0, ports: [[1, 1]] },
      { first: 0x0a000001, last: 0x0a000009, ports: [[5, 9]] },
      { first: 0x0a00000a, last: 0x0a00000a, ports: [[1, 2]] },
      { first: 0x0a00000b, last: 0x0a00000b, ports: [[5, 9]] },
      { first: 0xffffffff, last: 0xffffffff, ports: [[1, 65535]] },
    ]);
  });

  it('reads neighbours that alternate between port sets', () => {
    const texts = ['1-1', '2-3', '1-1', '4-4,6-6', '2-3', '1-1', '1-1'];
    const runs = poolIn(parse(tcp(texts.map((t, i) => `10.0.0.${i * 2} ${t}`)))).tables[0].runs;
    expect(runs.toArray().map((r) => r.ports.map(([a, b]) => `${a}-${b}`).join(','))).toEqual(texts);
    expect(runs.ports[0]).toBe(runs.ports[2]); // one PortSet per distinct text
  });

  it('accepts a hand-split run and merges it', () => {
    expect(parse(tcp(['192.0.2.1 5-9', '192.0.2.2 5-6,7-9']))).toEqual(parse(tcp(['192.0.2.1-192.0.2.2 5-9'])));
  });

  it('counts transport addresses while reading, as a fresh count would', () => {
    const runs = poolIn(parse(tcp(['192.0.2.1-192.0.2.4 5-9,20-29', '192.0.2.5 5-9', '192.0.2.6 1-65535']))).tables[0].runs;
    expect(runs.knownTotal()).toBe(4 * 15 + 5 + 65535);
    expect(new Runs(runs.firsts, runs.lasts, runs.ports).transportAddresses()).toBe(runs.knownTotal());
  });

  it('drops an empty table', () => {
    expect(poolIn(parse(tcp([])))).toEqual(EMPTY_POOL);
  });
});

describe('the two ways of reading', () => {
  // parse() reads files laid out as jool writes them in place, and any other layout with JSON.parse.
  const compact = (text: string) => JSON.stringify(JSON.parse(text));

  it('read the same pool', () => {
    const text = serialize(stateOf(pool));
    expect(parse(text)).toEqual(stateOf(pool));
    expect(parse(compact(text))).toEqual(stateOf(pool));
    expect(parse(text.replace('"TCP 0 192.0.2.0-192.0.2.6 60001-65535"', '"TCP 0 192.0.2.0-192.0.2.3 60001-65535",\n        "TCP 0 192.0.2.4-192.0.2.6 60001-65535"'))).toEqual(stateOf(pool));
  });

  it.each([
    ['a bad run', (t: string) => t.replace('"TCP 0 192.0.2.7 7000-7999,60001-65535"', '"TCP 0 192.0.2.07 7000-7999"'), /instances\[0\]\.runs\[3\] 'TCP 0 192.0.2.07 7000-7999': the addresses are not/],
    // JSON.parse decodes it: 192.0.2.77 then comes after 192.0.2.8.
    ['an escape in a run', (t: string) => t.replace('"TCP 0 192.0.2.7 7000', '"TCP 0 192.0.2.\\u00377 7000'), /runs\[4\] 'TCP 0 192.0.2.8-192.0.2.255 60001-65535' overlaps/],
    ['trailing garbage', (t: string) => `${t}x`, /not valid JSON/],
    ['a truncated file', (t: string) => t.slice(0, t.length - 5), /not valid JSON/],
    ['TCP port 0', (t: string) => t.replace('7000-7999,', '0-7999,'), /TCP has no port 0/],
    ['a mark with a leading zero', (t: string) => t.replace('"TCP 0 192.0.2.7', '"TCP 00 192.0.2.7'), /runs\[3\] 'TCP 00 192.0.2.7 .*' is not "<protocol> <mark> <addresses> <port ranges>"/],
    ['a line out of order', (t: string) => t.replace('"UDP 4294967295', '"TCP 4294967295'), /runs\[2\] 'TCP 0 .*' is out of order/],
    [
      'settings after runs',
      (t: string) => t.replace('"TCP 0 192.0.2.7 7000-7999,60001-65535"', '"TCP 0 max-iterations 9 counter 1"'),
      /runs\[3\] 'TCP 0 max-iterations 9 counter 1' comes after runs of its table/,
    ],
    ['a chunk entry edited by hand', (t: string) => t.replace(/("\d+ \d+ )\d+/, '$19'), /^$/],
  ])('report the same problems: %s', (_name, edit, message) => {
    const text = edit(serialize(stateOf(pool)));
    // A chunk entry is derived: a hand edit of it sends the file to the validating reader, which reads it.
    if (message.source === '^$') expect(parse(text)).toEqual(stateOf(pool));
    else expect(() => parse(text)).toThrow(message);
  });
});

describe('parse refuses', () => {
  it.each([
    ['an empty file', '', /empty/],
    ['blank space', '  \n', /empty/],
    ['truncated JSON', serialize(stateOf(pool)).slice(0, 60), /not valid JSON/],
    ['an array', '[]', /not a JSON object/],
    ['another kind of file', JSON.stringify({ version: 1, tables: [] }), /"format" is not "jool-pool4-state"/],
    ['a future version', file([], { version: 5 }), /format version 5, written by a newer jool/],
    ['a wrong version', file([], { version: '1' }), /"version" is "1"/],
    ['a missing version', JSON.stringify({ format: 'jool-pool4-state', tables: [] }), /"version" is missing/],
    ['tables not an array', file({}), /"tables" is not an array/],
    ['a table not an object', file([3]), /tables\[0\] is not an object/],
    ['a negative mark', file([{ mark: -1, protocol: 'TCP', runs: [] }]), /tables\[0\]\.mark/],
    ['a fractional mark', file([{ mark: 1.5, protocol: 'TCP', runs: [] }]), /tables\[0\]\.mark/],
    ['a huge mark', file([{ mark: 2 ** 32, protocol: 'TCP', runs: [] }]), /tables\[0\]\.mark/],
    ['a string mark', file([{ mark: '0', protocol: 'TCP', runs: [] }]), /tables\[0\]\.mark/],
    ['an unknown protocol', file([{ mark: 0, protocol: 'SCTP', runs: [] }]), /protocol is not one of ICMP, UDP, TCP/],
    ['runs not an array', file([{ mark: 0, protocol: 'TCP', runs: 'x' }]), /runs is not an array/],
    ['a run not a string', tcp([5]), /runs\[0\] is not a string/],
    ['a run without ports', tcp(['192.0.2.1']), /runs\[0\].*expected/],
    ['a bad address', tcp(['192.0.2.256 1-2']), /addresses are not/],
    ['a leading zero', tcp(['192.0.2.01 1-2']), /addresses are not/],
    ['three octets', tcp(['192.0.2 1-2']), /addresses are not/],
    ['five octets', tcp(['192.0.2.1.1 1-2']), /addresses are not/],
    ['three addresses', tcp(['192.0.2.1-192.0.2.2-192.0.2.3 1-2']), /addresses are not/],
    ['a dangling dash', tcp(['192.0.2.1- 1-2']), /addresses are not/],
    ['two spaces', tcp(['192.0.2.1  1-2']), /not a port range/],
    ['no ports after the space', tcp(['192.0.2.1 ']), /not a port range/],
    ['an empty run', tcp(['']), /addresses are not/],
    ['addresses reversed', tcp(['192.0.2.9-192.0.2.1 1-2']), /first address is above the last/],
    ['a port above 65535', tcp(['192.0.2.1 1-65536']), /not a port range/],
    ['ports reversed', tcp(['192.0.2.1 9-1']), /not a port range/],
    ['TCP port 0', tcp(['192.0.2.1 0-5']), /TCP has no port 0/],
    ['overlapping port ranges', tcp(['192.0.2.1 1-5,5-9']), /overlap/],
    ['unsorted port ranges', tcp(['192.0.2.1 7-9,1-5']), /overlap or are out of order/],
    ['overlapping runs', tcp(['192.0.2.1-192.0.2.5 1-2', '192.0.2.5 7-8']), /runs\[1\].*overlaps/],
    ['unsorted runs', tcp(['192.0.2.5 1-2', '192.0.2.1 1-2']), /runs\[1\].*overlaps or comes before/],
    [
      'unsorted tables',
      file([
        { mark: 0, protocol: 'TCP', runs: [] },
        { mark: 0, protocol: 'ICMP', runs: [] },
      ]),
      /tables\[1\].*out of order or repeated/,
    ],
    [
      'repeated tables',
      file([
        { mark: 0, protocol: 'TCP', runs: [] },
        { mark: 0, protocol: 'TCP', runs: [] },
      ]),
      /out of order or repeated/,
    ],
  ])('%s', (_name, text, message) => {
    expect(() => parse(text)).toThrow(StateFormatError);
    expect(() => parse(text)).toThrow(message);
  });

  it('keeps a table of more than 2^32 - 1 transport addresses: Jool 3.5 has no limit', () => {
    const big = poolIn(parse(file([{ mark: 0, protocol: 'ICMP', runs: ['10.0.0.0-10.0.255.255 0-65535'] }])));
    expect(big.tables[0].runs.transportAddresses()).toBe(65536 * 65536);
    expect(poolIn(parse(serialize(stateOf(big))))).toEqual(big);
  });

  it('keeps messages about garbage short and printable', () => {
    try {
      parse(`\u0001${'\u00ff'.repeat(10_000)}`);
      expect.fail('parsed garbage');
    } catch (e) {
      expect((e as Error).message.length).toBeLessThan(200);
      // biome-ignore lint/suspicious/noControlCharactersInRegex: no control character may reach the terminal
      expect((e as Error).message).not.toMatch(/[\x00-\x1f\x7f-\x9f]/);
    }
  });
});
