// The static BIB and the sessions end to end (SPEC 9, bib-facts.md): bin/jool spawned, exit status,
// stdout and stderr checked byte for byte, and the state file unchanged by every refusal.
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { jool, docSteps, runSteps, tempDir } from '../helpers';

const FIXTURES = resolve(__dirname, '..', 'fixtures');
const MANUAL = join(FIXTURES, 'jool-manual-nat64.json');
const OPENWRT = join(FIXTURES, 'openwrt-sample-nat64.json');
const lines = (...l: string[]) => `${l.join('\n')}\n`;
/** What getnameinfo calls port 80 here: the services file is the host's. */
const HTTP = existsSync('/etc/services') && /^http\s+80\/tcp/m.test(readFileSync('/etc/services', 'utf8')) ? 'http' : '80';

function setup(extra: Record<string, string> = {}) {
  const dir = tempDir();
  const state = join(dir, 'pool4.json');
  // Names come from a hosts file of the test's: no network resolver is asked.
  const hosts = join(dir, 'hosts');
  writeFileSync(hosts, '6::6 potato.mx\n2001:db8::6 potato.mx\n');
  const env = { JOOL_POOL4_STATE: state, JOOL_EPHEMERAL_RANGE: '32768 60999', JOOL_HOSTS_FILE: hosts, ...extra };
  const run = (...args: string[]) => jool(args, env);
  return { dir, state, env, run };
}

const ok = (stdout = '') => ({ status: 0, stdout, stderr: '' });

describe("Jool 3's --bib, as its page shows it", () => {
  it('adds, displays with and without names, in CSV, counts and removes', () => {
    const { run } = setup();
    expect(run('--pool4', '--add', '4.4.4.4', '1-10000')).toEqual(ok());
    expect(run('--bib', '--add', '--tcp', '6::6#6', '4.4.4.4#4')).toEqual(ok('TCP:\nThe BIB entry was added successfully.\n'));
    expect(run('--bib', '--add', '--tcp', '6::6#66', '4.4.4.4#44')).toEqual(ok('TCP:\nThe BIB entry was added successfully.\n'));
    expect(run('--bib', '--display', '--tcp')).toEqual(ok(lines('TCP:', '[Static] 4.4.4.4#4 - potato.mx#6', '[Static] 4.4.4.4#44 - potato.mx#66', '  (Fetched 2 entries.)')));
    expect(run('--bib', '--display', '--tcp', '--numeric')).toEqual(ok(lines('TCP:', '[Static] 4.4.4.4#4 - 6::6#6', '[Static] 4.4.4.4#44 - 6::6#66', '  (Fetched 2 entries.)')));
    expect(run('--bib', '--add', '--udp', '6::6#6666', '4.4.4.4#4444')).toEqual(ok('UDP:\nThe BIB entry was added successfully.\n'));
    expect(run('--bib')).toEqual(
      ok(
        lines(
          'TCP:',
          '[Static] 4.4.4.4#4 - potato.mx#6',
          '[Static] 4.4.4.4#44 - potato.mx#66',
          '  (Fetched 2 entries.)',
          'UDP:',
          '[Static] 4.4.4.4#4444 - potato.mx#6666',
          '  (Fetched 1 entries.)',
          'ICMP:',
          '  (empty)',
        ),
      ),
    );
    expect(run('--bib', '--display', '--numeric', '--csv')).toEqual(
      ok(lines('Protocol,IPv6 Address,IPv6 L4-ID,IPv4 Address,IPv4 L4-ID,Static?', 'TCP,6::6,6,4.4.4.4,4,1', 'TCP,6::6,66,4.4.4.4,44,1', 'UDP,6::6,6666,4.4.4.4,4444,1')),
    );
    expect(run('--bib', '--csv', '--icmp').stdout).toBe('Protocol,IPv6 Address,IPv6 L4-ID,IPv4 Address,IPv4 L4-ID,Static?\n');
    expect(run('--bib', '--count', '--tcp', '--icmp')).toEqual(ok('TCP: 2\nICMP: 0\n'));
    expect(run('-b', '-c')).toEqual(ok('TCP: 2\nUDP: 1\nICMP: 0\n'));
    expect(run('--bib', '--remove', '--udp', '6::6#6666')).toEqual(ok('UDP:\nThe BIB entry was removed successfully.\n'));
    expect(run('--bib', '--count', '--udp')).toEqual(ok('UDP: 0\n'));
  });

  it('takes its arguments in any order, resolves names in CSV too, and adds to all three tables without a protocol flag', () => {
    const { run } = setup();
    run('--pool4', '--add', '192.0.2.4', '80');
    expect(run('192.0.2.4#80', '--add', '2001:DB8:0::6#80', '-b')).toEqual(
      ok('TCP:\nThe BIB entry was added successfully.\nUDP:\nThe BIB entry was added successfully.\nICMP:\nThe BIB entry was added successfully.\n'),
    );
    expect(run('--bib', '--csv').stdout).toBe(
      lines('Protocol,IPv6 Address,IPv6 L4-ID,IPv4 Address,IPv4 L4-ID,Static?', `TCP,potato.mx,${HTTP},192.0.2.4,80,1`, `UDP,potato.mx,${HTTP},192.0.2.4,80,1`, 'ICMP,potato.mx,80,192.0.2.4,80,1'),
    );
    // By either side or both, each protocol that has it; the others print their heading alone.
    expect(run('--bib', '--remove', '--tcp', '192.0.2.4#80')).toEqual(ok('TCP:\nThe BIB entry was removed successfully.\n'));
    expect(run('--bib', '--remove', '2001:db8::6#80', '192.0.2.4#80')).toEqual(ok('TCP:\nUDP:\nThe BIB entry was removed successfully.\nICMP:\nThe BIB entry was removed successfully.\n'));
    expect(run('--bib', '--numeric')).toEqual(ok(lines('TCP:', '  (empty)', 'UDP:', '  (empty)', 'ICMP:', '  (empty)')));
  });
});

describe("Jool 4's bib, as its page shows it", () => {
  it('adds, displays, CSV with and without headers, abbreviations, removes', () => {
    const { run } = setup();
    run('pool4', 'add', '--tcp', '192.0.2.4', '1-100');
    run('pool4', 'add', '--udp', '192.0.2.4', '4000-4999');
    expect(run('bib', 'display')).toEqual(ok());
    expect(run('bib', 'add', '2001:db8::6#6', '192.0.2.4#4', '--tcp')).toEqual(ok());
    expect(run('bib', 'add', '2001:db8::6#66', '192.0.2.4#44', '--tcp')).toEqual(ok());
    expect(run('bib', 'display', '--tcp')).toEqual(ok(lines('[Static TCP] 192.0.2.4#4 - potato.mx#6', '[Static TCP] 192.0.2.4#44 - potato.mx#66')));
    expect(run('b', 'd', '--numeric')).toEqual(ok(lines('[Static TCP] 192.0.2.4#4 - 2001:db8::6#6', '[Static TCP] 192.0.2.4#44 - 2001:db8::6#66')));
    expect(run('bib', 'display', '--tcp', '--numeric', '--csv').stdout).toBe(
      lines('Protocol,IPv6 Address,IPv6 L4-ID,IPv4 Address,IPv4 L4-ID,Static?', 'TCP,2001:db8::6,6,192.0.2.4,4,1', 'TCP,2001:db8::6,66,192.0.2.4,44,1'),
    );
    expect(run('bib', 'display', '--csv', '--no-headers', '--num').stdout).toBe(lines('TCP,2001:db8::6,6,192.0.2.4,4,1', 'TCP,2001:db8::6,66,192.0.2.4,44,1'));
    expect(run('bib', 'display', '--no-headers', '--numeric').stdout).toBe(lines('[Static TCP] 192.0.2.4#4 - 2001:db8::6#6', '[Static TCP] 192.0.2.4#44 - 2001:db8::6#66'));
    expect(run('bib', 'add', '2001:db8::6#6666', '192.0.2.4#4444', '--udp')).toEqual(ok());
    // An identical re-add succeeds, silently.
    expect(run('bib', 'add', '--udp', '192.0.2.4#4444', '2001:db8::6#6666')).toEqual(ok());
    expect(run('bib', 'display', '-u', '--numeric')).toEqual(ok('[Static UDP] 192.0.2.4#4444 - 2001:db8::6#6666\n'));
    // --numeric is long only in Jool 4 (ARGP_NUMERIC has no letter).
    expect(run('bib', 'display', '-n')).toMatchObject({ status: 2, stderr: expect.stringContaining("invalid option -- 'n'") });
    expect(run('bib', 'remove', '--udp', '2001:db8::6#6666')).toEqual(ok());
    expect(run('bib', 'display', '--udp')).toEqual(ok());
    expect(run('bib', 'remove', '192.0.2.4#44')).toEqual(ok());
    expect(run('bib', 'remove', '192.0.2.4#4', '2001:db8::6#6')).toEqual(ok());
    expect(run('bib', 'display')).toEqual(ok());
  });

  it('works on the instance of -i and -f, and instance remove takes its BIB', () => {
    const { run } = setup();
    run('instance', 'add', 'other', '--iptables', '--pool6', '64:ff9b::/96');
    run('-i', 'other', 'pool4', 'add', '--icmp', '192.0.2.9', '0-9');
    expect(run('-i', 'other', 'bib', 'add', '--icmp', '192.0.2.9#0', '::9#9')).toEqual(ok());
    expect(run('bib', 'display', '--icmp', '--numeric')).toEqual(ok());
    expect(run('--bib', '--instance', 'other', '--numeric', '--icmp')).toEqual(ok(lines('ICMP:', '[Static] 192.0.2.9#0 - ::9#9', '  (Fetched 1 entries.)')));
    run('instance', 'remove', 'other');
    expect(run('-i', 'other', 'bib', 'display', '--icmp')).toEqual(ok());
  });
});

describe('every refusal: its status, one message on stderr, nothing on stdout, the state as it was', () => {
  function seeded() {
    const s = setup();
    s.run('--pool4', '--add', '--tcp', '192.0.2.1', '1-100');
    s.run('--pool4', '--add', '--mark', '9', '--udp', '192.0.2.1', '50-60');
    s.run('bib', 'add', '--tcp', '192.0.2.1#80', '2001:db8::1#80');
    return s;
  }

  it.each([
    // [argv, status, stderr]
    [
      ['--bib', '--add', '--tcp', '192.0.2.1#101', '2001:db8::9#1'],
      1,
      /^jool: TCP transport address 192\.0\.2\.1#101 does not belong to pool4: no TCP sample of pool4, of any mark, holds it\.\njool: Add it to pool4 first: jool pool4 add --tcp 192\.0\.2\.1 101-101 \(or jool --pool4 --add --tcp 192\.0\.2\.1 101\)\.\n$/,
    ],
    // Jool 3 without a protocol flag: all three, or none.
    [['--bib', '--add', '192.0.2.1#55', '2001:db8::9#1'], 1, /^jool: ICMP transport address 192\.0\.2\.1#55 does not belong to pool4/],
    [['bib', 'add', '--udp', '192.0.2.1#49', '2001:db8::9#1'], 1, /UDP transport address 192\.0\.2\.1#49 does not belong to pool4/],
    [['bib', 'add', '192.0.2.1#0', '2001:db8::9#1'], 1, /TCP transport address 192\.0\.2\.1#0 does not belong to pool4/],
    [
      ['bib', 'add', '192.0.2.1#81', '2001:db8::1#80'],
      1,
      /^jool: entry \[2001:db8::1#80, 192\.0\.2\.1#81, TCP\] collides with \[2001:db8::1#80, 192\.0\.2\.1#80, TCP\]: each IPv4 and each IPv6 transport address maps to one entry per protocol\.\njool: Remove the existing entry first \(jool bib remove --tcp 192\.0\.2\.1#80\), or choose other transport addresses\.\n$/,
    ],
    [['bib', 'add', '192.0.2.1#80', '2001:db8::2#80'], 1, /collides with \[2001:db8::1#80, 192\.0\.2\.1#80, TCP\]/],
    [['--bib', '--add', '--tcp', '192.0.2.1#80', '2001:db8::1#80'], 1, /^jool: the TCP BIB already holds \[2001:db8::1#80, 192\.0\.2\.1#80, TCP\]; Jool 3 refuses to add it twice\.\n$/],
    [['bib', 'remove', '192.0.2.1#81'], 1, /^jool: the entry wasn't in the database: the TCP BIB holds no entry with 192\.0\.2\.1#81\.\njool: See the entries with jool bib display --numeric\.\n$/],
    [['--bib', '--remove', '2001:db8::9#80'], 1, /the TCP, UDP, ICMP BIBs hold no entry with 2001:db8::9#80/],
    [['bib', 'remove', '--udp', '2001:db8::1#80'], 1, /the UDP BIB holds no entry/],
    [['bib', 'remove', '192.0.2.1#81', '2001:db8::1#80'], 1, /^jool: TCP: 2001:db8::1#80 is mapped to 192\.0\.2\.1#80, not 192\.0\.2\.1#81\.\n/],
    [['--bib', '--remove', '192.0.2.1#81', '2001:db8::1#80'], 1, /is mapped to 192\.0\.2\.1#80, not 192\.0\.2\.1#81/],
    // Usage errors.
    [['bib', 'add', '192.0.2.1#80'], 2, /^jool: bib add: the command is missing an IPv6 transport address \(e\.g\. 2001:db8::1#80\)\.\njool: Try 'jool bib add --help'\.\n$/],
    [['bib', 'add'], 2, /the command is missing an IPv6 transport address \(e\.g\. 2001:db8::1#80\) and an IPv4 transport address/],
    [['bib', 'remove'], 2, /^jool: bib remove: the command is missing at least one transport address/],
    [['bib', 'add', '--tcp', '--udp', '192.0.2.1#80', '::1#1'], 2, /only one protocol is allowed per request, but got --tcp and --udp/],
    [['bib', 'add', '192.0.2.1#80', '192.0.2.1#81', '::1#1'], 2, /^jool: bib add: takes one IPv4 transport address, but got two \(the second is '192\.0\.2\.1#81'\)/],
    [['bib', 'add', '192.0.2.1#80', '[::1]#1'], 2, /^jool: bib add: '\[::1\]#1' is not an IPv6 transport address: expected <IPv6 address>#<port>, e\.g\. 2001:db8::1#80/],
    [['bib', 'add', '192.0.2.1#80abc', '::1#1'], 2, /'192\.0\.2\.1#80abc' is not an IPv4 transport address/],
    [['bib', 'add', 'potato', '::1#1'], 2, /got 'potato', which is not a transport address/],
    [['bib', 'display', '--mark', '1'], 2, /unrecognized option '--mark'/],
    [['bib', 'flush'], 2, /unexpected 'flush'; expected an operation: display, add or remove/],
    [['session', 'display', 'x'], 2, /session display: takes no arguments, but got 'x'/],
    [['--bib', '--flush'], 2, /--flush does not go with --bib/],
    [['--bib', '--count', '--numeric'], 2, /--numeric does not go with --bib --count; it goes with --display/],
    [['--bib', '--add', '--csv', '192.0.2.1#80', '::1#1'], 2, /--csv does not go with --bib --add/],
    [['--bib', '--add', '192.0.2.1#80'], 2, /--bib --add needs an IPv6 transport address/],
    [['--bib', '--remove'], 2, /--bib --remove needs an IPv4 transport address/],
    [['--session', '--remove', '::1#1'], 2, /--remove does not go with --session/],
    [['--bib', '--pool4'], 2, /--pool4 and --bib are both modes/],
    [['--bib', '--quick'], 2, /--quick does not go with --bib --display; it is not an option of --bib/],
  ])('%j', (argv, status, stderr) => {
    const { run, state } = seeded();
    const before = readFileSync(state);
    const r = run(...(argv as string[]));
    expect(r.status).toBe(status);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(stderr as RegExp);
    expect(readFileSync(state).equals(before)).toBe(true);
  });
});

describe('the cascade, and --quick', () => {
  // TCP, UDP and ICMP entries on 192.0.2.1 ports 5 and 50, pool4 in marks 0 and 1.
  function seeded() {
    const s = setup();
    s.run('--pool4', '--add', '192.0.2.0/30', '1-100');
    s.run('--pool4', '--add', '--mark', '1', '192.0.2.1', '1-100');
    for (const port of [5, 50]) s.run('--bib', '--add', `192.0.2.1#${port}`, `2001:db8::${port}#${port}`);
    s.run('--bib', '--add', '--tcp', '192.0.2.2#5', '2001:db8::2#5');
    return s;
  }
  const rows = (run: (...a: string[]) => { stdout: string }) => run('--bib', '--csv', '--numeric').stdout.split('\n').slice(1, -1);

  it('Jool 3: a remove cleans all three tables, whatever its protocol and mark', () => {
    const { run } = seeded();
    expect(run('--pool4', '--remove', '--mark', '1', '--tcp', '192.0.2.1', '40-60')).toEqual(ok());
    expect(rows(run)).toEqual(['TCP,2001:db8::5,5,192.0.2.1,5,1', 'TCP,2001:db8::2,5,192.0.2.2,5,1', 'UDP,2001:db8::5,5,192.0.2.1,5,1', 'ICMP,2001:db8::5,5,192.0.2.1,5,1']);
    // Its default range is every port; a range outside the entries takes none.
    expect(run('--pool4', '--remove', '192.0.2.2', '6-100')).toEqual(ok());
    expect(rows(run)).toHaveLength(4);
    expect(run('--pool4', '--remove', '--icmp', '192.0.2.0/30')).toEqual(ok());
    expect(rows(run)).toEqual([]);
  });

  it('Jool 4: a remove cleans its own protocol only, whatever the mark; it runs even when pool4 held nothing there', () => {
    const { run } = seeded();
    expect(run('pool4', 'remove', '--udp', '--mark', '7', '192.0.2.1', '50')).toEqual(ok());
    expect(rows(run)).toEqual([
      'TCP,2001:db8::5,5,192.0.2.1,5,1',
      'TCP,2001:db8::50,50,192.0.2.1,50,1',
      'TCP,2001:db8::2,5,192.0.2.2,5,1',
      'UDP,2001:db8::5,5,192.0.2.1,5,1',
      'ICMP,2001:db8::5,5,192.0.2.1,5,1',
      'ICMP,2001:db8::50,50,192.0.2.1,50,1',
    ]);
    expect(run('pool4', 'remove', '192.0.2.0/30')).toEqual(ok());
    expect(rows(run)).toEqual(['UDP,2001:db8::5,5,192.0.2.1,5,1', 'ICMP,2001:db8::5,5,192.0.2.1,5,1', 'ICMP,2001:db8::50,50,192.0.2.1,50,1']);
  });

  it('--quick leaves orphans, displayed as Jool displays them and reported by --check', () => {
    const { run } = seeded();
    expect(run('pool4', 'remove', '--tcp', '192.0.2.2', '--quick')).toEqual(ok());
    expect(run('--pool4', '--remove', '192.0.2.1', '1-10', '--quick')).toEqual(ok());
    expect(run('--pool4', '--remove', '--mark', '1', '192.0.2.1', '-q')).toEqual(ok());
    expect(rows(run)).toHaveLength(7);
    expect(run('bib', 'display', '--numeric')).toEqual(
      ok(lines('[Static TCP] 192.0.2.1#5 - 2001:db8::5#5', '[Static TCP] 192.0.2.1#50 - 2001:db8::50#50', '[Static TCP] 192.0.2.2#5 - 2001:db8::2#5')),
    );
    const check = run('--pool4', '--check', '--ephemeral-range', '32768-60999');
    expect(check.status).toBe(1);
    expect(check.stdout).toBe(
      lines(
        "No overlap: pool4's TCP and UDP ports are all outside the ephemeral port range 32768-60999 (from --ephemeral-range).",
        '4 orphan BIB entries: pool4 does not hold their IPv4 transport addresses, so Jool cannot translate for them:',
        '  [Static TCP] 192.0.2.1#5 - 2001:db8::5#5',
        '  [Static TCP] 192.0.2.2#5 - 2001:db8::2#5',
        '  [Static UDP] 192.0.2.1#5 - 2001:db8::5#5',
        '  [Static ICMP] 192.0.2.1#5 - 2001:db8::5#5',
        'Either put their addresses back into pool4:',
        '  jool --pool4 --add --tcp 192.0.2.1 5',
        '  jool --pool4 --add --tcp 192.0.2.2 5',
        '  jool --pool4 --add --udp 192.0.2.1 5',
        '  jool --pool4 --add --icmp 192.0.2.1 5',
        'or remove them:',
        '  jool --bib --remove --tcp 192.0.2.1#5 2001:db8::5#5',
        '  jool --bib --remove --tcp 192.0.2.2#5 2001:db8::2#5',
        '  jool --bib --remove --udp 192.0.2.1#5 2001:db8::5#5',
        '  jool --bib --remove --icmp 192.0.2.1#5 2001:db8::5#5',
      ),
    );
    // Following its advice clears the report; the orphan is served again once pool4 has its address back.
    for (const line of check.stdout.split('\n').filter((l) => l.startsWith('  jool --pool4 --add'))) expect(run(...line.trim().split(' ').slice(1)).status).toBe(0);
    expect(run('--pool4', '--check', '--ephemeral-range', '32768-60999').status).toBe(0);
  });

  it('flush empties the BIB, or with --quick leaves every entry an orphan', () => {
    const { run } = seeded();
    expect(run('pool4', 'flush', '--quick')).toEqual(ok());
    expect(rows(run)).toHaveLength(7);
    expect(run('--pool4', '--flush', '--quick')).toEqual(ok());
    expect(rows(run)).toHaveLength(7);
    expect(run('--pool4', '--flush')).toEqual(ok());
    expect(rows(run)).toEqual([]);
    const again = seeded();
    expect(again.run('pool4', 'flush')).toEqual(ok());
    expect(rows(again.run)).toEqual([]);
  });
});

describe('the empty-pool4 fallback', () => {
  it("takes the host's own addresses, ports 61001-65535, while the instance's whole pool4 is empty", () => {
    const { run } = setup({ JOOL_HOST_ADDRESSES: '198.51.100.7, 203.0.113.9' });
    expect(run('bib', 'add', '203.0.113.9#61001', '::1#1')).toEqual(ok());
    expect(run('bib', 'add', '--icmp', '198.51.100.7#65535', '::1#1')).toEqual(ok());
    expect(run('bib', 'add', '203.0.113.9#61000', '::2#1')).toMatchObject({
      status: 1,
      stderr: expect.stringContaining("pool4 is empty, so only the host's own addresses with ports 61001-65535 can be used"),
    });
    expect(run('bib', 'add', '192.0.2.1#61001', '::2#1').status).toBe(1);
    // Once pool4 holds anything, the fallback ends: the entries are orphans.
    run('pool4', 'add', '--udp', '192.0.2.1', '1-2');
    expect(run('--pool4', '--check', '--ephemeral-range', '1-1').stdout).toContain('2 orphan BIB entries');
    expect(run('bib', 'add', '203.0.113.9#61002', '::2#1').status).toBe(1);
  });

  it('JOOL_HOST_ADDRESSES must be IPv4 addresses', () => {
    const { run } = setup({ JOOL_HOST_ADDRESSES: '192.0.2.1 example.org' });
    expect(run('bib', 'display')).toMatchObject({ status: 2, stderr: expect.stringContaining("JOOL_HOST_ADDRESSES='192.0.2.1 example.org' is not a list of IPv4 addresses") });
  });
});

describe('file handle and the BIB', () => {
  it("gives a new instance the file's entries; an existing one keeps its own, and pool4 changes make no cascade", () => {
    const { run, dir } = setup();
    expect(run('file', 'handle', MANUAL)).toEqual(ok());
    expect(run('-i', 'sample-nat64', 'bib', 'display', '--numeric')).toEqual(ok('[Static TCP] 192.0.2.1#80 - 2001:db8::1#80\n'));
    // The same file without its BIB, and with pool4 moved elsewhere: the old BIB survives, orphaned.
    const moved = join(dir, 'moved.json');
    writeFileSync(moved, JSON.stringify({ instance: 'sample-nat64', framework: 'netfilter', global: { pool6: '64:ff9b::/96' }, pool4: [{ protocol: 'TCP', prefix: '198.51.100.1' }] }));
    expect(run('file', 'handle', moved)).toEqual(ok());
    expect(run('-i', 'sample-nat64', 'bib', 'display', '--numeric', '--icmp')).toEqual(ok('[Static ICMP] 192.0.2.1#1044 - 2001:db8:aaaa::1#44\n'));
    expect(run('--pool4', '--check', '--instance', 'sample-nat64', '--ephemeral-range', '1-1').stdout).toContain('3 orphan BIB entries');
    // Its entries are still checked: a file whose BIB is outside its pool4 is refused, as Jool refuses it.
    expect(run('file', 'handle', OPENWRT).status).toBe(1);
  });

  it('refuses the sample configuration whose TCP entry is on port 80 while TCP pool4 is 61001-65535, naming the entry; nothing changes', () => {
    const { run, state } = setup();
    run('instance', 'add', 'nat64-sample', '--pool6', '64:ff9b::/96');
    const before = readFileSync(state);
    expect(run('file', 'handle', OPENWRT)).toEqual({
      status: 1,
      stdout: '',
      stderr: `jool: '${OPENWRT}', bib[0]: the TCP BIB transport address 192.0.2.1#80 does not belong to pool4 (no TCP entry of the file's "pool4" holds it); Jool 4.1.9 and later refuse such a file. Add it to "pool4", or remove the entry.\njool: Nothing was changed.\n`,
    });
    expect(readFileSync(state).equals(before)).toBe(true);
  });

  const config = (bib: unknown, pool4: unknown = [{ protocol: 'TCP', prefix: '192.0.2.1', 'port range': '1-100' }]) =>
    JSON.stringify({ instance: 'n', framework: 'netfilter', global: { pool6: '64:ff9b::/96' }, pool4, bib });

  it.each([
    ['bib not an array', config({}), /', bib: is an object, not an array\./],
    ['an entry not an object', config([1]), /bib\[0\]: is not an object \(it is a number\)/],
    ['a missing key', config([{ protocol: 'TCP', 'ipv4 address': '192.0.2.1#80' }]), /bib\[0\]: "ipv6 address" is missing; a BIB entry needs "protocol", "ipv6 address" and "ipv4 address"/],
    ['an unknown key', config([{ protocol: 'TCP', 'ipv4 address': '192.0.2.1#80', 'ipv6 address': '::1#1', mark: 0 }]), /bib\[0\]: unknown key 'mark'/],
    ['a repeated key', '{"instance": "n", "framework": "netfilter", "global": {"pool6": "64:ff9b::/96"}, "bib": [{"protocol": "TCP", "Protocol": "UDP"}]}', /bib\[0\]: the key 'Protocol' is repeated/],
    ['a number for an address', config([{ protocol: 'TCP', 'ipv4 address': 3221225985, 'ipv6 address': '::1#1' }]), /bib\[0\]: "ipv4 address" is a number, not a string such as "192\.0\.2\.1#80"/],
    ['a bad protocol', config([{ protocol: 'SCTP', 'ipv4 address': '192.0.2.1#80', 'ipv6 address': '::1#1' }]), /bib\[0\]: the protocol 'SCTP' is unknown/],
    ['a bad IPv6 side', config([{ protocol: 'TCP', 'ipv4 address': '192.0.2.1#80', 'ipv6 address': '::1' }]), /bib\[0\]: '::1' is not an IPv6 transport address/],
    ['a port out of range', config([{ protocol: 'TCP', 'ipv4 address': '192.0.2.1#70000', 'ipv6 address': '::1#1' }]), /bib\[0\]: '192\.0\.2\.1#70000' is not an IPv4 transport address/],
    [
      'two entries colliding',
      config([
        { protocol: 'TCP', 'ipv4 address': '192.0.2.1#80', 'ipv6 address': '::1#1' },
        { protocol: 'TCP', 'ipv4 address': '192.0.2.1#81', 'ipv6 address': '::1#1' },
      ]),
      /bib\[1\]: entry \[::1#1, 192\.0\.2\.1#81, TCP\] collides with \[::1#1, 192\.0\.2\.1#80, TCP\]/,
    ],
    [
      'an entry in another protocol of pool4',
      config([{ protocol: 'UDP', 'ipv4 address': '192.0.2.1#80', 'ipv6 address': '::1#1' }]),
      /bib\[0\]: the UDP BIB transport address 192\.0\.2\.1#80 does not belong to pool4/,
    ],
    [
      'an entry while pool4 is empty',
      config([{ protocol: 'TCP', 'ipv4 address': '192.0.2.1#80', 'ipv6 address': '::1#1' }], []),
      /pool4 is empty, and the host's own addresses with ports 61001-65535 do not include it either/,
    ],
  ])('refuses %s, naming it; nothing changes', (_, text, message) => {
    const { run, state, dir } = setup({ JOOL_HOST_ADDRESSES: '192.0.2.1' });
    run('pool4', 'add', '--tcp', '192.0.2.9', '1-2');
    const file = join(dir, 'config.json');
    writeFileSync(file, text);
    const before = readFileSync(state);
    const r = run('file', 'handle', file);
    expect(r).toMatchObject({ status: 1, stdout: '' });
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toMatch(/\njool: Nothing was changed\.\n$/);
    expect(readFileSync(state).equals(before)).toBe(true);
  });

  it('accepts identical duplicates, keys in any case, and an empty pool4 with the fallback', () => {
    const { run, dir } = setup({ JOOL_HOST_ADDRESSES: '192.0.2.1' });
    const file = join(dir, 'config.json');
    const entry = { Protocol: 'udp', 'IPv6 Address': '2001:db8::1#53', 'IPV4 ADDRESS': '192.0.2.1#61053', comment: 'DNS' };
    writeFileSync(file, config([entry, entry], []));
    expect(run('file', 'handle', file)).toEqual(ok());
    expect(run('-i', 'n', 'bib', 'display', '--udp', '--numeric')).toEqual(ok('[Static UDP] 192.0.2.1#61053 - 2001:db8::1#53\n'));
  });
});

describe('sessions: always empty, printed as Jool prints an empty table', () => {
  it.each([
    [
      ['--session'],
      lines('TCP:', '---------------------------------', '  (empty)', '', 'UDP:', '---------------------------------', '  (empty)', '', 'ICMP:', '---------------------------------', '  (empty)', ''),
    ],
    [['-s', '--udp', '--display', '--numeric'], lines('UDP:', '---------------------------------', '  (empty)', '')],
    [
      ['--session', '--csv', '--tcp'],
      'Protocol,IPv6 Remote Address,IPv6 Remote L4-ID,IPv6 Local Address,IPv6 Local L4-ID,IPv4 Local Address,IPv4 Local L4-ID,IPv4 Remote Address,IPv4 Remote L4-ID,Expires in,State\n',
    ],
    [['--session', '--count'], 'TCP: 0\nUDP: 0\nICMP: 0\n'],
    [['--session', '--count', '--icmp'], 'ICMP: 0\n'],
    [['session', 'display'], '---------------------------------\n'],
    [['session', 'display', '--no-headers', '--udp'], '---------------------------------\n'],
    [
      ['se', 'd', '--csv'],
      'Protocol,IPv6 Remote Address,IPv6 Remote L4-ID,IPv6 Local Address,IPv6 Local L4-ID,IPv4 Local Address,IPv4 Local L4-ID,IPv4 Remote Address,IPv4 Remote L4-ID,Expires in,State\n',
    ],
    [['session', 'display', '--csv', '--no-headers'], ''],
  ])('%j', (argv, stdout) => {
    const { run } = setup();
    expect(run(...argv)).toEqual(ok(stdout));
  });
});

describe('state version 3', () => {
  it('reads a version 2 file written by the previous release, with an empty BIB, and writes version 4 on the next change', () => {
    const { run, state } = setup();
    copyFileSync(join(FIXTURES, 'version2-pool4.json'), state);
    expect(run('-i', 'nat64', 'bib', 'display')).toEqual(ok());
    expect(run('-i', 'nat64', 'pool4', 'display', '--csv', '--no-headers').stdout).toBe('0,TCP,192.0.2.1,80,80,1024,0\n');
    expect(readFileSync(state, 'utf8')).toContain('"version": 2');
    expect(run('-i', 'nat64', 'bib', 'add', '192.0.2.1#80', '2001:db8::80#80')).toEqual(ok());
    const written = JSON.parse(readFileSync(state, 'utf8'));
    expect(written.version).toBe(4);
    expect(written.instances.map((i: { name: string; bib: string[] }) => [i.name, i.bib])).toEqual([
      ['nat64', ['TCP 192.0.2.1#80 2001:db8::80#80']],
      ['default', []],
    ]);
    expect(run('--pool4', '--count').stdout).toBe('tables: 4\nsamples: 7\ntransport addresses: 17005\n');
  });

  it.each([
    ['a malformed entry', ['TCP 192.0.2.1#80'], /instances\[0\]\.bib\[0\] 'TCP 192\.0\.2\.1#80' is not "<protocol> <IPv4 address>#<port> <IPv6 address>#<port>"/],
    ['a bad protocol', ['SCTP 192.0.2.1#80 ::1#1'], /instances\[0\]\.bib\[0\] 'SCTP 192\.0\.2\.1#80 ::1#1' has the protocol "SCTP"/],
    ['a bad address', ['TCP 192.0.2.1#80 ::g#1'], /instances\[0\]\.bib\[0\] 'TCP 192\.0\.2\.1#80 ::g#1': '::g#1' is not an IPv6 transport address/],
    ['a repeated IPv4 side', ['TCP 192.0.2.1#80 ::1#1', 'TCP 192.0.2.1#80 ::2#1'], /instances\[0\]\.bib\[1\] 'TCP 192\.0\.2\.1#80 ::2#1' repeats the TCP IPv4 transport address of an entry before it/],
    ['a repeated IPv6 side', ['UDP 192.0.2.1#80 ::1#1', 'UDP 192.0.2.1#81 0::1#1'], /bib\[1\] .* repeats the UDP IPv6 transport address/],
    ['not strings', [3], /instances\[0\]\.bib\[0\] is not a string/],
  ])('refuses %s, naming where, and leaves the file as it is', (_, bib, message) => {
    const { run, state } = setup();
    const text = JSON.stringify({ format: 'jool-pool4-state', version: 3, instances: [{ name: 'default', tables: [], bib }] });
    writeFileSync(state, text);
    const r = run('--pool4', '--add', '192.0.2.1');
    expect(r).toMatchObject({ status: 1, stdout: '' });
    expect(r.stderr).toMatch(message);
    expect(readFileSync(state, 'utf8')).toBe(text);
  });

  it('reads hand-written entries in any order and any IPv6 spelling, and writes them back sorted and canonical', () => {
    const { run, state } = setup();
    writeFileSync(
      state,
      JSON.stringify({
        format: 'jool-pool4-state',
        version: 3,
        instances: [{ name: 'default', tables: [], bib: ['UDP 192.0.2.1#9 2001:DB8::0:1#9', 'TCP 192.0.2.2#1 ::1#1', 'TCP 192.0.2.1#7 ::2#2'] }],
      }),
    );
    expect(run('--bib', '-n').stdout).toBe(
      lines(
        'TCP:',
        '[Static] 192.0.2.1#7 - ::2#2',
        '[Static] 192.0.2.2#1 - ::1#1',
        '  (Fetched 2 entries.)',
        'UDP:',
        '[Static] 192.0.2.1#9 - 2001:db8::1#9',
        '  (Fetched 1 entries.)',
        'ICMP:',
        '  (empty)',
      ),
    );
    run('--pool4', '--add', '198.51.100.1');
    expect(JSON.parse(readFileSync(state, 'utf8')).instances[0].bib).toEqual(['TCP 192.0.2.1#7 ::2#2', 'TCP 192.0.2.2#1 ::1#1', 'UDP 192.0.2.1#9 2001:db8::1#9']);
  });
});

describe("docs/bib.md's examples, run as printed", () => {
  it.each([
    ['Jool 3', 'An add or a remove reports each protocol:', '\nAn add goes into every protocol'],
    ['Jool 4', '`--numeric` has no short flag. An identical re-add succeeds silently', '\n**Names.**'],
    ['the cascade', '`--check` reports them:', '\n**Sessions.**'],
  ])('%s', (_, start, end) => {
    const steps = docSteps('bib.md', start, end);
    expect(steps.length).toBeGreaterThan(5);
    expect(runSteps(steps, tempDir())).toBe(steps.length);
  });
});
