// Globals, stats, instance status and file check end to end (SPEC 10 and 11, global-facts.md):
// bin/jool spawned, exit status, stdout and stderr checked, and the state file unchanged by every
// refusal.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { jool, docPage, docSteps, runSteps, tempDir } from '../helpers';

const FIXTURES = resolve(__dirname, '..', 'fixtures');
const FRESH = readFileSync(join(FIXTURES, 'global-display-fresh.txt'), 'utf8');
const MANUAL = join(FIXTURES, 'jool-manual-nat64.json');
const MANUAL_SIIT = join(FIXTURES, 'jool-manual-siit.json');
const EVERY = join(FIXTURES, 'nat64-every-global.json');
const lines = (...l: string[]) => `${l.join('\n')}\n`;
const ok = (stdout = '') => ({ status: 0, stdout, stderr: '' });

function setup() {
  const dir = tempDir();
  const state = join(dir, 'pool4.json');
  const env = { JOOL_POOL4_STATE: state, JOOL_EPHEMERAL_RANGE: '32768 60999', JOOL_HOST_ADDRESSES: '192.0.2.99' };
  const run = (...args: string[]) => jool(args, env);
  const bytes = () => (existsSync(state) ? readFileSync(state, 'utf8') : '<none>');
  const file = (name: string, content: unknown) => {
    const path = join(dir, name);
    writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
    return path;
  };
  return { dir, state, env, run, bytes, file };
}

/** The value `global display` shows for key. */
function shown(display: string, key: string): string | undefined {
  return display
    .split('\n')
    .find((l) => l.startsWith(`  ${key}: `))
    ?.slice(key.length + 4);
}

describe('global display', () => {
  it("prints a fresh instance's globals byte for byte, in CSV too", () => {
    const { run } = setup();
    expect(run('instance', 'add', '--netfilter', '--pool6', '64:ff9b::/96')).toEqual(ok());
    expect(run('global', 'display')).toEqual(ok(FRESH));
    expect(run('g', 'd')).toEqual(ok(FRESH));
    const csv = run('global', 'display', '--csv');
    expect(csv.status).toBe(0);
    const expected = FRESH.split('\n')
      .filter((l) => l !== '')
      .map((l) => {
        const [key, value] = [l.slice(2, l.indexOf(': ')), l.slice(l.indexOf(': ') + 2)];
        if (value === 'true' || value === 'false') return `${key},${value.toUpperCase()}`;
        if (key === 'mtu-plateaus') return `${key},"${value}"`;
        return `${key},${value.replace(' (HH:MM:SS)', '').replace(/ \(0b.*/, '')}`;
      });
    expect(csv.stdout).toBe(lines('Field,Value', ...expected));
    expect(run('global', 'display', '--csv', '--no-headers').stdout).toBe(lines(...expected));
    // --no-headers alone changes nothing: the plain display has no header.
    expect(run('global', 'display', '--no-headers').stdout).toBe(FRESH);
  });

  it('shows the defaults and an unset pool6 for an instance nobody added', () => {
    const { run, bytes } = setup();
    const display = run('-i', 'ghost', 'global', 'display');
    expect(display.status).toBe(0);
    expect(shown(display.stdout, 'pool6')).toBe('(unset)');
    expect(display.stdout.replace('  pool6: (unset)', '  pool6: 64:ff9b::/96')).toBe(FRESH);
    expect(bytes()).toBe('<none>');
  });
});

describe('global update', () => {
  it("reads each type, abbreviated keys and words, and shows the kernel's values", () => {
    const { run } = setup();
    run('instance', 'add', '--pool6', '64:ff9b::/96');
    const updates: [string[], string, string][] = [
      [['manually-enabled', 'OFF'], 'manually-enabled', 'false'],
      [['lowest', '1440'], 'lowest-ipv6-mtu', '1440'],
      [['tos', '184'], 'tos', '184'],
      [['mtu', '1500,0,1280,9000,1500'], 'mtu-plateaus', '9000,1500,1280'],
      [['f-args', '2'], 'f-args', '2 (0b0010): SrcAddr:0 SrcPort:0 DstAddr:1 DstPort:0'],
      [['tcp-est', '3:00:00'], 'tcp-est-timeout', '3:00:00 (HH:MM:SS)'],
      [['tcp-trans', '300'], 'tcp-trans-timeout', '0:05:00 (HH:MM:SS)'],
      [['udp', '1:99'], 'udp-timeout', '0:02:39 (HH:MM:SS)'],
      [['icmp', '0:00:01.500'], 'icmp-timeout', '0:00:01.500 (HH:MM:SS)'],
      [['ss-capacity', '4294967295'], 'ss-capacity', '4294967295'],
      [['pool6', '64:FF9B:0::/96'], 'pool6', '64:ff9b::/96'],
    ];
    for (const [args, key, value] of updates) {
      expect(run('global', 'update', ...args)).toEqual(ok());
      expect(shown(run('global', 'display').stdout, key)).toBe(value);
    }
    expect(run('g', 'u', 'manually-enabled', 'yes')).toEqual(ok());
    expect(shown(run('global', 'display').stdout, 'manually-enabled')).toBe('true');
    const csv = run('global', 'display', '--csv').stdout;
    expect(csv).toContain('\nmtu-plateaus,"9000,1500,1280"\n');
    expect(csv).toContain('\nf-args,2\n');
  });

  it.each([
    [['tcp-est', '1:00:00'], 1, "jool: tcp-est-timeout '1:00:00' is too small: the minimum is 2:00:00.\njool: Give tcp-est-timeout 2:00:00 or more.\n"],
    [['udp-timeout', '119'], 1, /udp-timeout '119' is too small: the minimum is 0:02:00/],
    [['tcp-trans', '0:03:59.999'], 1, /is too small: the minimum is 0:04:00/],
    [['lowest-ipv6-mtu', '1279'], 1, /lowest-ipv6-mtu '1279' is too small: the minimum is 1280/],
    [['f-args', '16'], 1, /f-args '16' is out of range \(0-15\)/],
    [['mtu-plateaus', '0,0'], 1, /mtu-plateaus '0,0' holds nothing but zeroes/],
    [['pool6', '2001:db8::/96'], 1, /pool6 '2001:db8::\/96' cannot be set: the instance has pool6 64:ff9b::\/96, and Jool cannot change a NAT64 instance's pool6/],
    [['pool6', 'null'], 1, /pool6 'null' leaves pool6 unset, and NAT64 instances must have one/],
    [['pool6', '64:ff9b::1/96'], 1, /has bits set past its length \/96 \(did you mean 64:ff9b::\/96\?\)/],
    [['pool6', '64:ff9b::/95'], 1, /has length \/95/],
    [['tos', '256'], 2, "jool: global update tos: '256' is not a whole decimal number from 0 to 255.\njool: Try 'jool global update --help'.\n"],
    [['manually-enabled', 'maybe'], 2, /'maybe' is not a bool: give true, false, 1, 0, yes, no, on or off/],
    [['udp', '1.5'], 2, /has a millisecond part of fewer than 3 digits: write 1.500/],
    [['udp', 'soon'], 2, /does not follow the \[HH:\[MM:\]\]SS\[\.mmm\] format/],
    [['logging', 'true'], 2, /'logging' is ambiguous: it could be logging-debug, logging-bib or logging-session/],
    [['ss', '1'], 2, /'ss' is ambiguous/],
    [['eam-hairpin-mode', 'simple'], 2, /unexpected 'eam-hairpin-mode'; expected a key: one of the 27 that 'jool global update --help' lists/],
    [['tos'], 2, /the command is missing a value/],
    [['tos', '1', '2'], 2, /takes one value, but got '1' and '2'/],
    [[], 2, /global update needs a key/],
  ])('refuses %j with status %i, changing nothing', (args, status, message) => {
    const { run, bytes } = setup();
    run('instance', 'add', '--pool6', '64:ff9b::/96');
    run('global', 'update', 'tos', '7');
    const before = bytes();
    const r = run('global', 'update', ...args);
    expect(r.status).toBe(status);
    expect(r.stdout).toBe('');
    if (typeof message === 'string') expect(r.stderr).toBe(message);
    else expect(r.stderr).toMatch(message);
    expect(bytes()).toBe(before);
  });

  it("checks pool6's u-bit unless --force, and passes an unchanged pool6 silently", () => {
    const { run } = setup();
    expect(run('instance', 'add', '--pool6', '2001:db8:0:0:100::/96')).toEqual(ok());
    expect(run('global', 'update', 'pool6', '2001:db8::100:0:0:0/96')).toEqual({
      status: 1,
      stdout: '',
      stderr: "jool: pool6 '2001:db8::100:0:0:0/96' has a nonzero u-bit (bits 64-71; see https://github.com/NICMx/Jool/issues/174); --force accepts it.\n",
    });
    expect(run('global', 'update', 'pool6', '2001:db8::100:0:0:0/96', '--force')).toEqual(ok());
    expect(run('global', 'update', 'pool6', '2001:db8::100:0:0:0/96', '-f')).toEqual(ok());
  });

  it('is refused while a BIB entry is outside pool4, as Jool validates the whole instance', () => {
    const { run, bytes } = setup();
    run('instance', 'add', '--pool6', '64:ff9b::/96');
    run('pool4', 'add', '--tcp', '192.0.2.1', '80');
    expect(run('bib', 'add', '192.0.2.1#80', '2001:db8::1#80')).toEqual(ok());
    expect(run('pool4', 'remove', '192.0.2.1', '--quick')).toEqual(ok());
    const before = bytes();
    const r = run('global', 'update', 'tos', '3');
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(
      'jool: the TCP BIB entry [2001:db8::1#80, 192.0.2.1#80, TCP] is outside pool4 (an orphan, as pool4 remove --quick leaves them), and Jool checks every BIB entry against pool4 whenever a global changes, so it refuses the update.\n' +
        'jool: Add its address to pool4 again (jool pool4 add --tcp 192.0.2.1 80-80), or remove the entry (jool bib remove --tcp 192.0.2.1#80).\n',
    );
    expect(bytes()).toBe(before);
    // With pool4 empty, the host's own addresses (ports 61001-65535) are pool4: an entry there passes.
    expect(run('bib', 'remove', '192.0.2.1#80')).toEqual(ok());
    expect(run('bib', 'add', '192.0.2.99#61001', '2001:db8::1#80')).toEqual(ok());
    expect(run('global', 'update', 'tos', '3')).toEqual(ok());
  });

  it('gives an instance nobody added its globals on demand, which instance add then keeps', () => {
    const { run } = setup();
    expect(run('-i', 'lab', 'global', 'update', 'tos', '9')).toEqual(ok());
    expect(run('instance', 'display', '--csv').stdout).toBe(lines('Namespace,Name,Framework', '0,lab,unknown'));
    expect(shown(run('-i', 'lab', 'global', 'display').stdout, 'tos')).toBe('9');
    expect(run('-i', 'lab', 'global', 'update', 'pool6', '64:ff9b::/96').stderr).toMatch(
      /the instance has no pool6 \(nobody added it\)[^\n]*\njool: Add the instance with it instead: jool instance add <name> --pool6 <prefix>\./,
    );
    expect(run('instance', 'add', 'lab', '--pool6', '64:ff9b::/96')).toEqual(ok());
    const display = run('-i', 'lab', 'global', 'display').stdout;
    expect([shown(display, 'tos'), shown(display, 'pool6')]).toEqual(['9', '64:ff9b::/96']);
    // Back to the default: the setting is dropped from the state file.
    expect(run('-i', 'lab', 'global', 'update', 'tos', '0')).toEqual(ok());
    expect(run('-i', 'lab', 'global', 'display').stdout.replace('64:ff9b::/96', '64:ff9b::/96')).toBe(FRESH);
  });

  it('takes the instance from -f', () => {
    const { run } = setup();
    run('file', 'handle', MANUAL);
    expect(run('-f', MANUAL, 'global', 'update', 'tos', '5')).toEqual(ok());
    expect(shown(run('-i', 'sample-nat64', 'global', 'display').stdout, 'tos')).toBe('5');
  });
});

describe('stats display', () => {
  it("prints Jool's counters: none but the BIB's, and all 83 with --all", () => {
    const { run } = setup();
    expect(run('stats', 'display')).toEqual(ok());
    expect(run('stats', 'display', '--csv')).toEqual(ok('Stat,Value\n'));
    expect(run('stats', 'display', '--csv', '--explain')).toEqual(ok('Stat,Value,Explanation\n'));
    expect(run('stats', 'display', '--csv', '--no-headers')).toEqual(ok());
    const all = run('stats', 'display', '--all').stdout.split('\n');
    expect(all).toHaveLength(84);
    expect(all.slice(0, 5)).toEqual(['JSTAT_RECEIVED6: 0', 'JSTAT_RECEIVED4: 0', 'JSTAT_SUCCESS: 0', 'JSTAT_BIB_ENTRIES: 0', 'JSTAT_SESSIONS: 0']);
    expect(all[82]).toBe('JSTAT_UNKNOWN: 0');
    run('pool4', 'add', '--udp', '192.0.2.1', '1-100');
    run('bib', 'add', '--udp', '192.0.2.1#5', '2001:db8::1#5');
    run('bib', 'add', '--udp', '192.0.2.1#6', '2001:db8::1#6');
    expect(run('stats', 'display')).toEqual(ok('JSTAT_BIB_ENTRIES: 2\n'));
    expect(run('st', 'd', '-e')).toEqual(ok('JSTAT_BIB_ENTRIES: 2\nNumber of BIB entries currently held in the BIB.\n\n'));
    expect(run('stats', 'display', '--csv', '--explain', '--no-headers')).toEqual(ok('JSTAT_BIB_ENTRIES,2,"Number of BIB entries currently held in the BIB."\n'));
    const explained = run('stats', 'display', '--all', '--explain', '--csv').stdout;
    // Jool quotes an explanation as it is, its newlines included.
    expect(explained).toContain(
      '\nJSTAT_HAIRPIN_LOOP,0,"Translations cancelled: Incoming IPv6 packet\'s source address matches pool6. (Only the destination address should match pool6.)\nYou have to think',
    );
    expect(run('-i', 'other', 'stats', 'display', '-a').stdout.split('\n')[3]).toBe('JSTAT_BIB_ENTRIES: 0');
  });
});

describe('instance status', () => {
  it("prints Jool's Dead for a name nobody added, and Running once it exists", () => {
    const { run } = setup();
    expect(run('-i', 'nope', 'instance', 'status')).toEqual(ok("Dead\n(Instance 'nope' does not exist.)\n"));
    // Its options are flush's: a name is argp's "Too many arguments" in Jool.
    const named = run('instance', 'status', 'nope');
    expect(named.status).toBe(2);
    expect(named.stderr).toContain("takes no instance name, but got 'nope': name the instance with -i (jool -i 'nope' instance status).");
    expect(run('instance', 'status')).toEqual(ok("Dead\n(Instance 'default' does not exist.)\n"));
    run('instance', 'add', '--pool6', '64:ff9b::/96');
    expect(run('instance', 'status')).toEqual(ok('Running\n'));
  });
});

describe('file handle and globals', () => {
  it('applies every global of the file, and returns the ones it leaves out to their defaults', () => {
    const { run, file } = setup();
    expect(run('file', 'handle', EVERY)).toEqual(ok());
    const display = run('-i', 'every', 'global', 'display').stdout.split('\n');
    expect(display.slice(0, 27)).toEqual([
      '  manually-enabled: false',
      '  pool6: 2001:db8::/64',
      '  lowest-ipv6-mtu: 1500',
      '  logging-debug: true',
      '  zeroize-traffic-class: true',
      '  override-tos: true',
      '  tos: 184',
      '  mtu-plateaus: 9000,1500,1280',
      '  address-dependent-filtering: true',
      '  drop-externally-initiated-tcp: true',
      '  drop-icmpv6-info: true',
      '  source-icmpv6-errors-better: false',
      '  f-args: 2 (0b0010): SrcAddr:0 SrcPort:0 DstAddr:1 DstPort:0',
      '  handle-rst-during-fin-rcv: true',
      '  tcp-est-timeout: 3:00:00 (HH:MM:SS)',
      '  tcp-trans-timeout: 0:05:00 (HH:MM:SS)',
      '  udp-timeout: 0:02:39 (HH:MM:SS)',
      '  icmp-timeout: 0:00:30.250 (HH:MM:SS)',
      '  logging-bib: true',
      '  logging-session: true',
      '  maximum-simultaneous-opens: 100',
      '  ss-enabled: true',
      '  ss-flush-asap: true',
      '  ss-flush-deadline: 1000',
      '  ss-capacity: 1024',
      '  ss-max-payload: 1400',
      '  ss-max-sessions-per-packet: 20',
    ]);
    // The same instance again with only pool6: every other global goes back to its default.
    const minimal = file('minimal.json', { instance: 'every', framework: 'iptables', global: { pool6: '2001:db8::/64' } });
    expect(run('global', 'update', 'tos', '1')).toEqual(ok());
    expect(run('file', 'handle', minimal)).toEqual(ok());
    expect(run('-i', 'every', 'global', 'display').stdout).toBe(FRESH.replace('64:ff9b::/96', '2001:db8::/64'));
    // The other instance was left alone.
    expect(shown(run('global', 'display').stdout, 'tos')).toBe('1');
  });

  it("reads the manual's NAT64 sample whole, where ss-max-sessions-per-packet is 10", () => {
    const { run } = setup();
    expect(run('file', 'handle', MANUAL)).toEqual(ok());
    expect(run('-i', 'sample-nat64', 'global', 'display').stdout).toBe(FRESH.replace('ss-max-sessions-per-packet: 36', 'ss-max-sessions-per-packet: 10'));
  });

  it("refuses the manual's SIIT sample, naming every SIIT key, and changes nothing", () => {
    const { run, bytes } = setup();
    const r = run('file', 'handle', MANUAL_SIIT);
    expect(r.status).toBe(1);
    const problems = r.stderr.split('\n').filter((l) => l.startsWith(`jool: '${MANUAL_SIIT}'`));
    expect(problems.map((l) => l.slice(`jool: '${MANUAL_SIIT}', `.length).split(':')[0])).toEqual(['the top level', 'the top level', 'global', 'global', 'global', 'global', 'global']);
    expect(r.stderr).toMatch(/'amend-udp-checksum-zero' is an SIIT global/);
    expect(r.stderr).toMatch(/'rfc6791v4-prefix' is an SIIT global/);
    expect(r.stderr).toMatch(/'eamt' is SIIT's/);
    expect(r.stderr).toMatch(/'denylist4' is SIIT's/);
    expect(r.stderr).toMatch(/7 problems; nothing was changed\.\n$/);
    expect(bytes()).toBe('<none>');
  });

  const base = { instance: 'x', framework: 'netfilter', global: { pool6: '64:ff9b::/96' } as Record<string, unknown> };
  it.each([
    [{ 'manually-enabled': 'true' }, 'global.manually-enabled: "true" is not a JSON boolean (true or false, unquoted).'],
    [{ 'manually-enabled': 1 }, 'global.manually-enabled: 1 is not a JSON boolean'],
    [{ tos: 'high' }, 'global.tos: "high" is not a JSON number from 0 to 255.'],
    [{ tos: 256 }, 'global.tos: 256 is out of range (0-255).'],
    [{ 'udp-timeout': 300 }, 'global.udp-timeout: 300 is not a JSON string: timeouts are written as on the command line, such as "0:05:00".'],
    [{ 'udp-timeout': '1:00' }, 'global.udp-timeout: "1:00" is too small: the minimum is 0:02:00.'],
    [{ 'mtu-plateaus': '1500' }, 'global.mtu-plateaus: "1500" is not a JSON array of MTUs'],
    [{ 'lowest-ipv6-mtu': 1000 }, 'global.lowest-ipv6-mtu: 1000 is too small: the minimum is 1280.'],
    [{ pool4: '192.0.2.1/32' }, "global: unknown key 'pool4'"],
    [{ pool6: null }, 'global.pool6: null leaves pool6 unset, and NAT64 instances must have one.'],
    [{ pool6: '2001:db8::100:0:0:0/96' }, 'global.pool6: "2001:db8::100:0:0:0/96" has a nonzero u-bit (bits 64-71; see https://github.com/NICMx/Jool/issues/174); --force accepts it.'],
    [{ 'rfc6791v6-prefix': null }, "global: 'rfc6791v6-prefix' is an SIIT global"],
    [{ TOS: 1, tos: 2 }, "global: the key 'tos' is repeated (keys are case-insensitive)."],
  ])('refuses a global %j, naming the file and the key', (global, message) => {
    const { run, file, bytes } = setup();
    const path = file('config.json', { ...base, global: { ...base.global, ...global } });
    const r = run('file', 'handle', path);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`jool: '${path}', ${message}`);
    expect(r.stderr).toMatch(/Nothing was changed\.\n$/);
    expect(bytes()).toBe('<none>');
    expect(run('file', 'check', path).status).toBe(1);
  });

  it("takes --force for pool6's u-bit", () => {
    const { run, file } = setup();
    const path = file('config.json', { ...base, global: { pool6: '2001:db8::100:0:0:0/96' } });
    expect(run('file', 'handle', path, '--force')).toEqual(ok());
    expect(run('file', 'check', path, '--force')).toEqual(ok());
  });
});

describe('file check', () => {
  it('prints nothing and exits 0 when file handle would succeed, and changes nothing', () => {
    const { run, bytes } = setup();
    expect(run('file', 'check', MANUAL)).toEqual(ok());
    expect(run('f', 'c', EVERY)).toEqual(ok());
    expect(bytes()).toBe('<none>');
    expect(run('file', 'handle', MANUAL)).toEqual(ok());
    const before = bytes();
    expect(run('file', 'check', MANUAL)).toEqual(ok());
    expect(bytes()).toBe(before);
  });

  it('names every problem, with exit 1', () => {
    const { run, file } = setup();
    const path = file('bad.json', {
      instance: 'bad',
      framework: 'netfilter',
      global: { pool6: '64:ff9b::/96', tos: 'high', 'udp-timeout': 300, 'amend-udp-checksum-zero': false },
      eamt: [],
      pool4: [
        { protocol: 'TCP', prefix: '192.0.2.0/24', 'port range': '40000-40010' },
        { protocol: 'XTP', prefix: '192.0.2.1' },
      ],
      bib: [{ protocol: 'UDP', 'ipv4 address': '192.0.2.1#81', 'ipv6 address': '2001:db8::1#80' }],
    });
    const r = run('file', 'check', path);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    const prefix = `jool: '${path}', `;
    const wheres = (stderr: string) =>
      stderr
        .split('\n')
        .filter((l) => l.startsWith(prefix))
        .map((l) => l.slice(prefix.length).split(': ')[0]);
    // The BIB is judged against the whole pool4 only: with pool4 entries refused, it waits.
    expect(wheres(r.stderr)).toEqual(['the top level', 'global', 'global.tos', 'global.udp-timeout', 'pool4[1]', 'pool4[0]']);
    expect(r.stderr).toContain(`${prefix}pool4[0]: TCP port range 40000-40010 intersects the ephemeral port range 32768-60999`);
    expect(r.stderr.endsWith(`jool: file handle would refuse '${path}': 6 problems.\n`)).toBe(true);
    // file handle refuses the same file, naming the same problems.
    const handled = run('file', 'handle', path);
    expect(handled.status).toBe(1);
    expect(handled.stderr.split('\n').slice(0, 6)).toEqual(r.stderr.split('\n').slice(0, 6));
    expect(handled.stderr.endsWith('jool: 6 problems; nothing was changed.\n')).toBe(true);
    // With pool4 whole, every BIB entry is judged: one outside it, two that collide.
    const bib = file('bib.json', {
      instance: 'bad',
      framework: 'netfilter',
      global: { pool6: '64:ff9b::/96' },
      pool4: [{ protocol: 'UDP', prefix: '192.0.2.1', 'port range': '1-100' }],
      bib: [
        { protocol: 'UDP', 'ipv4 address': '192.0.2.1#81', 'ipv6 address': '2001:db8::1#80' },
        { protocol: 'UDP', 'ipv4 address': '192.0.2.1#200', 'ipv6 address': '2001:db8::2#80' },
        { protocol: 'UDP', 'ipv4 address': '192.0.2.1#82', 'ipv6 address': '2001:db8::1#80' },
        { protocol: 'UDP', 'ipv4 address': '192.0.2.1#83', 'ipv6 address': '2001:db8::3#80' },
      ],
    });
    const b = run('file', 'check', bib);
    expect(b.status).toBe(1);
    expect(
      b.stderr
        .split('\n')
        .filter((l) => l.startsWith(`jool: '${bib}', `))
        .map((l) => l.slice(`jool: '${bib}', `.length, `jool: '${bib}', `.length + 6)),
    ).toEqual(['bib[1]', 'bib[2]']);
    expect(b.stderr).toMatch(/bib\[1\]: the UDP BIB transport address 192\.0\.2\.1#200 does not belong to pool4/);
    expect(b.stderr).toMatch(/bib\[2\]: entry \[2001:db8::1#80, 192\.0\.2\.1#82, UDP\] collides with \[2001:db8::1#80, 192\.0\.2\.1#81, UDP\]/);
  });

  it("also checks the file against the state: framework, pool6 and Netfilter's one instance", () => {
    const { run, file } = setup();
    run('instance', 'add', 'x', '--pool6', '64:ff9b::/96');
    const pool6 = file('pool6.json', { instance: 'x', framework: 'netfilter', global: { pool6: '2001:db8::/96' } });
    let r = run('file', 'check', pool6);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(
      `jool: '${pool6}', global.pool6: the instance 'x' has pool6 64:ff9b::/96, and Jool cannot change a NAT64 instance's pool6 to 2001:db8::/96.\njool: file handle would refuse '${pool6}': one problem.\n`,
    );
    const framework = file('framework.json', { instance: 'x', framework: 'iptables', global: { pool6: '64:ff9b::/96' } });
    expect(run('file', 'check', framework).stderr).toMatch(/framework: the instance 'x' uses netfilter, and Jool cannot change an instance's framework to iptables/);
    const second = file('second.json', { instance: 'y', framework: 'netfilter', global: { pool6: '64:ff9b::/96' } });
    // Jool adds a new instance through __xlator_add(), which skips instance add's check: a second Netfilter instance passes.
    expect(run('file', 'check', second)).toEqual(ok(''));
    expect(run('file', 'handle', second)).toEqual(ok(''));
    expect(run('instance', 'display', '--csv', '--no-headers').stdout).toBe('0,x,netfilter\n0,y,netfilter\n');
    r = run('-i', 'z', 'file', 'check', second);
    expect(r.stderr).toMatch(/instance: is 'y', but the command line names the instance 'z'; give one/);
  });

  it('says so when the file cannot be read, and takes usage errors as usage errors', () => {
    const { run, dir } = setup();
    const missing = join(dir, 'missing.json');
    const r = run('file', 'check', missing);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/missing\.json' cannot be read: no such file or directory.*\njool: file handle would refuse/i);
    expect(run('file', 'check').status).toBe(2);
    expect(run('file', 'check', 'a', 'b').status).toBe(2);
    expect(run('file', 'check', MANUAL, '--bogus').status).toBe(2);
    const notJson = join(dir, 'x.json');
    writeFileSync(notJson, '{"instance": ');
    expect(run('file', 'check', notJson).stderr).toMatch(/is not valid JSON/);
  });
});

describe('--display --json --all', () => {
  it('writes the whole instance as a configuration that file check and file handle accept as it is', () => {
    const { run, state, dir } = setup();
    copyFileSync(EVERY, join(dir, 'every.json'));
    expect(run('file', 'handle', join(dir, 'every.json'))).toEqual(ok());
    run('-i', 'every', 'bib', 'add', '192.0.2.1#61001', '2001:db8::1#80');
    const config = run('--pool4', '--display', '--json', '--all', '--instance', 'every');
    expect(config.status).toBe(0);
    const parsed = JSON.parse(config.stdout);
    expect(Object.keys(parsed)).toEqual(['instance', 'framework', 'global', 'pool4', 'bib']);
    expect(Object.keys(parsed.global)).toHaveLength(27);
    expect(parsed.global['udp-timeout']).toBe('0:02:39');
    expect(parsed.global['mtu-plateaus']).toEqual([9000, 1500, 1280]);
    const exported = join(dir, 'exported.json');
    writeFileSync(exported, config.stdout);
    // Into another state: the same instance, byte for byte.
    const other = { JOOL_POOL4_STATE: join(dir, 'other.json'), JOOL_EPHEMERAL_RANGE: '32768 60999' };
    expect(jool(['file', 'check', exported], other)).toEqual(ok());
    expect(jool(['file', 'handle', exported], other)).toEqual(ok());
    expect(jool(['--pool4', '--display', '--json', '--all', '--instance', 'every'], other)).toEqual(ok(config.stdout));
    expect(existsSync(state)).toBe(true);
  });

  it('is refused for an instance without framework or pool6, and with filters', () => {
    const { run } = setup();
    run('pool4', 'add', '--tcp', '192.0.2.1', '1-2');
    const r = run('--pool4', '--display', '--json', '--all');
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(
      /the instance 'default' was never added \(it has no framework and no pool6\), and a Jool 4 configuration needs both\.\njool: Add it first: jool instance add --pool6 <prefix>\./,
    );
    expect(run('--pool4', '--display', '--all').stderr).toMatch(/--all goes with --json/);
    expect(run('--pool4', '--display', '--json', '--all', '--udp').stderr).toMatch(/--all prints the whole instance, so --udp has nothing to choose/);
  });
});

describe('--plan and globals', () => {
  it("plans global updates last, and the script reaches the file's globals", () => {
    const { run, dir, env, file } = setup();
    run('instance', 'add', '--pool6', '64:ff9b::/96');
    run('global', 'update', 'tos', '9');
    run('global', 'update', 'udp', '10:00');
    const desired = file('desired.json', {
      instance: 'default',
      framework: 'netfilter',
      global: { pool6: '64:ff9b::/96', 'udp-timeout': '0:05:00', 'f-args': 3 },
      pool4: [{ protocol: 'UDP', prefix: '192.0.2.1', 'port range': '1-9' }],
    });
    const plan = run('--pool4', '--plan', desired);
    expect(plan.status).toBe(1);
    const commands = plan.stdout.split('\n').filter((l) => l.startsWith('jool '));
    // The seed's key flags where it has them; f-args, which it lacks, in Jool 4's syntax.
    expect(commands).toEqual(['jool --pool4 --add --mark 0 --udp 192.0.2.1/32 1-9', 'jool --tos 0', 'jool --udp-timeout 300', 'jool global update f-args 3']);
    expect(plan.stdout).toContain("# Globals: 2 set last, with Jool 3's --global key flags.\n# f-args: no flag of this Jool 3 sets it, so its line is in Jool 4's syntax");
    writeFileSync(join(dir, 'plan.sh'), plan.stdout);
    // The script runs bin/jool through PATH.
    const bin = resolve(__dirname, '..', '..', 'bin');
    const script = spawnSync('sh', [join(dir, 'plan.sh')], { env: { ...env, PATH: `${bin}:${process.env.PATH}` }, encoding: 'utf8' });
    expect(script).toMatchObject({ status: 0, stderr: '' });
    expect(run('--pool4', '--plan', desired)).toEqual(ok());
    // A pool6 that differs cannot be planned in Jool 4's syntax; Jool 3's --pool6 replaces it.
    const differs = file('differs.json', { instance: 'default', framework: 'netfilter', global: { pool6: '2001:db8::/96' } });
    const r = run('--pool4', '--plan', differs, '--syntax', 'jool4');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/the plan's target has pool6 2001:db8::\/96, but the instance has 64:ff9b::\/96/);
    const jool3 = run('--pool4', '--plan', differs);
    expect(jool3.status).toBe(1);
    expect(jool3.stdout).toContain('set -e\njool --pool6 --remove 64:ff9b::/96\njool --pool6 --add 2001:db8::/96\n');
    // A bare pool4 array says nothing of globals: none are planned.
    const bare = file('bare.json', [{ protocol: 'UDP', prefix: '192.0.2.1', 'port range': '1-9' }]);
    expect(run('--pool4', '--plan', bare)).toEqual(ok());
  });
});

describe('the state file', () => {
  it('keeps the globals that differ from their defaults on one line, and refuses bad ones by hand', () => {
    const { run, state, bytes } = setup();
    run('instance', 'add', '--pool6', '64:ff9b::/96');
    run('global', 'update', 'mtu', '1500,1280');
    run('global', 'update', 'udp', '0:10:00.500');
    run('global', 'update', 'manually-enabled', 'false');
    expect(bytes()).toContain('\n      "globals": {"manually-enabled": false, "mtu-plateaus": [1500, 1280], "udp-timeout": "0:10:00.500"},\n');
    // Any layout, any order: the validating reader.
    const doc = JSON.parse(bytes());
    doc.instances[0].globals = { tos: 4, 'udp-timeout': '0:10:00' };
    writeFileSync(state, JSON.stringify(doc));
    expect(shown(run('global', 'display').stdout, 'tos')).toBe('4');
    for (const [globals, message] of [
      [{ tos: 'x' }, /instances\[0\]\.globals\["tos"\] "x" is not a JSON number from 0 to 255/],
      [{ 'udp-timeout': '0:00:10' }, /instances\[0\]\.globals\["udp-timeout"\] "0:00:10" is too small: the minimum is 0:02:00/],
      [{ pool6: '64:ff9b::/96' }, /instances\[0\]\.globals has an unknown key "pool6"/],
      [{ colour: 1 }, /instances\[0\]\.globals has an unknown key "colour"/],
      [[], /instances\[0\]\.globals is not an object/],
    ] as const) {
      doc.instances[0].globals = globals;
      writeFileSync(state, JSON.stringify(doc));
      const before = bytes();
      const r = run('global', 'update', 'tos', '1');
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(message);
      expect(bytes()).toBe(before);
    }
  });

  it('reads version 2 and writes version 4 with the globals', () => {
    const { run, state, bytes } = setup();
    copyFileSync(join(FIXTURES, 'version2-pool4.json'), state);
    expect(run('-i', 'nat64', 'global', 'display').stdout).toBe(FRESH);
    expect(run('-i', 'nat64', 'global', 'update', 'tos', '5')).toEqual(ok());
    const doc = JSON.parse(bytes());
    expect(doc.version).toBe(4);
    expect(doc.instances[0].globals).toEqual({ tos: 5 });
    // A version 2 file cannot carry globals.
    const old = JSON.parse(readFileSync(join(FIXTURES, 'version2-pool4.json'), 'utf8'));
    old.instances[0].globals = { tos: 5 };
    writeFileSync(state, JSON.stringify(old));
    expect(run('global', 'display').stderr).toMatch(/instances\[0\] has an unknown key "globals"/);
  });
});

describe('docs/globals.md', () => {
  it('runs the globals example as printed', () => {
    const dir = tempDir();
    const steps = docSteps('globals.md', "A real run (the host's ephemeral range is 32768-60999):", '\n`--display --json --all` (an');
    for (const name of ['nat64.json', 'nat64-fixed.json']) writeFileSync(join(dir, name), `${steps.find((s) => s.command === `cat ${name}`)!.output.join('\n')}\n`);
    expect(steps.length).toBeGreaterThan(15);
    expect(runSteps(steps, dir)).toBe(steps.length);
  });

  it('lists every global of the table, in its order, with its default', () => {
    const page = docPage('globals.md');
    const section = page.slice(0, page.indexOf('- **`global display`**'));
    const rows = section.split('\n').filter((l) => /^\| `[a-z0-9-]+` \|/.test(l));
    const display = FRESH.split('\n').filter((l) => l !== '');
    expect(rows.map((r) => r.split('`')[1])).toEqual(display.map((l) => l.slice(2, l.indexOf(': '))));
    rows.forEach((row, i) => {
      const value = display[i]
        .slice(display[i].indexOf(': ') + 2)
        .replace(' (HH:MM:SS)', '')
        .replace(/ \(0b.*/, '');
      if (!row.startsWith('| `pool6`')) expect(row.split(' | ')[2]).toBe(`\`${value}\``);
    });
  });
});
