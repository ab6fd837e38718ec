import fc from 'fast-check';
import { entryArb } from '../arbitraries';
import { describe, expect, it } from 'vitest';
import { applyImport, ImportError, parseImport } from '../../src/formats/import';
import { writeCsv } from '../../src/output/display';
import { writeJson } from '../../src/output/json';
import { stringSink, type Sink } from '../../src/output/sink';
import { add, EMPTY_POOL, type Pool, type Table, JOOL3_ADD } from '../../src/pool4/pool';
import { ConfigError } from '../../src/formats/atomic-config';
import { EMPTY_BIB } from '../../src/bib/bib';
import { EMPTY_CONTENT } from '../../src/instance/instances';
import { serialize } from '../../src/state/format';
import { parsePrefix } from '../../src/formats/values';
import { stateOf, withoutCounters } from '../states';

const HEADER = 'Mark,Protocol,Address,Min port,Max port\n';
function problem(text: string): string {
  try {
    applyImport(EMPTY_CONTENT, parseImport(text, '4.1.15'), false);
  } catch (e) {
    if (e instanceof ImportError) return `${e.where}: ${typeof e.problem === 'string' ? e.problem : e.problem.kind}`;
    if (e instanceof ConfigError) return `${e.where}: ${e.problem}`;
    throw e;
  }
  throw new Error('imported');
}

describe('CSV', () => {
  it('reads what --display --csv prints, with CRLF and blank lines', () => {
    const entries = parseImport(`${HEADER}0,TCP,192.0.2.1,60001,65535\r\n\n7, udp ,192.0.2.2,1,9\n`, '4.1.15');
    expect(entries.bib).toEqual([]);
    expect(entries.pool4).toEqual([
      { where: 'line 2', entry: { mark: 0, protocols: ['TCP'], prefix: parsePrefix('192.0.2.1'), ports: [60001, 65535] } },
      { where: 'line 4', entry: { mark: 7, protocols: ['UDP'], prefix: parsePrefix('192.0.2.2'), ports: [1, 9] } },
    ]);
  });

  it.each([
    ['', 'line 1: the file is empty'],
    ['Mark,Proto\n', "line 1: expected the header 'Mark,Protocol,Address,Min port,Max port'"],
    [`${HEADER}0,TCP,192.0.2.1,1\n`, 'line 2: expected 5 fields'],
    [`${HEADER}x,TCP,192.0.2.1,1,2\n`, "line 2: 'x' is not a mark"],
    [`${HEADER}0,SCTP,192.0.2.1,1,2\n`, "line 2: the protocol 'SCTP' is unknown"],
    [`${HEADER}0,TCP,192.0.2,1,2\n`, "line 2: '192.0.2' is not an IPv4 prefix"],
    [`${HEADER}0,TCP,192.0.2.1,1-2,3\n`, "line 2: '1-2' is not a port"],
    [`${HEADER}0,TCP,192.0.2.1,9,2\n`, 'line 2: the min port 9 is above the max port 2'],
    [`${HEADER}0,TCP,192.0.2.1,1,2\n0,TCP,127.0.0.1,1,2\n`, 'line 3: reserved'],
    [`${HEADER}0,UDP,192.0.2.1,0,0\n`, 'line 2: port-zero'],
  ])('refuses %j: %s', (text, want) => {
    expect(problem(text)).toContain(want);
  });
});

describe('JSON', () => {
  it('reads a pool4 array, or a whole Jool 4 configuration, with Jool 4 defaults', () => {
    const entries = [
      { protocol: 'TCP', prefix: '192.0.2.0/24', 'max-iterations': 'auto' },
      { mark: 3, protocol: 'icmp', prefix: '192.0.2.1', 'port range': '0-9' },
    ];
    const want = [
      { where: 'pool4[0]', entry: { mark: 0, protocols: ['TCP'], prefix: parsePrefix('192.0.2.0/24'), ports: [61001, 65535], iterations: 'auto' } },
      { where: 'pool4[1]', entry: { mark: 3, protocols: ['ICMP'], prefix: parsePrefix('192.0.2.1'), ports: [0, 9] } },
    ];
    expect(parseImport(JSON.stringify(entries), '4.1.15')).toEqual({ pool4: want, bib: [] });
    expect(parseImport(JSON.stringify({ instance: 'default', framework: 'netfilter', global: { pool6: '64:ff9b::/96', tos: 3 }, pool4: entries }), '4.1.15')).toEqual({
      pool4: want,
      bib: [],
      globals: { pool6: '64:ff9b::/96', settings: { tos: 3 } },
    });
    // The globals are read as file handle reads them (pool6 may be left out): the first problem refuses the file.
    expect(parseImport(JSON.stringify({ global: { 'udp-timeout': '0:10:00' } }), '4.1.15').globals).toEqual({ settings: { 'udp-timeout': 600_000 } });
    expect(() => parseImport(JSON.stringify({ global: { tos: 'high' }, pool4: entries }), '4.1.15')).toThrow('global.tos: "high" is not a JSON number from 0 to 255');
    expect(() => parseImport(JSON.stringify({ global: [] }), '4.1.15')).toThrow('global: is an array, not an object');
  });

  it('reads the "bib" of what --display --json prints, and puts it in the new pool4', () => {
    const text = JSON.stringify({
      pool4: [{ protocol: 'TCP', prefix: '192.0.2.1', 'port range': '80' }],
      bib: [{ protocol: 'TCP', 'ipv6 address': '2001:db8:0::1#8080', 'ipv4 address': '192.0.2.1#80' }],
    });
    const imported = parseImport(text, '4.1.15');
    expect(imported.bib).toEqual([{ where: 'bib[0]', protocol: 'TCP', entry: { address4: 0xc0000201, port4: 80, address6: '2001:db8::1', port6: 8080 } }]);
    const content = applyImport(EMPTY_CONTENT, imported, false);
    expect(content.bib.TCP).toEqual([imported.bib[0].entry]);
    // Again, without --replace: the identical entry is accepted, as file handle accepts it.
    expect(applyImport(content, imported, false).bib).toEqual(content.bib);
    // --replace with a pool4 alone empties the BIB too.
    expect(applyImport(content, parseImport('[]', '4.1.15'), true).bib).toEqual(EMPTY_BIB);
    // Without --replace, a file without "bib" leaves the BIB as it was.
    expect(applyImport(content, parseImport('[]', '4.1.15'), false).bib).toBe(content.bib);
  });

  it.each([
    ['[', 'JSON: not valid JSON'],
    ['{"pool6": []}', 'JSON: expected a "pool4" array'],
    ['{"bib": [{"protocol": "TCP", "ipv6 address": "2001:db8::1#80", "ipv4 address": "192.0.2.1#80"}]}', 'bib[0]: not-in-pool4'],
    ['{"bib": [{"protocol": "TCP", "ipv6 address": "2001:db8::1#80"}]}', 'bib[0]: "ipv4 address" is missing'],
    ['{"bib": [{"protocol": "TCP", "ipv6 address": "2001:db8::1", "ipv4 address": "192.0.2.1#80"}]}', "bib[0]: '2001:db8::1' is not an IPv6 transport address"],
    ['{"bib": [{"protocol": "TCP", "ipv6 address": 80, "ipv4 address": "192.0.2.1#80"}]}', 'bib[0]: "ipv6 address" is a number'],
    [
      '{"pool4": [{"protocol": "UDP", "prefix": "192.0.2.1", "port range": "1-9"}], "bib": [{"protocol": "UDP", "ipv6 address": "::1#1", "ipv4 address": "192.0.2.1#1"}, {"protocol": "UDP", "ipv6 address": "::1#1", "ipv4 address": "192.0.2.1#2"}]}',
      'bib[1]: collides',
    ],
    ['[3]', 'pool4[0]: is not an object'],
    ['[{"protocol": "TCP"}]', 'pool4[0]: "prefix" is missing'],
    ['[{"protocol": "TCP", "prefix": "192.0.2.1", "colour": "red"}]', "pool4[0]: unknown key 'colour'"],
    ['[{"prefix": "192.0.2.1"}]', 'pool4[0]: the protocol is missing'],
    ['[{"protocol": "TCP", "prefix": "192.0.2.1", "mark": -1}]', 'pool4[0]: "mark" is not a whole number'],
    ['[{"protocol": "TCP", "prefix": "192.0.2.1", "port range": "1-70000"}]', "pool4[0]: '1-70000' is not a port range"],
    ['[{"protocol": "TCP", "prefix": "192.0.2.1"}, {"protocol": "TCP", "prefix": "224.0.0.0/4"}]', 'pool4[1]: reserved'],
  ])('refuses %j: %s', (text, want) => {
    expect(problem(text)).toContain(want);
  });
});

it('adds to the pool, or replaces it', () => {
  const start = add(EMPTY_POOL, { mark: 0, protocols: ['TCP'], prefix: parsePrefix('198.51.100.1'), ports: [1, 1] }, JOOL3_ADD(false));
  const entries = parseImport(`${HEADER}0,TCP,192.0.2.1,5,6\n`, '4.1.15');
  expect(serialize(stateOf(applyImport({ pool: start, bib: EMPTY_BIB }, entries, false).pool))).toContain('198.51.100.1 1-1');
  expect(serialize(stateOf(applyImport({ pool: start, bib: EMPTY_BIB }, entries, true).pool))).not.toContain('198.51.100.1');
});

// What --display --csv and --display --json print imports back to the same pool.
it('round-trips random pools through CSV and JSON', () => {
  const entries = entryArb({ marks: fc.constantFrom(0, 1, 4294967295), addresses: [0xc0000200, 0xc00002ff], lengths: [26, 32], ports: [1, 65535] });
  fc.assert(
    fc.property(fc.array(entries, { maxLength: 12 }), (list) => {
      const pool: Pool = list.reduce<Pool>((p, e) => add(p, e, JOOL3_ADD(false)), EMPTY_POOL);
      for (const write of [writeCsv, (tables: readonly Table[], out: Sink) => writeJson(tables, [], out)]) {
        const out = stringSink();
        write(pool.tables, out);
        // The same samples; Jool's counter follows the history of adds, which a file does not carry.
        expect(serialize(stateOf(withoutCounters(applyImport(EMPTY_CONTENT, parseImport(out.text(), '4.1.15'), true).pool)))).toBe(serialize(stateOf(withoutCounters(pool))));
      }
    }),
    { numRuns: 200 },
  );
});
