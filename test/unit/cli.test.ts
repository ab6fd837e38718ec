import { describe, expect, it } from 'vitest';
import { usageMessage } from '../helpers';
import { parseArgs, type Request } from '../../src/cli';
import { JoolError } from '../../src/errors';

const environment = { env: { JOOL_POOL4_STATE: '/s/pool4.json' }, home: '/home/op' };
const parse = (...argv: string[]) => parseArgs(argv, environment);
const usage = (...argv: string[]) => usageMessage(() => parse(...argv), argv);
const ALL = ['ICMP', 'UDP', 'TCP'];

describe('operations', () => {
  it('displays by default', () => {
    expect(parse('--pool4')).toEqual({ operation: 'display', state: '/s/pool4.json', lockTimeoutMs: 10000, release: '4.1.15', instance: 'default', format: 'tabs', filter: {} });
  });

  it('reads add with its defaults', () => {
    expect(parse('--pool4', '--add', '192.0.2.1')).toMatchObject({
      operation: 'add',
      force: false,
      entry: { mark: 0, protocols: ALL, prefix: { address: 0xc0000201, length: 32 }, ports: [60001, 65535] },
    });
  });

  it('removes every port by default', () => {
    expect(parse('--pool4', '--remove', '192.0.2.1')).toMatchObject({ operation: 'remove', entry: { ports: [0, 65535] } });
  });

  it('takes flags and arguments in any order', () => {
    const want = parse('--pool4', '--add', '--mark', '1', '--tcp', '192.0.2.2', '7000-7999');
    expect(parse('7000-7999', '--tcp', '192.0.2.2', '--mark', '1', '--add', '--pool4')).toEqual(want);
    expect(parse('-4', '-a', '-m', '1', '-t', '7000-7999', '192.0.2.2')).toEqual(want);
    expect(parse('-4a', '-m1', '-t', '192.0.2.2', '7999-7000')).toEqual(want);
  });

  it('reads every short flag', () => {
    expect(parse('-4', '-d').operation).toBe('display');
    expect(parse('-4', '-c').operation).toBe('count');
    expect(parse('-4', '-f', '-q').operation).toBe('flush');
    expect(parse('-4', '-r', '-q', '-u', '-i', '192.0.2.0/24')).toMatchObject({ operation: 'remove', entry: { protocols: ['ICMP', 'UDP'] } });
    expect(parse('-h')).toEqual({ operation: 'help' });
    expect(parse('-V')).toEqual({ operation: 'version', release: '4.1.15' });
  });

  it('filters display by mark and protocol', () => {
    expect(parse('-4', '--csv', '--mark', '3', '--udp')).toMatchObject({ operation: 'display', format: 'csv', filter: { mark: 3, protocols: ['UDP'] } });
  });

  it('accepts the same operation twice', () => {
    expect(parse('-4', '--add', '-a', '192.0.2.1').operation).toBe('add');
  });
});

describe('state path', () => {
  const at = (argv: string[], env: Record<string, string>) => (parseArgs(['-4', ...argv], { env, home: '/home/op' }) as Request & { state: string }).state;
  it('prefers --state, then JOOL_POOL4_STATE, then XDG_STATE_HOME, then ~/.local/state', () => {
    const env = { JOOL_POOL4_STATE: '/env.json', XDG_STATE_HOME: '/xdg' };
    expect(at(['--state', '/flag.json'], env)).toBe('/flag.json');
    expect(at([], env)).toBe('/env.json');
    expect(at([], { XDG_STATE_HOME: '/xdg' })).toBe('/xdg/jool/pool4.json');
    expect(at([], {})).toBe('/home/op/.local/state/jool/pool4.json');
    expect(at([], { XDG_STATE_HOME: 'relative' })).toBe('/home/op/.local/state/jool/pool4.json');
    expect(at([], { JOOL_POOL4_STATE: '' })).toBe('/home/op/.local/state/jool/pool4.json');
  });
});

describe('usage errors (exit 2) name what is wrong', () => {
  it.each([
    [['--display'], /give a mode: --pool4 \(or -4\), --bib \(-b\), --session \(-s\), --pool6 \(-6\) or --global \(-g\)/],
    [[], /give a mode: --pool4/],
    [['--eamt', '--display'], /--eamt is not provided: this jool provides --pool4, --bib, --session, --pool6 and --global/],
    [['-4', '--bib'], /--pool4 and --bib are both modes; give one/],
    [['--bib', '--flush'], /--flush does not go with --bib; its operations are --display, --count, --add, --remove/],
    [['--session', '--add'], /--add does not go with --session; its operations are --display, --count/],
    [['--bib', '--mark', '1'], /--mark does not go with --bib --display; it is not an option of --bib/],
    [['--bib', '--count', '--csv'], /--csv does not go with --bib --count; it goes with --display/],
    [['--bib', '--add', '--numeric', '192.0.2.1#80', '2001:db8::1#80'], /--numeric does not go with --bib --add; it goes with --display/],
    [['--pool4', '--numeric'], /--numeric does not go with --display; it is not an option of --pool4/],
    [['--bib', '--add', '192.0.2.1#80'], /--bib --add needs an IPv6 transport address \(<bib6>, e\.g\. 2001:db8::1#80\)\./],
    [['--bib', '--add'], /needs an IPv6 transport address .* and an IPv4 transport address/],
    [['--bib', '--remove'], /--bib --remove needs an IPv4 transport address .*, an IPv6 one .*, or both/],
    [['--bib', '--add', '192.0.2.1#80', '192.0.2.2#80'], /--bib --add takes one IPv4 transport address, but got two \(the second is '192\.0\.2\.2#80'\)/],
    [['--bib', '--add', '2001:db8::1#80', '2001:db8::2#80'], /takes one IPv6 transport address, but got two/],
    [['--bib', '--add', '80', '2001:db8::2#80'], /got '80', which is not a transport address/],
    [['--bib', '--add', '192.0.2.1', '2001:db8::1#80'], /'192\.0\.2\.1' is not an IPv4 transport address: expected <IPv4 address>#<port>/],
    [['--bib', '--add', '192.0.2.1#80', '[2001:db8::1]#80'], /'\[2001:db8::1\]#80' is not an IPv6 transport address/],
    [['--bib', '--add', '192.0.2.1#80abc', '2001:db8::1#80'], /'192\.0\.2\.1#80abc' is not an IPv4/],
    [['--bib', '--add', '192.0.2.1#65536', '2001:db8::1#80'], /is not an IPv4 transport address/],
    [['--bib', '--add', '192.0.2.1##80', '2001:db8::1#80'], /is not an IPv4 transport address/],
    [['--bib', '--add', '192.0.2.1#80', 'fe80::1%eth0#80'], /is not an IPv6 transport address/],
    [['-4', '--add', '--remove', '192.0.2.1'], /--add and --remove are both operations/],
    [['-4', '--display', '--count'], /--display and --count are both operations/],
    [['-4', '--count', '--csv'], /--csv does not go with --count; it goes with --display/],
    [['-4', '--add', '--csv', '192.0.2.1'], /--csv does not go with --add/],
    [['-4', '--count', '--mark', '1'], /--mark does not go with --count/],
    [['-4', '--flush', '--tcp'], /--tcp does not go with --flush/],
    [['-4', '--remove', '--force', '192.0.2.1'], /--force does not go with --remove/],
    [['-4', '--add', '--quick', '192.0.2.1'], /--quick does not go with --add/],
    [['-4', '--display', '--quick'], /--quick does not go with --display/],
    [['-4', '--add'], /--add needs an IPv4 prefix/],
    [['-4', '--remove', '80'], /--remove needs an IPv4 prefix \(got only '80'/],
    [['-4', '--add', '192.0.2.1', '192.0.2.2'], /one IPv4 prefix, but got '192.0.2.1' and '192.0.2.2'/],
    [['-4', '--add', '192.0.2.1', '1', '2'], /one port range, but got '1' and '2'/],
    [['-4', '--count', '192.0.2.1'], /--count takes no arguments, but got '192.0.2.1'/],
    [['-4', '--flush', 'x'], /--flush takes no arguments/],
    [['-4', '--bogus'], /unknown option '--bogus'/],
    [['-4', '--add', '192.0.2.1', '-5'], /unknown option '-5': marks and ports cannot be negative/],
    [['-4', '--mark'], /--mark <mark>' argument missing/],
    [['-4', '--add', '--mark', 'x', '192.0.2.1'], /'x' is not a mark/],
    [['-4', '--add', '192.0.2.1', '70000'], /'70000' is not a port range/],
    [['-4', '--add', '192.0.2.1/24'], /'192.0.2.1\/24' has bits set past its length/],
    [['-4', '--add', '192.0.2'], /'192.0.2' is not an IPv4 prefix/],
    [['-4', '--state', ''], /--state '' is empty/],
  ])('%j', (argv, message) => {
    expect(usage(...argv)).toMatch(message);
  });

  it('checks JOOL_POOL4_LOCK_TIMEOUT', () => {
    expect(() => parseArgs(['-4'], { env: { JOOL_POOL4_LOCK_TIMEOUT: 'soon' }, home: '/' })).toThrow(JoolError);
    expect(parseArgs(['-4'], { env: { JOOL_POOL4_LOCK_TIMEOUT: '2.5' }, home: '/' })).toMatchObject({ lockTimeoutMs: 2500 });
  });
});
