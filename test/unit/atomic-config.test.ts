// Jool 4's configuration file (src/atomic-config.ts), the strict JSON reader under it, and instances.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConfigError, instanceNameIn, readAtomicConfig } from '../../src/formats/atomic-config';
import { EMPTY_BIB } from '../../src/bib/bib';
import { JsonObject, parseJson, type JsonValue } from '../../src/formats/json';
import { addInstance, configure, EMPTY_STATE, InstanceError, removeInstance, withPool } from '../../src/instance/instances';
import { add, EMPTY_POOL, JOOL3_ADD } from '../../src/pool4/pool';
import { parsePrefix } from '../../src/formats/values';

/** JsonObjects as plain objects, for comparing with JSON.parse. */
function plain(v: JsonValue): unknown {
  if (v instanceof JsonObject) return Object.fromEntries(v.members.map(([k, x]) => [k, plain(x)]));
  return Array.isArray(v) ? v.map(plain) : v;
}

describe('JSON', () => {
  it('reads what JSON.parse reads', () => {
    fc.assert(
      fc.property(fc.json(), (text) => {
        expect(plain(parseJson(text))).toEqual(JSON.parse(text));
      }),
      { numRuns: 500 },
    );
  });

  it('keeps repeated keys, in order', () => {
    expect((parseJson('{"a": 1, "A": 2, "a": 3}') as JsonObject).members).toEqual([
      ['a', 1],
      ['A', 2],
      ['a', 3],
    ]);
  });

  it.each([
    ['01', 'a number with a leading zero at line 1, column 1'],
    ['[1,]', 'unexpected "]" where a value should be at line 1, column 4'],
    ['{"a" 1}', 'expected \':\' after the key "a" at line 1, column 6'],
    ['{"a": 1', "expected ',' or '}' after a member of an object at line 1, column 8"],
    ['[1] x', 'unexpected text after the JSON value at line 1, column 5'],
    ['"a\nb"', 'a control character inside a string at line 1, column 3'],
    ['\n\n  nul', 'unexpected "n" where a value should be at line 3, column 3'],
    ["{'a': 1}", 'expected a key in double quotes at line 1, column 2'],
    ['"\\x"', 'a bad escape inside a string at line 1, column 2'],
  ])('refuses %j: %s', (text, message) => {
    expect(() => parseJson(text)).toThrow(message);
  });
});

describe('atomic configuration', () => {
  const minimal = { instance: 'n', framework: 'netfilter', global: { pool6: '64:ff9b::/96' } };
  it('reads keys in any case, comments anywhere, and the defaults', () => {
    const text = JSON.stringify({
      COMMENT: 'x',
      Instance: 'n',
      FrameWork: 'iptables',
      Global: { comment: 1, POOL6: '64:FF9B::/96', 'lowest-ipv6-mtu': 1280 },
      pool4: [
        { Comment: [], PROTOCOL: 'udp', Prefix: '192.0.2.0/30', MARK: 4294967295, 'Port Range': '9-1', 'MAX-ITERATIONS': 'infinity' },
        { protocol: 'ICMP', prefix: '192.0.2.9' },
      ],
      bib: [{ COMMENT: 0, Protocol: 'icmp', 'IPv6 Address': '2001:DB8::0:1#7', 'ipv4 ADDRESS': '192.0.2.9#61001' }],
    });
    expect(readAtomicConfig(text, false, '4.1.15')).toEqual({
      instance: 'n',
      framework: 'iptables',
      pool6: '64:ff9b::/96',
      settings: {},
      problems: [],
      pool4: [
        { where: 'pool4[0]', entry: { mark: 4294967295, protocols: ['UDP'], prefix: parsePrefix('192.0.2.0/30'), ports: [1, 9], iterations: 'infinity' } },
        { where: 'pool4[1]', entry: { mark: 0, protocols: ['ICMP'], prefix: parsePrefix('192.0.2.9'), ports: [61001, 65535], iterations: undefined } },
      ],
      bib: [{ where: 'bib[0]', protocol: 'ICMP', entry: { address4: parsePrefix('192.0.2.9').address, port4: 61001, address6: '2001:db8::1', port6: 7 } }],
    });
    expect(readAtomicConfig(JSON.stringify(minimal), false, '4.1.15').pool4).toEqual([]);
  });

  it('gives -f the first instance, in any case', () => {
    expect(instanceNameIn('{"comment": 1, "INSTANCE": "first", "instance": "second"}')).toBe('first');
    expect(() => instanceNameIn('{"instance": 5}')).toThrow(ConfigError);
    expect(() => instanceNameIn('[]')).toThrow('has no "instance"');
  });

  it.each([
    [{ ...minimal, bib: {} }, 'bib: is an object, not an array'],
    [{ ...minimal, instance: '' }, 'instance: "" is not an instance name'],
    [{ ...minimal, global: [] }, 'global: is an array, not an object'],
    [{ ...minimal, global: { pool6: 5 } }, 'global.pool6: 5 is not a JSON string such as "64:ff9b::/96" (or null)'],
    [{ ...minimal, global: { pool6: '64:ff9b::/95' } }, 'global.pool6: "64:ff9b::/95" has length /95; pool6 must be /32, /40, /48, /56, /64 or /96 (RFC 6052)'],
    [{ ...minimal, global: { pool6: '64:ff9b::1/96' } }, 'global.pool6: "64:ff9b::1/96" has bits set past its length /96 (did you mean 64:ff9b::/96?)'],
    [{ ...minimal, global: { pool6: null } }, 'global.pool6: null leaves pool6 unset, and NAT64 instances must have one'],
    [{ ...minimal, global: {} }, 'global: has no "pool6"'],
    [{ ...minimal, eamt: [] }, "the top level: 'eamt' is SIIT's (jool_siit)"],
    [{ ...minimal, denylist4: [] }, "the top level: 'denylist4' is SIIT's"],
    [{ ...minimal, BlackList4: [] }, "the top level: 'BlackList4' is SIIT's"],
    [{ ...minimal, pool4: [{ protocol: 'TCP', prefix: '192.0.2.1', mark: -1 }] }, 'pool4[0]: "mark" is not a whole number from 0 to 4294967295 (it is -1)'],
    [{ ...minimal, pool4: [{ protocol: 'TCP', prefix: '192.0.2.1', 'max-iterations': 'Auto' }] }, 'pool4[0]: "max-iterations" "Auto" is not "auto", "infinity"'],
    [{ ...minimal, pool4: [{ protocol: 1, prefix: '192.0.2.1' }] }, 'pool4[0]: "protocol" is a number; expected TCP, UDP or ICMP'],
    [{ ...minimal, pool4: [{ protocol: 'TCP', prefix: '192.0.2.1', prefix2: 1 }] }, "pool4[0]: unknown key 'prefix2'"],
    [{ ...minimal, pool4: [{ protocol: 'TCP', prefix: '192.0.2.1', 'port range': '1-2-3' }] }, "pool4[0]: '1-2-3' is not a port range"],
  ])('refuses %j', (doc, message) => {
    const { problems } = readAtomicConfig(JSON.stringify(doc), false, '4.1.15');
    expect(problems.map((p) => p.message)).toEqual([expect.stringContaining(message)]);
  });

  it('finds every problem, not just the first', () => {
    const doc = {
      instance: 5,
      framework: 'x',
      global: { pool6: '64:ff9b::/96', tos: 'high', TOS: 1, foo: 1 },
      pool4: [{ protocol: 'X', prefix: '192.0.2.1' }, { protocol: 'TCP', prefix: '192.0.2.1' }, 3],
    };
    const config = readAtomicConfig(JSON.stringify(doc), false, '4.1.15');
    expect(config.problems.map((p) => p.where)).toEqual(['instance', 'framework', 'global', 'global', 'global.tos', 'pool4[0]', 'pool4[2]']);
    expect(config.pool4.map((e) => e.where)).toEqual(['pool4[1]']);
  });
});

describe('instances', () => {
  const pool = add(EMPTY_POOL, { mark: 0, protocols: ['TCP'], prefix: parsePrefix('192.0.2.1'), ports: [1, 2] }, JOOL3_ADD(false));
  it('spring into being with a pool, and not without one', () => {
    expect(withPool(EMPTY_STATE, 'x', EMPTY_POOL)).toBe(EMPTY_STATE);
    expect(withPool(EMPTY_STATE, 'x', pool)).toEqual({ instances: [{ name: 'x', pool, bib: EMPTY_BIB }] });
  });

  it('refuse what Jool refuses', () => {
    const state = addInstance(EMPTY_STATE, 'a', 'netfilter', '64:ff9b::/96');
    const refusal = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        if (e instanceof InstanceError) return e.refusal;
        throw e;
      }
      throw new Error('accepted');
    };
    expect(refusal(() => addInstance(state, 'a', 'iptables', '64:ff9b::/96'))).toEqual({ kind: 'exists', name: 'a' });
    expect(refusal(() => addInstance(state, 'b', 'netfilter', '64:ff9b::/96'))).toEqual({ kind: 'netfilter-taken', name: 'b', holder: 'a' });
    expect(refusal(() => removeInstance(state, 'b'))).toEqual({ kind: 'missing', name: 'b' });
    expect(refusal(() => configure(state, 'a', 'iptables', '64:ff9b::/96', pool, EMPTY_BIB))).toMatchObject({ kind: 'framework-change' });
    expect(refusal(() => configure(state, 'a', 'netfilter', '2001:db8::/32', pool, EMPTY_BIB))).toMatchObject({ kind: 'pool6-change' });
    expect(configure(state, 'a', 'netfilter', '64:ff9b::/96', pool, EMPTY_BIB).instances[0].pool).toBe(pool);
  });
});
