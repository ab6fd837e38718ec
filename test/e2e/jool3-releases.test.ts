// The Jool 3 syntax under each group of Jool 3 releases (version-facts 3.1: the seed page, 3.5.0-3.5.4,
// 3.5.5, 3.5.6-3.5.8), and its --pool6 and --global, end to end through bin/jool. Expected texts are
// Jool's printf formats at f04b57f2, v3.5.0, v3.5.5 and v3.5.7 (usr/common/target/*.c), filled in.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { jool, tempDir } from '../helpers';

function setup(release?: string) {
  const state = join(tempDir(), 'pool4.json');
  const env: Record<string, string> = { JOOL_POOL4_STATE: state, ...(release === undefined ? {} : { JOOL_VERSION: release }) };
  const run = (...args: string[]) => jool(args, env);
  const ok = (...args: string[]) => {
    const r = run(...args);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    return r.stdout;
  };
  const snapshot = () => {
    try {
      return readFileSync(state, 'utf8');
    } catch {
      return '';
    }
  };
  return { state, run, ok, snapshot };
}

const PLATEAUS = [65535, 32000, 17914, 8166, 4352, 2002, 1492, 1006, 508, 296, 68];
const SEP = '+------------+-------+--------------------+-----------------+-------------+\n';
const SEP_355 = '+------------+-------+--------------------+-----------------+----------+----------+\n';

/** The Filtering and Timeouts blocks, alike in every Jool 3, at the default timeouts. */
function filteringAndTimeouts(adf: boolean): string[] {
  return [
    '  Filtering:',
    `    --address-dependent-filtering: ${adf ? 'ON' : 'OFF'}`,
    '    --drop-icmpv6-info: OFF',
    '    --drop-externally-initiated-tcp: OFF',
    '',
    '  Timeouts:',
    '    --udp-timeout: 5 minutes, 0 seconds',
    '    --tcp-est-timeout: 2 hours, 0 minutes',
    '    --tcp-trans-timeout: 4 minutes, 0 seconds',
    '    --icmp-timeout: 1 minutes, 0 seconds',
    '    --fragment-arrival-timeout: 2 seconds',
  ];
}

/** f04b57f2's handle_display_response(), for a NAT64 with every value at its default but these. */
function seedGlobals(o: { status: string; disabled?: boolean; tos?: number; plateaus?: number[]; adf?: boolean }): string {
  const onOff = (b: boolean) => (b ? 'ON' : 'OFF');
  return [
    '',
    `  Status: ${o.status}`,
    `  Manually disabled (--enable, --disable): ${onOff(o.disabled === true)}`,
    '',
    '  --zeroize-traffic-class: OFF',
    '  --override-tos: OFF',
    `  --tos: ${o.tos ?? 0} (0x${(o.tos ?? 0).toString(16)})`,
    '  --mtu-plateaus:',
    ...(o.plateaus ?? PLATEAUS).map((p) => `     ${p}`),
    '  --maximum-simultaneous-opens: 10',
    '  --source-icmpv6-errors-better: OFF',
    '',
    '  --allow-atomic-fragments: OFF',
    '    --setDF: OFF',
    '    --genFH: OFF',
    '    --genID: ON',
    '    --boostMTU: ON',
    '',
    '  Additional Logging:',
    '  --logging-bib: OFF',
    '  --logging-session: OFF',
    '',
    ...filteringAndTimeouts(o.adf === true),
    '',
    '',
  ].join('\n');
}

/** v3.5.0 and v3.5.7's handle_display_response() at the defaults but these. */
function globals35(o: { status: string; fArgsOneLine: boolean; enabled?: boolean; fArgs?: number }): string {
  const f = o.fArgs ?? 11;
  const bit = (k: number) => ((f >> k) & 1 ? 'ON' : 'OFF');
  return [
    '',
    `  Status: ${o.status}`,
    `  Manually enabled (--enable, --disable): ${o.enabled === false ? 'OFF' : 'ON'}`,
    '',
    '  --zeroize-traffic-class: OFF',
    '  --override-tos: OFF',
    '  --tos: 0 (0x0)',
    `  --mtu-plateaus: ${PLATEAUS.join(',')}`,
    '  --maximum-simultaneous-opens: 10',
    '  --source-icmpv6-errors-better: OFF',
    '  --handle-rst-during-fin-rcv: OFF',
    `  --f-args: ${f} (0b${f.toString(2).padStart(4, '0')})`,
    ...(o.fArgsOneLine
      ? [`    SrcAddr:${bit(3)}  SrcPort:${bit(2)}  DstAddr:${bit(1)}  DstPort:${bit(0)}`]
      : [`    Src addr: ${bit(3)}`, `    Src port: ${bit(2)}`, `    Dst addr: ${bit(1)}`, `    Dst port: ${bit(0)}`]),
    '',
    '  Additional Logging:',
    '    --logging-bib: OFF',
    '    --logging-session: OFF',
    '',
    ...filteringAndTimeouts(false),
    '',
    '  Synchronization:',
    '    --ss-enabled: OFF',
    '    --ss-flush-asap: ON',
    '    --ss-flush-deadline: 2 seconds',
    '    --ss-capacity: 512',
    '    --ss-max-payload: 1452',
    '',
  ].join('\n');
}

describe('the seed page (JOOL_VERSION unset): --pool6 and --global as f04b57f2', () => {
  it("runs the --pool6 page's examples", () => {
    const { ok, run } = setup();
    expect(ok('--pool6', '--display')).toBe('  (empty)\n');
    expect(ok('--pool6', '--count')).toBe('0\n');
    ok('--pool6', '--add', '64:ff9b::/96');
    // The page prints "(Fetched 1 prefixes.)"; pool6.c prints entries.
    expect(ok('--pool6', '--display')).toBe('64:ff9b::/96\n  (Fetched 1 entries.)\n');
    expect(ok('--pool6', '--display', '--csv')).toBe('Prefix\n64:ff9b::/96\n');
    expect(ok('--pool6', '--count')).toBe('1\n');
    ok('--pool6', '--remove', '64:ff9b::/96');
    ok('--pool6', '--add', '2001:db8::/64');
    expect(ok('-6')).toBe('2001:db8::/64\n  (Fetched 1 entries.)\n');
    ok('--pool6', '--flush', '--quick');
    expect(ok('--pool6')).toBe('  (empty)\n');
    // The seed's userspace refuses lengths RFC 6052 does not allow; it checks no u-bit.
    expect(run('--pool6', '--add', '64:ff9b::/95').status).toBe(1);
    ok('--pool6', '--add', '64:ff9b:0:0:ff00::/96');
  });

  it("runs the --global page's examples and shows the seed's display", () => {
    const { ok, run } = setup();
    expect(ok('--global')).toBe(seedGlobals({ status: 'Disabled' }));
    // Bare `jool` stays the usage error it is on the seed page (SPEC 12).
    expect(run().status).toBe(2);
    ok('--global', '--disable');
    ok('--address-dependent-filtering', 'true');
    ok('--mtu-plateaus', '6000, 5000, 4000, 3000, 2000, 1000');
    ok('--pool6', '--add', '64:ff9b::/96');
    expect(ok('-g')).toBe(seedGlobals({ status: 'Disabled', disabled: true, adf: true, plateaus: [6000, 5000, 4000, 3000, 2000, 1000] }));
    ok('--enable');
    // Status needs pool6 and pool4 in the seed (nl_handler.c).
    expect(ok('--global')).toContain('  Status: Disabled\n');
    ok('--pool4', '--add', '192.0.2.1');
    expect(ok('--global')).toContain('  Status: Enabled\n  Manually disabled (--enable, --disable): OFF\n');
  });

  it("prints the seed's horizontal CSV, and its old aliases and atomic-fragment keys set the same globals", () => {
    const { ok } = setup();
    ok('--TOS', '7');
    ok('--toUDP', '600');
    ok('--allow-atomic-fragments', 'on');
    const csv = ok('--global', '--csv').split('\n');
    expect(csv[0]).toBe(
      'Status,Manually disabled,zeroize-traffic-class,override-tos,tos,mtu-plateaus,maximum-simultaneous-opens,source-icmpv6-errors-better,allow-atomic-fragments,setDF,genFH,genID,boostMTU,logging-bib,logging-session,address-dependent-filtering,drop-icmpv6-info,drop-externally-initiated-tcp,udp-timeout,tcp-est-timeout,tcp-trans-timeout,icmp-timeout,fragment-arrival-timeout',
    );
    expect(csv[1]).toBe(`Disabled,OFF,OFF,OFF,7,"${PLATEAUS.join(',')}",10,OFF,ON,ON,ON,OFF,OFF,OFF,OFF,OFF,OFF,OFF,00:10:00.0,02:00:00.0,00:04:00.0,00:01:00.0,00:00:02.0`);
    ok('--genID', 'true');
    expect(ok('--global')).toContain('  --allow-atomic-fragments: Mixed\n');
    // The same globals as Jool 4's: tos and udp-timeout set here show there.
    expect(ok('global', 'display')).toContain('  tos: 7\n');
    expect(ok('global', 'display')).toContain('  udp-timeout: 0:10:00 (HH:MM:SS)\n');
  });

  it('refuses what the seed refuses, changing nothing', () => {
    const { run, ok, snapshot } = setup();
    ok('--tos', '1');
    const before = snapshot();
    for (const [args, status, message] of [
      [['--tos', '256'], 2, /--tos '256' is not a whole decimal number from 0 to 255/],
      [['--udp-timeout', '60'], 2, /--udp-timeout '60' is not a whole number of seconds from 120/],
      [['--tos', '5', '--override-tos', 'on'], 2, /two keys: Jool 3 sets one global value at a time/],
      [['--f-args', '3'], 2, /--f-args is not an option of Jool 3 at f04b57f2/],
      [['--ss-enabled', 'true'], 2, /--ss-enabled is not an option of Jool 3 at f04b57f2/],
      [['--no-headers', '--pool4'], 2, /--no-headers is not an option of Jool 3 at f04b57f2/],
      [['--pool6', '--add', '64:ff9b::1/96'], 1, /bits set past its length/],
      [['--pool6', '--remove', '64:ff9b::/96'], 1, /is not in pool6/],
      [['--global', '--csv', '--tos', '3'], 2, /--tos does not go with --global --display/],
      [['--eamt'], 2, /--eamt is not provided/],
    ] as [string[], number, RegExp][]) {
      const r = run(...args);
      expect(r.status, args.join(' ')).toBe(status);
      expect(r.stderr).toMatch(message);
      expect(r.stdout).toBe('');
      expect(snapshot()).toBe(before);
    }
    ok('--pool6', '--add', '64:ff9b::/96');
    const r = run('--pool6', '--add', '2001:db8::/96');
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/only one pool6 prefix can exist per Jool instance/);
  });

  it("takes the lowest operation the arguments allow, as the seed's parser does", () => {
    const { ok } = setup();
    ok('--pool4', '192.0.2.1', '7000-7999');
    ok('--pool4', '--mark', '1', '192.0.2.2', '100');
    ok('--bib', '2001:db8::1#80', '192.0.2.1#7000');
    ok('--pool6', '64:ff9b::/96');
    expect(ok('--pool4')).toBe(
      '0\tICMP\t192.0.2.1\t7000-7999\n0\tUDP\t192.0.2.1\t7000-7999\n0\tTCP\t192.0.2.1\t7000-7999\n1\tICMP\t192.0.2.2\t100-100\n1\tUDP\t192.0.2.2\t100-100\n1\tTCP\t192.0.2.2\t100-100\n  (Fetched 6 entries.)\n',
    );
    ok('--pool4', '192.0.2.1', '7000-7499', '--quick');
    expect(ok('--pool4', '--mark', '0', '--tcp')).toBe('0\tTCP\t192.0.2.1\t7500-7999\n  (Fetched 1 entries.)\n');
    expect(ok('-6', '--count')).toBe('1\n');
  });
});

describe.each([
  { release: '3.5.2', layout: 'rows' },
  { release: '3.5.5', layout: 'two-ports' },
  { release: '3.5.7', layout: 'ports' },
])('Jool $release', ({ release, layout }) => {
  it('prints pool4 as it does: TCP, UDP, ICMP, marks descending; samples; every port by default', () => {
    const { ok } = setup(release);
    const empty = ok('--pool4');
    const csvEmpty = ok('--pool4', '--csv');
    ok('--pool4', '--add', '192.0.2.1');
    ok('--pool4', '--add', '--tcp', '--mark', '7', '192.0.2.2', '100-200');
    const shown = ok('--pool4');
    const csv = ok('--pool4', '--csv');
    if (layout === 'rows') {
      expect(empty).toBe('  (empty)\n');
      const header = 'Mark,Protocol,Address,Min port,Max port\n';
      expect(csvEmpty).toBe(header.repeat(3));
      expect(shown).toBe('7\tTCP\t192.0.2.2\t100-200\n0\tTCP\t192.0.2.1\t1-65535\n0\tUDP\t192.0.2.1\t1-65535\n0\tICMP\t192.0.2.1\t0-65535\n  (Fetched 4 samples.)\n');
      expect(csv).toBe(`${header}7,TCP,192.0.2.2,100,200\n0,TCP,192.0.2.1,1,65535\n${header}0,UDP,192.0.2.1,1,65535\n${header}0,ICMP,192.0.2.1,0,65535\n`);
      return;
    }
    const sep = layout === 'ports' ? SEP : SEP_355;
    const header =
      layout === 'ports' ? '|       Mark | Proto |     Max iterations |         Address |       Ports |\n' : '|       Mark | Proto |     Max iterations |         Address | Port min | Port max |\n';
    const row = (mark: number, proto: string, address: string, min: number, max: number) =>
      `${sep}| ${String(mark).padStart(10)} | ${proto.padStart(5)} |       1024 ( auto) | ${address.padStart(15)} | ${layout === 'ports' ? `${String(min).padStart(5)}-${String(max).padStart(5)}` : `${String(min).padStart(8)} | ${String(max).padStart(8)}`} |\n`;
    expect(empty).toBe(`${sep}${header}${sep}  (empty)\n`);
    expect(ok('--pool4', '--no-headers', '--display')).not.toContain('Fetched');
    expect(shown).toBe(
      `${sep}${header}${row(7, 'TCP', '192.0.2.2', 100, 200)}${row(0, 'TCP', '192.0.2.1', 1, 65535)}${row(0, 'UDP', '192.0.2.1', 1, 65535)}${row(0, 'ICMP', '192.0.2.1', 0, 65535)}${sep}  (Fetched 4 samples.)\n`,
    );
    expect(csv).toBe(
      'Mark,Protocol,Address,Min port,Max port,Iterations,Iterations fixed\n7,TCP,192.0.2.2,100,200,1024,0\n0,TCP,192.0.2.1,1,65535,1024,0\n0,UDP,192.0.2.1,1,65535,1024,0\n0,ICMP,192.0.2.1,0,65535,1024,0\n',
    );
    expect(csvEmpty).toBe('Mark,Protocol,Address,Min port,Max port,Iterations,Iterations fixed\n');
  });

  it('refuses --pool4 --count; removes from a table that does not exist; cascades --remove into its own protocols', () => {
    const { ok, run, snapshot } = setup(release);
    const count = run('--pool4', '--count');
    expect(count.status).toBe(2);
    expect(count.stderr).toMatch(/not implemented anymore/);
    ok('--pool4', '--remove', '--mark', '9', '192.0.2.9');
    ok('--pool4', '--add', '192.0.2.1', '80');
    ok('--bib', '--add', '--tcp', '192.0.2.1#80', '2001:db8::1#80');
    ok('--bib', '--add', '--udp', '192.0.2.1#80', '2001:db8::1#80');
    // An identical re-add succeeds, printing its success line (B2).
    expect(ok('--bib', '--add', '--tcp', '192.0.2.1#80', '2001:db8::1#80')).toBe('TCP:\nThe BIB entry was added successfully.\n');
    // The seed cascades into all three tables; 3.5 into the request's protocols (P8).
    ok('--pool4', '--remove', '--udp', '192.0.2.1');
    expect(ok('--bib', '--numeric', '--csv')).toBe('Protocol,IPv6 Address,IPv6 L4-ID,IPv4 Address,IPv4 L4-ID,Static?\nTCP,2001:db8::1,80,192.0.2.1,80,1\n');
    expect(ok('--session', '--count')).toBe('0\n0\n0\n');
    expect(ok('--bib', '--count')).toBe('TCP: 1\nUDP: 0\nICMP: 0\n');
    // The /24 warning goes to stdout, once per protocol, as Jool's client prints it.
    const before = snapshot();
    const big = run('--pool4', '--add', '--tcp', '--udp', '192.0.2.0/23');
    expect(big.status).toBe(1);
    expect(big.stdout.split('Will cancel the operation. Use --force to override this.\n')).toHaveLength(3);
    expect(snapshot()).toBe(before);
  });

  it('shows --global in 3.5 layout, with the Synchronization block; --enable, --disable and the status', () => {
    const { ok, run } = setup(release);
    const oneLine = layout !== 'rows';
    expect(ok('--global')).toBe(globals35({ status: 'Disabled', fArgsOneLine: oneLine }));
    // Bare jool under a 3.x JOOL_VERSION displays the globals.
    expect(ok()).toBe(globals35({ status: 'Disabled', fArgsOneLine: oneLine }));
    ok('--pool6', '--add', '64:ff9b::/96');
    ok('--f-args', '6');
    expect(ok('--global')).toBe(globals35({ status: 'Enabled', fArgsOneLine: oneLine, fArgs: 6 }));
    ok('--disable');
    expect(ok('--global')).toBe(globals35({ status: 'Disabled', fArgsOneLine: oneLine, fArgs: 6, enabled: false }));
    const csv = ok('--global', '--csv');
    expect(csv.startsWith(oneLine ? 'Field,Value\nStatus,Disabled\nManually enabled,FALSE\n' : 'Status,Disabled\nManually enabled,FALSE\n')).toBe(true);
    expect(csv).toContain('f-args,6\n');
    expect(csv).toContain('joold Enabled,FALSE\nss-flush-asap,TRUE\nss-flush-deadline,00:00:02.0\nss-capacity,512\nss-max-payload,1452\n');
    for (const gone of ['--setDF', '--toUDP', '--allow-atomic-fragments']) expect(run(gone, 'on').status).toBe(2);
    // pool6: one prefix; the u-bit needs --force from 3.4 on; remove flushes the BIB (G7).
    expect(run('--pool6', '--add', '2001:db8::/96').status).toBe(1);
    ok('--pool6', '--remove', '64:ff9b::/96');
    expect(run('--pool6', '--add', '64:ff9b:0:0:ff00::/96').status).toBe(1);
    ok('--pool6', '--add', '64:ff9b:0:0:ff00::/96', '--force');
    expect(run('--pool6', '--flush', '--quick').status).toBe(2);
    expect(ok('--pool6')).toBe(`${oneLine ? 'Prefix\n' : ''}64:ff9b:0:0:ff00::/96\n  (Fetched 1 entries.)\n`);
  });

  it(layout === 'rows' ? 'has no --update, --max-iterations or --no-headers' : 'sets max iterations with --update and --max-iterations', () => {
    const { ok, run } = setup(release);
    ok('--pool4', '--add', '--tcp', '192.0.2.1', '1-100');
    if (layout === 'rows') {
      for (const args of [
        ['--pool4', '--update'],
        ['--pool4', '--add', '192.0.2.3', '--max-iterations', '5'],
        ['--pool4', '--no-headers'],
      ])
        expect(run(...args).status).toBe(2);
      return;
    }
    ok('--pool4', '--update', '--tcp', '--max-iterations', '50');
    // --mark alone picks the lowest operation 3.5.5 allows it: update.
    ok('--pool4', '--tcp', '--mark', '0', '--max-iterations', 'infinity');
    expect(ok('--pool4', '--csv', '--no-headers')).toBe('0,TCP,192.0.2.1,1,100,infinite,1\n');
    const missing = run('--pool4', '--update', '--udp', '--max-iterations', '5');
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/no entries match mark 0 \(protocol UDP\)/);
    expect(run('--pool4', '--update', '--max-iterations', '0').status).toBe(2);
  });

  it('reads a suffix as 3.5.0-3.5.4 do (that many addresses from the one given) or refuses it (3.5.5 on)', () => {
    const { ok, run } = setup(release);
    if (layout === 'rows') {
      ok('--pool4', '--add', '--icmp', '192.0.2.254/31', '5');
      expect(ok('--pool4')).toBe('0\tICMP\t192.0.2.254\t5-5\n0\tICMP\t192.0.2.255\t5-5\n  (Fetched 2 samples.)\n');
      ok('--pool4', '--add', '--icmp', '192.0.2.255/31', '6');
      expect(ok('--pool4')).toContain('0\tICMP\t192.0.3.0\t6-6\n');
    } else {
      expect(run('--pool4', '--add', '192.0.2.1/24').status).toBe(2);
    }
  });
});

describe('releases of the Jool 3 syntax', () => {
  it('leaves the Jool 4 syntax at 4.1.15 under a 3.x JOOL_VERSION, and the Jool 3 syntax at the seed under a 4.x one', () => {
    const jool3 = setup('3.5.7');
    expect(jool3.ok('--version')).toContain('answers as Jool 4.1.15 in the Jool 4 syntax and as Jool 3.5.7 in the Jool 3 syntax');
    expect(jool3.ok('global', 'display')).toContain('  ss-flush-asap: false\n');
    const jool4 = setup('4.1.9');
    expect(jool4.ok('--pool4')).toBe('  (empty)\n');
    for (const [given, shown] of [
      ['3.5.7-2', '3.5.7'],
      ['v3.5.0', '3.5.0'],
    ]) {
      expect(jool(['--version'], { JOOL_VERSION: given }).stdout).toContain(`as Jool ${shown} in the Jool 3 syntax`);
    }
  });

  it('keeps a value set in one syntax and release in every other', () => {
    const { state } = setup();
    const env = (release: string) => ({ JOOL_POOL4_STATE: state, JOOL_VERSION: release });
    // Jool 4's default, but not Jool 3's: kept, and shown by Jool 3.
    expect(jool(['global', 'update', 'source-icmpv6-errors-better', 'true'], env('4.1.15')).status).toBe(0);
    expect(jool(['--global'], env('3.5.7')).stdout).toContain('  --source-icmpv6-errors-better: ON\n');
    // 3.5's default is 4.1.15's too, but not 4.1.9's: kept.
    expect(jool(['--ss-flush-asap', 'false'], env('3.5.7')).status).toBe(0);
    expect(jool(['global', 'display'], env('4.1.9')).stdout).toContain('  ss-flush-asap: false\n');
    // A Jool 3 key no Jool 4 has stays in the file, unshown by Jool 4.
    expect(jool(['--fragment-arrival-timeout', '9'], env('3.5.7')).status).toBe(0);
    expect(jool(['global', 'display'], env('4.1.15')).stdout).not.toContain('fragment');
    expect(jool(['--global'], env('3.5.0')).stdout).toContain('    --fragment-arrival-timeout: 9 seconds\n');
    expect(JSON.parse(readFileSync(state, 'utf8')).instances[0].globals).toEqual({ 'source-icmpv6-errors-better': true, 'ss-flush-asap': false, 'fragment-arrival-timeout': '0:00:09' });
  });

  it('plans, in the Jool 3 syntax of 3.5.7, pool6, max iterations and --global keys, and the script reaches the target', () => {
    const target = setup('3.5.7');
    target.ok('--pool6', '--add', '2001:db8::/96');
    target.ok('--pool4', '--add', '--tcp', '192.0.2.1', '1-100', '--max-iterations', '9');
    target.ok('--tos', '9');
    target.ok('--disable');
    target.ok('--ss-capacity', '100');
    const here = setup('3.5.7');
    here.ok('--pool6', '--add', '64:ff9b::/96');
    const plan = here.run('--pool4', '--plan', target.state);
    expect(plan.status).toBe(1);
    expect(plan.stdout.split('\n').filter((l) => l.startsWith('jool '))).toEqual([
      'jool --pool6 --remove 64:ff9b::/96',
      'jool --pool6 --add 2001:db8::/96',
      'jool --pool4 --add --mark 0 --tcp 192.0.2.1/32 1-100',
      'jool --pool4 --update --mark 0 --tcp --max-iterations 9',
      'jool --disable',
      'jool --tos 9',
      'jool --ss-capacity 100',
    ]);
    for (const line of plan.stdout.split('\n').filter((l) => l.startsWith('jool '))) here.ok(...line.split(' ').slice(1));
    expect(here.run('--pool4', '--plan', target.state)).toMatchObject({ status: 0, stdout: '' });
    expect(here.ok('--global')).toBe(target.ok('--global'));
  });
});
