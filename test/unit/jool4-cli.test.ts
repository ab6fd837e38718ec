// The Jool 4 front end alone: argv in, typed request (or usage error) out.
import { describe, expect, it } from 'vitest';
import { usageMessage } from '../helpers';
import { argp, ArgpError, matchLabel } from '../../src/cli/argp';
import { parseArgs, speaksJool4 } from '../../src/cli';
import { parsePrefix } from '../../src/formats/values';

const environment = { env: { JOOL_POOL4_STATE: '/s/pool4.json' }, home: '/home/op', instanceInFile: (f: string) => `from-${f}` };
const parse = (...argv: string[]) => parseArgs(argv, environment);
const base = { state: '/s/pool4.json', lockTimeoutMs: 10000, release: '4.1.15' };
const usage = (...argv: string[]) => usageMessage(() => parse(...argv), argv);

describe('which dialect', () => {
  it.each([
    [['pool4', 'display'], true],
    [['-i', 'x', 'p', 'd'], true],
    [['--instance=x', '--state', '/s', 'file', 'handle', 'f'], true],
    [['--inst', 'x', 'p', 'd'], true],
    [['--help'], true],
    [[], false],
    [['--pool4'], false],
    [['192.0.2.1', '--add', '--pool4'], false],
    [['-4a', '192.0.2.1'], false],
    [['-i', '--pool4'], false],
    [['--state', 'x', '--pool4', '--display'], false],
    [['-m4', 'pool4'], false],
  ])('%j speaks Jool 4: %s', (argv, jool4) => {
    expect(speaksJool4(argv)).toBe(jool4);
  });
});

describe('requests', () => {
  it('display: TCP by default, one protocol, the instance from -i or -f', () => {
    expect(parse('pool4', 'display')).toEqual({ operation: 'display', ...base, instance: 'default', format: 'jool4', filter: { protocols: ['TCP'] } });
    expect(parse('-i', 'n', 'p', 'd', '--icmp', '--csv', '--no-headers')).toEqual({
      operation: 'display',
      ...base,
      instance: 'n',
      format: 'jool4-csv',
      filter: { protocols: ['ICMP'] },
      headers: false,
    });
    expect(parse('-f', 'c.json', 'p', 'd')).toMatchObject({ instance: 'from-c.json' });
    expect(parse('-f', 'c.json', '-i', 'later', 'p', 'd')).toMatchObject({ instance: 'later' });
  });

  it('add: everything given, max iterations last wins', () => {
    expect(parse('pool4', 'add', '--udp', '7000-7999', '192.0.2.0/24', '--mark', '5', '--max-iterations', '9', '--max-iterations', 'auto')).toEqual({
      operation: 'add',
      ...base,
      instance: 'default',
      dialect: 'jool4',
      entry: { mark: 5, protocols: ['UDP'], prefix: parsePrefix('192.0.2.0/24'), ports: [7000, 7999], iterations: 'auto' },
      force: false,
      ephemeral: undefined,
    });
    expect(parse('pool4', 'add', '-t', '192.0.2.1', '9-1', '-f')).toMatchObject({ entry: { ports: [1, 9] }, force: true });
    expect(parseArgs(['pool4', 'add', '-t', '192.0.2.1', '1'], { ...environment, env: { JOOL_EPHEMERAL_RANGE: '1024 2048' } })).toMatchObject({ ephemeral: [1024, 2048] });
  });

  it('remove: TCP, mark 0 and every port by default', () => {
    expect(parse('pool4', 'remove', '192.0.2.1')).toEqual({
      operation: 'remove',
      ...base,
      instance: 'default',
      entry: { mark: 0, protocols: ['TCP'], prefix: parsePrefix('192.0.2.1'), ports: [0, 65535] },
      dialect: 'jool4',
      cascade: ['TCP'],
      quick: false,
    });
  });

  it('instance and file operations', () => {
    expect(parse('instance', 'add', 'n', '--iptables', '--pool6', '64:FF9B:0::/96')).toEqual({ operation: 'instance-add', ...base, name: 'n', framework: 'iptables', pool6: '64:ff9b::/96' });
    expect(parse('-i', 'n', 'instance', 'add', '-6', '64:ff9b::/96')).toMatchObject({ name: 'n', framework: 'netfilter' });
    expect(parse('instance', 'remove')).toEqual({ operation: 'instance-remove', ...base, name: 'default' });
    expect(parse('i', 'd', '--csv')).toEqual({ operation: 'instance-display', ...base, csv: true, headers: true });
    expect(parse('file', 'handle', 'c.json', '--force')).toEqual({ operation: 'file-handle', ...base, file: 'c.json', force: true, ephemeral: undefined });
    expect(parse('-i', 'n', 'f', 'h', 'c.json')).toMatchObject({ instance: 'n' });
    expect(parse('--state', '/other.json', 'i', 'f')).toEqual({ operation: 'instance-flush', state: '/other.json', lockTimeoutMs: 10000, release: '4.1.15' });
  });

  it.each([
    [['pool4'], /pool4 needs an operation: display, add, remove or flush/],
    [['p', 'x'], /pool4: unexpected 'x'; expected an operation/],
    [[''], /'' is ambiguous/],
    [['global', 'update'], /global update needs a key: one of the 27 that 'jool global update --help' lists/],
    [['global', 'update', 'tcp'], /'tcp' is ambiguous: it could be tcp-est-timeout or tcp-trans-timeout/],
    [['global', 'update', 'amend-udp-checksum-zero', 'true'], /unexpected 'amend-udp-checksum-zero'; expected a key/],
    [['global', 'update', 'tos'], /global update tos: the command is missing a value \(a whole number 0-255\)/],
    [['global', 'update', 'tos', '1', '2'], /takes one value, but got '1' and '2'/],
    [['global', 'update', 'tos', '12abc'], /'12abc' is not a whole decimal number from 0 to 255/],
    [['global', 'update', 'manually', 'maybe'], /'maybe' is not a bool/],
    [['global', 'update', 'udp', '1:2:3:4'], /does not follow the \[HH:\[MM:\]\]SS\[\.mmm\] format/],
    [['global', 'update', 'mtu', ','], /holds no plateau/],
    [['global', 'display', 'x'], /takes no arguments/],
    [['stats', 'display', '--bogus'], /unrecognized option '--bogus'/],
    [['pool4', 'add', '--tcp', '--icmp', '192.0.2.1', '1'], /only one protocol is allowed per request, but got --tcp and --icmp/],
    [['pool4', 'add', '192.0.2.1'], /the command is missing a port \(or ICMP id\) range and a protocol/],
    [['pool4', 'add', '-t', '1', '2', '192.0.2.1'], /takes one port range, but got '1' and '2'/],
    [['instance', 'add', 'a', 'b', '--pool6', '64:ff9b::/96'], /takes one instance name/],
    [['file', 'handle', 'a', 'b'], /takes one file/],
    [['pool4', 'add', '-t', '192.0.2.1', '1', '--mark', '-1'], /'-1' is not a mark/],
  ])('%j is a usage error', (argv, message) => {
    expect(usage(...argv)).toMatch(message);
  });
});

describe('argp', () => {
  const options = [
    { name: 'tcp', short: 't', description: '' },
    { name: 'mark', value: 'INT', description: '' },
    { name: 'max-iterations', value: 'X', description: '' },
    { name: 'pool6', short: '6', value: 'P', description: '' },
  ];
  it('permutes, abbreviates, groups and ends at --', () => {
    const r = argp(['a', '--tc', 'b', '--mark=-5', '-t6', 'x', '-6y', '--max', 'z', '--', '--tcp'], options);
    expect(r.args).toEqual(['a', 'b', '--tcp']);
    expect(r.given.map((g) => [g.option.name, g.value, g.as])).toEqual([
      ['tcp', undefined, '--tcp'],
      ['mark', '-5', '--mark'],
      ['tcp', undefined, '-t'],
      ['pool6', 'x', '-6'],
      ['pool6', 'y', '-6'],
      ['max-iterations', 'z', '--max-iterations'],
    ]);
  });

  it('stops at the first positional when asked', () => {
    expect(argp(['-6', 'p', 'mode', '--tcp'], options, true)).toMatchObject({ rest: 2, args: [] });
  });

  it.each([
    [['--ma', '1'], "option '--ma' is ambiguous; possibilities: '--mark' '--max-iterations'"],
    [['--nope'], "unrecognized option '--nope'"],
    [['--tcp=1'], "option '--tcp' doesn't allow an argument"],
    [['--mark'], "option '--mark' requires an argument"],
    [['-x'], "invalid option -- 'x'"],
    [['-6'], "option requires an argument -- '6'"],
  ])('%j: %s', (argv, message) => {
    expect(() => argp(argv, options)).toThrow(new ArgpError(message));
  });

  it('matches labels as Jool does: exact wins, else the one prefix', () => {
    expect(matchLabel('s', ['stats', 'session'])).toEqual({ candidates: ['stats', 'session'] });
    expect(matchLabel('se', ['stats', 'session'])).toEqual({ label: 'session', candidates: ['session'] });
    expect(matchLabel('ab', ['ab', 'abc'])).toEqual({ label: 'ab', candidates: ['ab'] });
    expect(matchLabel('z', ['ab'])).toEqual({ candidates: [] });
  });
});

it('tells the syntaxes apart by their modes, whatever the order, and glued values of -i and -f from modes', async () => {
  const { speaksJool4 } = await import('../../src/cli/index');
  for (const argv of [['--bib'], ['-b', '-d'], ['-bn'], ['-s'], ['--session', '--count'], ['192.0.2.1#80', '--add', '-b', '::1#1'], ['-tb'], ['-4a']])
    expect(speaksJool4(argv), argv.join(' ')).toBe(false);
  for (const argv of [
    ['bib', 'display'],
    ['-isiit', 'p', 'd'],
    ['-fbs.json', 'bib', 'd'],
    ['-i', 'sb', 'b', 'd'],
    ['session', 'display'],
  ])
    expect(speaksJool4(argv), argv.join(' ')).toBe(true);
});
