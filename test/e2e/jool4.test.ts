// The Jool 4 dialect end to end: bin/jool spawned, exit status, stdout and stderr checked.
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from '../../src/state/format';
import { describe, expect, it } from 'vitest';
import { RELEASES } from '../../src/releases/releases';
import { jool, tempDir } from '../helpers';

const SEP = '+------------+-------+--------------------+-----------------+-------------+';
const HEAD = '|       Mark | Proto |     Max iterations |         Address |       Ports |';
const lines = (...l: string[]) => `${l.join('\n')}\n`;
const FIXTURES = resolve(__dirname, '..', 'fixtures');

function setup(extra: Record<string, string> = {}) {
  const dir = tempDir();
  const state = join(dir, 'pool4.json');
  const env = { JOOL_POOL4_STATE: state, JOOL_EPHEMERAL_RANGE: '32768 60999', ...extra };
  const run = (...args: string[]) => jool(args, env);
  return { dir, state, env, run };
}

// The same outputs under every 4.1 release: nothing here differs between them (version-facts 1.2).
describe.each(RELEASES.jool4)('display (as Jool %s)', (release) => {
  it('prints four lines for an empty table, two with --no-headers, and the header alone in CSV', () => {
    const { run } = setup({ JOOL_VERSION: release });
    expect(run('pool4', 'display')).toEqual({ status: 0, stdout: lines(SEP, HEAD, SEP, SEP), stderr: '' });
    expect(run('pool4', 'display', '--no-headers').stdout).toBe(lines(SEP, SEP));
    expect(run('pool4', 'display', '--csv').stdout).toBe('Mark,Protocol,Address,Min port,Max port,Iterations,Iterations fixed\n');
    expect(run('pool4', 'display', '--csv', '--no-headers').stdout).toBe('');
  });

  it('keeps the separators with --no-headers, shows marks descending, one sample per row', () => {
    const { run } = setup({ JOOL_VERSION: release });
    run('pool4', 'add', '--udp', '192.0.2.1', '7000-7999');
    run('pool4', 'add', '--udp', '192.0.2.1', '9000-9099', '--mark', '4294967295');
    run('pool4', 'add', '--udp', '192.0.2.2/31', '100-199', '--mark', '7');
    run('pool4', 'add', '--udp', '192.0.2.1', '5000-5009');
    expect(run('pool4', 'display', '--udp', '--no-headers').stdout).toBe(
      lines(
        SEP,
        '| 4294967295 |   UDP |       1024 ( auto) |       192.0.2.1 |  9000- 9099 |',
        SEP,
        '|          7 |   UDP |       1024 ( auto) |       192.0.2.2 |   100-  199 |',
        '|            |       |                    |       192.0.2.3 |   100-  199 |',
        SEP,
        '|          0 |   UDP |       1024 ( auto) |       192.0.2.1 |  5000- 5009 |',
        '|            |       |                    |       192.0.2.1 |  7000- 7999 |',
        SEP,
      ),
    );
    expect(run('pool4', 'display', '--udp', '--csv').stdout).toBe(
      [
        'Mark,Protocol,Address,Min port,Max port,Iterations,Iterations fixed',
        '4294967295,UDP,192.0.2.1,9000,9099,1024,0',
        '7,UDP,192.0.2.2,100,199,1024,0',
        '7,UDP,192.0.2.3,100,199,1024,0',
        '0,UDP,192.0.2.1,5000,5009,1024,0',
        '0,UDP,192.0.2.1,7000,7999,1024,0',
        '',
      ].join('\n'),
    );
    // TCP, the default protocol, is empty.
    expect(run('p', 'd').stdout).toBe(lines(SEP, HEAD, SEP, SEP));
  });

  it('shows the drifting counter: fusing counts nothing, a wrap shows 8192', () => {
    const { run } = setup({ JOOL_VERSION: release });
    run('pool4', 'add', '--icmp', '192.0.2.1', '1-10');
    run('pool4', 'add', '--icmp', '192.0.2.1', '5-100');
    run('pool4', 'remove', '--icmp', '192.0.2.1', '50-100');
    expect(run('pool4', 'display', '--icmp', '--csv', '--no-headers').stdout).toBe('0,ICMP,192.0.2.1,1,49,8192,0\n');
    // The Jool 3 dialect changes the same tables and the same counter.
    expect(run('--pool4', '--add', '--icmp', '192.0.2.2', '1-10').status).toBe(0);
    // Iterations belong to the table: both rows show its value.
    expect(run('pool4', 'display', '--icmp', '--csv', '--no-headers').stdout).toBe('0,ICMP,192.0.2.1,1,49,8192,0\n0,ICMP,192.0.2.2,1,10,8192,0\n');
  });
});

describe('abbreviations and the command line', () => {
  it('takes any unambiguous prefix of a mode and an operation', () => {
    const { run } = setup();
    expect(run('po', 'a', '--tcp', '192.0.2.1', '100-200').status).toBe(0);
    expect(run('p', 'd', '--csv', '--no-h').stdout).toBe('0,TCP,192.0.2.1,100,200,1024,0\n');
    expect(run('pool4', 'remove', '192.0.2.1', '150', '--q').status).toBe(0);
    expect(run('pool4', 'disp', '--csv', '--no-headers').stdout).toBe('0,TCP,192.0.2.1,100,149,1024,0\n0,TCP,192.0.2.1,151,200,1024,0\n');
    expect(run('i', 'a', '--pool6', '64:ff9b::/96').status).toBe(0);
    expect(run('ins', 'st').stdout).toBe('Running\n');
    expect(run('pool4', 'f').status).toBe(0);
    expect(run('p', 'd', '--csv').stdout).toBe('Mark,Protocol,Address,Min port,Max port,Iterations,Iterations fixed\n');
  });

  it('takes options anywhere among the arguments, = values, short flags and --', () => {
    const { run } = setup();
    expect(run('pool4', 'add', '192.0.2.1', '--mark=3', '100-200', '-t', '--max-iterations', 'infinity').status).toBe(0);
    expect(run('pool4', 'add', '-uf', '10.0.0.0/23', '--', '1-2').status).toBe(0);
    expect(run('pool4', 'display', '--csv', '--no-headers').stdout).toBe('3,TCP,192.0.2.1,100,200,infinite,1\n');
    expect(run('pool4', 'display', '-u', '--csv', '--no-headers').stdout.split('\n')).toHaveLength(512 + 1);
  });

  it.each([
    // [argv, exit status, stderr]
    [['pool4'], 2, "jool: pool4 needs an operation: display, add, remove or flush.\njool: Try 'jool pool4 --help'.\n"],
    [['s', 'display'], 2, "jool: 's' is ambiguous: it could be stats or session.\njool: Try 'jool --help'.\n"],
    [['pool5', 'display'], 2, "jool: unexpected 'pool5'; expected a mode: instance, stats, global, pool4, bib, session or file.\njool: Try 'jool --help'.\n"],
    [['pool4', 'display', '--tcp', '--udp'], 2, /^jool: pool4 display: only one protocol is allowed per request, but got --tcp and --udp\./],
    [['pool4', 'add', '-t', '-t', '192.0.2.1', '1'], 2, /only one protocol is allowed per request, but got -t and -t/],
    [
      ['pool4', 'add'],
      2,
      "jool: pool4 add: the command is missing an IPv4 prefix or address, a port (or ICMP id) range and a protocol (--tcp, --udp or --icmp).\njool: Try 'jool pool4 add --help'.\n",
    ],
    [['pool4', 'add', '--udp', '192.0.2.1'], 2, /the command is missing a port \(or ICMP id\) range\./],
    [['pool4', 'remove', '--udp', '1-2'], 2, /pool4 remove: the command is missing an IPv4 prefix or address\./],
    [['pool4', 'add', '--tcp', '192.0.2.1', '192.0.2.2', '1'], 2, /takes one IPv4 prefix, but got '192.0.2.1' and '192.0.2.2'/],
    [['pool4', 'display', 'extra'], 2, /pool4 display: takes no arguments, but got 'extra'/],
    [['pool4', 'display', '--bogus=1'], 2, /pool4 display: unrecognized option '--bogus'/],
    [['pool4', 'display', '-x'], 2, /pool4 display: invalid option -- 'x'/],
    [['pool4', 'add', '--tcp', '192.0.2.1', '1', '--ma', '2'], 2, /option '--ma' is ambiguous; possibilities: '--mark' '--max-iterations'/],
    [['pool4', 'add', '--tcp', '192.0.2.1', '1', '--mark'], 2, /option '--mark' requires an argument/],
    [['pool4', 'display', '--tcp=yes'], 2, /option '--tcp' doesn't allow an argument/],
    [['pool4', 'add', '--tcp', '192.0.2.1', '1', '--mark', '12abc'], 2, /pool4 add: --mark: '12abc' is not a mark/],
    [['pool4', 'add', '--tcp', '192.0.2.1', '1', '--max-iterations', '0'], 2, /'0' is not a max iterations value/],
    [['pool4', 'add', '--tcp', '192.0.2.1/24', '1'], 2, /has bits set past its length/],
    [['pool4', 'add', '--tcp', '01.2.3.4', '1'], 2, /'01.2.3.4' is not an IPv4 prefix/],
    [['pool4', 'add', '--tcp', '192.0.2.1', '70000'], 2, /'70000' is not a port range/],
    [['pool4', 'add', '--tcp', '192.0.2.0/23', '1-2'], 1, /holds 512 addresses.*\njool: Add --force if you mean it\./],
    [['pool4', 'add', '--tcp', '192.0.2.1', '0'], 1, /TCP has no port 0/],
    [
      ['pool4', 'add', '--udp', '192.0.2.1', '60000-61000'],
      1,
      "jool: UDP port range 60000-61000 intersects the ephemeral port range 32768-60999, whose ports the host's own connections use.\njool: Add --force to add it anyway (Jool 4.1.15 refuses it too), or choose ports outside that range.\n",
    ],
    [['-i', 'name-too-long-for-jool', 'pool4', 'display'], 2, /-i 'name-too-long-for-jool' is not an instance name/],
    [['--bogus', 'pool4', 'display'], 2, /unknown option '--bogus'/],
    [
      ['pool4', 'display', '--state', 'x.json'],
      2,
      "jool: pool4 display: --state goes before the mode, as Jool's global options do: jool --state <path> pool4 display ...\njool: Try 'jool pool4 display --help'.\n",
    ],
    [['file', 'handle'], 2, /file handle: the command is missing a file name\./],
    [['instance', 'add', '--pool6', '64:ff9b::/95'], 2, /pool6 must be \/32, \/40, \/48, \/56, \/64 or \/96/],
    [['instance', 'add'], 2, /instance add: the command is missing --pool6/],
    [['instance', 'add', '--pool6', '64:ff9b::/96', '--netfilter', '--iptables'], 2, /give --netfilter or --iptables, not both/],
    [['-i', 'a', 'instance', 'add', 'b', '--pool6', '64:ff9b::/96'], 2, /two different instance names/],
    [['instance', 'remove', 'nobody'], 1, "jool: there is no instance named 'nobody'.\njool: See the instances with jool instance display.\n"],
  ])('%j: exit %i', (argv, status, stderr) => {
    const { run, state } = setup();
    const r = run(...(argv as string[]));
    expect({ status: r.status, stdout: r.stdout }).toEqual({ status, stdout: '' });
    if (typeof stderr === 'string') expect(r.stderr).toBe(stderr);
    else expect(r.stderr).toMatch(stderr);
    expect(() => readFileSync(state)).toThrow(); // nothing was written
  });

  it('refuses a bad JOOL_EPHEMERAL_RANGE on add, and takes --force past the check', () => {
    const { run, env } = setup();
    expect(jool(['pool4', 'add', '--tcp', '192.0.2.1', '1'], { ...env, JOOL_EPHEMERAL_RANGE: 'low high' })).toMatchObject({
      status: 2,
      stderr: expect.stringContaining("JOOL_EPHEMERAL_RANGE='low high' is not an ephemeral port range"),
    });
    expect(run('pool4', 'add', '--tcp', '192.0.2.1', '1-65535', '--force').status).toBe(0);
    expect(jool(['pool4', 'add', '--tcp', '192.0.2.2', '40000'], { ...env, JOOL_EPHEMERAL_RANGE: '50000-60000' }).status).toBe(0);
    // ICMP identifiers are never checked.
    expect(run('pool4', 'add', '--icmp', '192.0.2.1', '0-65535').status).toBe(0);
  });

  it('prints help for the program and for an operation, and the version', () => {
    const { run } = setup();
    for (const argv of [['--help'], ['pool4', 'add', '--help'], ['-?']]) {
      const r = run(...argv);
      expect(r).toMatchObject({ status: 0, stderr: '' });
      expect(r.stdout).toContain('jool [-i <instance> | -f <file.json>] pool4 add [--mark <mark>] (--tcp | --udp | --icmp)');
    }
    expect(run('pool4', 'display', '-V').stdout).toMatch(/^jool \d+\.\d+\.\d+/);
  });
});

describe('instances', () => {
  it('adds, displays, removes and flushes them; pools are per instance', () => {
    const { run } = setup();
    const DIV = '+--------------------+-----------------+-----------+';
    expect(run('instance', 'display').stdout).toBe(lines(DIV, '|          Namespace |            Name | Framework |', DIV, DIV));
    expect(run('instance', 'add', '--netfilter', '--pool6', '64:ff9b::/96')).toEqual({ status: 0, stdout: '', stderr: '' });
    expect(run('instance', 'add', 'alpha', '--iptables', '--pool6', '2001:db8:0:0::/64').status).toBe(0);
    expect(run('-i', 'beta', 'pool4', 'add', '--tcp', '192.0.2.9', '100-200').status).toBe(0); // springs into being
    expect(run('instance', 'display').stdout).toBe(
      lines(
        DIV,
        '|          Namespace |            Name | Framework |',
        DIV,
        '|                  0 |         default | netfilter |',
        '|                  0 |           alpha |  iptables |',
        '|                  0 |            beta |   unknown |',
        DIV,
      ),
    );
    expect(run('instance', 'display', '--csv', '--no-headers').stdout).toBe('0,default,netfilter\n0,alpha,iptables\n0,beta,unknown\n');
    expect(run('instance', 'add', 'alpha', '--iptables', '--pool6', '64:ff9b::/96')).toMatchObject({ status: 1, stderr: expect.stringContaining("the instance 'alpha' already exists") });
    expect(run('instance', 'add', 'gamma', '--pool6', '64:ff9b::/96')).toMatchObject({ status: 1, stderr: expect.stringContaining('one Netfilter instance') });
    // beta sprang into being: adding it for real adopts it, pool and all.
    expect(run('instance', 'add', 'beta', '--iptables', '--pool6', '64:ff9b::/96').status).toBe(0);
    expect(run('-i', 'beta', 'pool4', 'display', '--csv', '--no-headers').stdout).toBe('0,TCP,192.0.2.9,100,200,1024,0\n');
    expect(run('pool4', 'display', '--csv', '--no-headers').stdout).toBe('');
    expect(run('--pool4', '--display', '--instance', 'beta').stdout).toBe('0\tTCP\t192.0.2.9\t100-200\n  (Fetched 1 entries.)\n');
    expect(run('-i', 'beta', 'instance', 'remove').status).toBe(0);
    expect(run('-i', 'beta', 'instance', 'status').stdout).toBe("Dead\n(Instance 'beta' does not exist.)\n");
    expect(run('-i', 'beta', 'pool4', 'display', '--csv', '--no-headers').stdout).toBe('');
    expect(run('instance', 'flush').status).toBe(0);
    expect(run('instance', 'display', '--csv').stdout).toBe('Namespace,Name,Framework\n');
  });

  it('flush empties every table of one instance and no other', () => {
    const { run } = setup();
    run('pool4', 'add', '--tcp', '192.0.2.1', '1-2');
    run('pool4', 'add', '--udp', '192.0.2.1', '1-2', '--mark', '5');
    run('-i', 'other', 'pool4', 'add', '--tcp', '192.0.2.1', '1-2');
    expect(run('pool4', 'flush', '--quick').status).toBe(0);
    expect(run('--pool4', '--count').stdout).toBe('tables: 0\nsamples: 0\ntransport addresses: 0\n');
    expect(run('--pool4', '--count', '--instance', 'other').stdout).toBe('tables: 1\nsamples: 1\ntransport addresses: 2\n');
  });
});

describe('file handle', () => {
  const manual = join(FIXTURES, 'jool-manual-nat64.json');

  it("applies the manual's configuration: comments, defaults, max-iterations, its BIB", () => {
    const { run } = setup();
    expect(run('file', 'handle', manual)).toEqual({ status: 0, stdout: '', stderr: '' });
    expect(run('-f', manual, 'bib', 'display', '--numeric').stdout).toBe('[Static TCP] 192.0.2.1#80 - 2001:db8::1#80\n');
    expect(run('-f', manual, 'bib', 'display', '--numeric', '--udp').stdout).toBe('[Static UDP] 192.0.2.1#61500 - 2001:db8::2#10000\n');
    expect(run('-f', manual, 'bib', 'display', '--numeric', '--icmp').stdout).toBe('[Static ICMP] 192.0.2.1#1044 - 2001:db8:aaaa::1#44\n');
    expect(run('-f', manual, 'pool4', 'display', '--csv', '--no-headers').stdout).toBe('0,TCP,192.0.2.1,80,80,1024,0\n0,TCP,192.0.2.1,61001,65535,1024,0\n');
    expect(run('-i', 'sample-nat64', 'p', 'd', '--udp').stdout).toBe(lines(SEP, HEAD, SEP, '|          0 |   UDP |       1500 (fixed) |       192.0.2.1 | 61001-62000 |', SEP));
    expect(run('instance', 'display', '--csv', '--no-headers').stdout).toBe('0,sample-nat64,netfilter\n');
    // Handling it again replaces the pool, it does not add to it.
    run('-i', 'sample-nat64', 'pool4', 'add', '--icmp', '198.51.100.1', '1-2');
    expect(run('-i', 'sample-nat64', 'file', 'handle', manual).status).toBe(0);
    expect(run('--pool4', '--count', '--instance', 'sample-nat64').stdout).toBe('tables: 3\nsamples: 4\ntransport addresses: 6537\n');
  });

  it('an absent or empty pool4 empties the pool; a missing instance is created', () => {
    const { run, dir } = setup();
    const file = join(dir, 'minimal.json');
    writeFileSync(file, '{"instance": "nat64-minimal", "framework": "netfilter", "global": {"pool6": "64:ff9b::/96"}}');
    run('-i', 'nat64-minimal', 'pool4', 'add', '--tcp', '192.0.2.1', '1-2');
    expect(run('file', 'handle', file).status).toBe(0);
    expect(run('--pool4', '--count', '--instance', 'nat64-minimal').stdout).toBe('tables: 0\nsamples: 0\ntransport addresses: 0\n');
    expect(run('instance', 'display', '--csv', '--no-headers').stdout).toBe('0,nat64-minimal,netfilter\n');
  });

  it('refuses ephemeral ports unless --force, and has no /24 rule', () => {
    const { run, dir } = setup();
    const file = join(dir, 'wide.json');
    writeFileSync(file, JSON.stringify({ instance: 'w', framework: 'iptables', global: { pool6: '64:ff9b::/96' }, pool4: [{ protocol: 'UDP', prefix: '10.0.0.0/16', 'port range': '1000-40000' }] }));
    expect(run('file', 'handle', file)).toMatchObject({ status: 1, stderr: expect.stringContaining(`'${file}', pool4[0]: UDP port range 1000-40000 intersects the ephemeral port range 32768-60999`) });
    expect(run('file', 'handle', file, '--force').status).toBe(0);
    expect(run('--pool4', '--count', '--instance', 'w').stdout).toBe('tables: 1\nsamples: 65536\ntransport addresses: 2555969536\n');
  });

  const config = (extra: object, pool4?: unknown) =>
    JSON.stringify({ instance: 'sample-nat64', framework: 'netfilter', global: { pool6: '64:ff9b::/96' }, ...(pool4 === undefined ? {} : { pool4 }), ...extra });
  it.each([
    ['not JSON', '{"instance": ', /is not valid JSON: the text ends where a value should be at line 1, column 14/],
    ['trailing garbage', `${config({})} x`, /unexpected text after the JSON value/],
    ['a leading zero', config({}, [{ protocol: 'TCP', prefix: '192.0.2.1' }]).replace('"TCP"', '"TCP", "mark": 01'), /a number with a leading zero/],
    ['not an object', '[]', /is an array, not a JSON object/],
    ['no instance', JSON.stringify({ framework: 'netfilter', global: { pool6: '64:ff9b::/96' } }), /has no "instance"/],
    ['an unknown key', config({ pool6: [] }), /the top level: unknown key 'pool6'/],
    ['an SIIT key', config({ eamt: [] }), /the top level: 'eamt' is SIIT's \(jool_siit\); a NAT64 instance has none/],
    ['a repeated key', config({ Instance: 'x' }), /the key 'Instance' is repeated/],
    ['a bad framework', config({ framework: 'nftables' }), /framework: "nftables" is not "netfilter" or "iptables"/],
    ['no pool6', config({ global: { 'lowest-ipv6-mtu': 1280 } }), /global: has no "pool6"/],
    ['a bad pool6', config({ global: { pool6: '64:ff9b::/95' } }), /global.pool6: "64:ff9b::\/95" has length \/95/],
    ['pool4 not an array', config({}, {}), /pool4: is an object, not an array/],
    ['an entry without protocol', config({}, [{ prefix: '192.0.2.1' }]), /pool4\[0\]: the protocol is missing/],
    ['an unknown protocol', config({}, [{ protocol: 'SCTP', prefix: '192.0.2.1' }]), /pool4\[0\]: the protocol 'SCTP' is unknown/],
    ['a mark above 2^32 - 1', config({}, [{ protocol: 'TCP', prefix: '192.0.2.1', mark: 4294967296 }]), /"mark" is not a whole number/],
    ['a fractional mark', config({}, [{ protocol: 'TCP', prefix: '192.0.2.1', mark: 1.5 }]), /"mark" is not a whole number/],
    ['max-iterations 0', config({}, [{ protocol: 'TCP', prefix: '192.0.2.1', 'max-iterations': 0 }]), /"max-iterations" 0 is not "auto", "infinity"/],
    ['a port range number', config({}, [{ protocol: 'TCP', prefix: '192.0.2.1', 'port range': 80 }]), /"port range" is a number, not a string/],
    [
      'an unknown entry key',
      config({}, [
        { protocol: 'TCP', prefix: '192.0.2.1' },
        { protocol: 'TCP', prefix: '192.0.2.1', colour: 1 },
      ]),
      /pool4\[1\]: unknown key 'colour'/,
    ],
    ['a bad prefix', config({}, [{ protocol: 'TCP', prefix: '192.0.2.1/24' }]), /pool4\[0\]: '192.0.2.1\/24' has bits set past its length/],
    ['TCP port 0 alone', config({}, [{ protocol: 'TCP', prefix: '192.0.2.1', 'port range': '0' }]), /pool4\[0\]: TCP has no port 0/],
  ])('refuses a file with %s, naming the file and the place, and changes nothing', (_name, text, message) => {
    const { run, dir, state } = setup();
    run('file', 'handle', manual);
    const before = readFileSync(state);
    const file = join(dir, 'bad.json');
    writeFileSync(file, text);
    const r = run('file', 'handle', file);
    expect({ status: r.status, stdout: r.stdout }).toEqual({ status: 1, stdout: '' });
    expect(r.stderr).toMatch(new RegExp(`^jool: '${file.replace(/[.]/g, '\\.')}'`));
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toMatch(/\njool: Nothing was changed\.\n$/);
    expect(readFileSync(state)).toEqual(before);
  });

  it('refuses an unreadable file, a name that is not -i, and a framework change', () => {
    const { run, dir } = setup();
    expect(run('file', 'handle', join(dir, 'none.json'))).toMatchObject({ status: 1, stderr: expect.stringContaining("none.json' cannot be read: no such file or directory") });
    expect(run('-i', 'other', 'file', 'handle', manual)).toMatchObject({ status: 1, stderr: expect.stringContaining("instance: is 'sample-nat64', but the command line names the instance 'other'") });
    expect(run('file', 'handle', manual).status).toBe(0);
    const iptables = join(dir, 'iptables.json');
    writeFileSync(iptables, readFileSync(manual, 'utf8').replace('"netfilter"', '"iptables"'));
    expect(run('file', 'handle', iptables)).toMatchObject({ status: 1, stderr: expect.stringContaining("Jool cannot change an instance's framework") });
  });
});

// The same outputs under every 4.1 release: nothing here differs between them (version-facts 1.2).
describe.each(RELEASES.jool4)('version 1 state files (as Jool %s)', (release) => {
  it('reads one as the instance default, auto tables counting their true size, an empty BIB, and writes version 4 on the next change', () => {
    const { run, state } = setup({ JOOL_VERSION: release });
    copyFileSync(join(FIXTURES, 'version1-pool4.json'), state);
    expect(run('--pool4', '--count').stdout).toBe('tables: 5\nsamples: 65800\ntransport addresses: 65565429\n');
    expect(run('pool4', 'display', '--tcp').stdout).toBe(
      lines(
        SEP,
        HEAD,
        SEP,
        '|          1 |   TCP |       1024 ( auto) |       192.0.2.2 |  8000- 8999 |',
        SEP,
        '|          0 |   TCP |       1024 ( auto) |       192.0.2.1 | 60001-65535 |',
        '|            |       |                    |       192.0.2.2 |  7000- 7999 |',
        '|            |       |                    |       192.0.2.4 | 60001-65535 |',
        '|            |       |                    |       192.0.2.5 | 60001-65535 |',
        SEP,
      ),
    );
    // 65,535,999 UDP transport addresses: 65535999 >> 7 is past 8192.
    expect(run('pool4', 'display', '--udp', '--csv', '--no-headers').stdout.split('\n')[0]).toBe('0,UDP,10.0.0.0,1000,1999,8192,0');
    expect(readFileSync(state, 'utf8')).toContain('"version": 1');
    expect(run('--pool4', '--remove', '--icmp', '192.0.2.1').status).toBe(0);
    const written = JSON.parse(readFileSync(state, 'utf8'));
    expect(written).toMatchObject({ version: 4, instances: [{ name: 'default', bib: [] }] });
    expect(parse(readFileSync(state, 'utf8')).instances[0].pool.tables.map((t) => t.counter)).toEqual([65536 * 1000 - 256 + 5535, 3 * 5535 + 1000, 1000, 10]);
    expect(run('--pool4', '--count').stdout).toBe('tables: 4\nsamples: 65799\ntransport addresses: 65559894\n');
  });
});

describe('bridges', () => {
  it("imports Jool 4's CSV, taking its iterations, and --display --json goes into file handle unchanged", () => {
    const { run, dir } = setup();
    const csv = join(dir, 'pool4.csv');
    writeFileSync(
      csv,
      [
        'Mark,Protocol,Address,Min port,Max port,Iterations,Iterations fixed',
        '0,TCP,192.0.2.1,80,80,1024,0',
        '0,TCP,192.0.2.1,61001,65535,1024,0',
        '2,UDP,192.0.2.5,61001,62000,1500,1',
        '3,ICMP,192.0.2.6,0,9,infinite,1',
        '',
      ].join('\n'),
    );
    expect(run('--pool4', '--import', csv)).toEqual({ status: 0, stdout: '', stderr: '' });
    expect(run('pool4', 'display', '--udp', '--csv', '--no-headers').stdout).toBe('2,UDP,192.0.2.5,61001,62000,1500,1\n');
    const json = run('--pool4', '--display', '--json');
    expect(json.stdout).toContain('"port range": "61001-62000",\n      "max-iterations": 1500\n');
    expect(json.stdout).toContain('"max-iterations": "infinity"');
    const file = join(dir, 'config.json');
    // Its members go into a configuration as they are.
    writeFileSync(file, `{ "instance": "copy", "framework": "iptables", "global": { "pool6": "64:ff9b::/96" }, ${json.stdout.trim().slice(1)}`);
    expect(run('file', 'handle', file, '--force').status).toBe(0);
    for (const p of ['--tcp', '--udp', '--icmp']) {
      expect(run('-i', 'copy', 'pool4', 'display', p).stdout).toBe(run('pool4', 'display', p).stdout);
    }
  });

  it("imports the manual's whole configuration into the current instance", () => {
    const { run } = setup();
    expect(run('--pool4', '--import', join(FIXTURES, 'jool-manual-nat64.json'))).toEqual({ status: 0, stdout: '', stderr: '' });
    expect(run('--pool4', '--display', '--csv').stdout).toBe(
      ['Mark,Protocol,Address,Min port,Max port', '0,ICMP,192.0.2.1,1000,2000', '0,UDP,192.0.2.1,61001,62000', '0,TCP,192.0.2.1,80,80', '0,TCP,192.0.2.1,61001,65535', ''].join('\n'),
    );
  });

  it('says what went wrong with --import --replace FILE', () => {
    const { run } = setup();
    expect(run('--pool4', '--import', '--replace', 'pool4.csv')).toMatchObject({
      status: 2,
      stderr: "jool: --import took '--replace' as its file name: the file must come right after --import, e.g. jool --pool4 --import FILE --replace.\njool: Try 'jool --help'.\n",
    });
  });
});
