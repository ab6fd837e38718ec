// Per-customer pool4 (docs/marks.md): --check --marks, --lookup and --generate driven through
// bin/jool, Jool 3.5's mark-less tree under every 3.5 release, and marks in configuration files.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RELEASES } from '../../src/releases/releases';
import { docSteps, jool, runSteps, tempDir, withState } from '../helpers';

const FIXTURES = join(__dirname, '..', 'fixtures', 'marks');
const EPHEMERAL = ['--ephemeral-range', '32768-60999'];

function setup() {
  const dir = tempDir();
  const state = join(dir, 'pool4.json');
  const file = (name: string, text: string) => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  };
  return { dir, state, run: withState(state), file };
}

describe("docs/marks.md's worked example", () => {
  it('runs as printed: rules -> check -> generated pool -> lookup of a logged address', () => {
    const steps = docSteps('marks.md', 'A worked example', '## `--generate`');
    expect(steps.length).toBeGreaterThan(10);
    expect(runSteps(steps, tempDir())).toBe(steps.length);
  });
});

describe("Jool 3.5's mark-less tree", () => {
  const example = (run: (...a: string[]) => ReturnType<typeof jool>) => {
    expect(run('--pool4', '--add', '--tcp', '192.0.2.5', '81').status).toBe(0);
    expect(run('--pool4', '--remove', '--mark', '7', '--tcp', '192.0.2.5', '50-4444').status).toBe(0);
    return run('--bib', '--add', '--tcp', '2001:db8::1#99', '192.0.2.5#81');
  };
  for (const release of RELEASES.jool3) {
    it(`${release}: a remove in a mark that holds nothing takes the range out of the tree, so --bib --add is refused`, () => {
      const { state } = setup();
      const run = (...a: string[]) => jool(a, { JOOL_POOL4_STATE: state, JOOL_VERSION: release });
      const r = example(run);
      expect(r.status).toBe(1);
      expect(r.stderr).toContain('a TCP table still shows it, but a remove in another mark took it out of the mark-less tree');
      expect(run('--pool4', '--display').stdout).toContain('192.0.2.5');
    });
  }
  it('a 3.5 plan puts the hole back with a re-add, so that its BIB add then succeeds; the seed plans none', () => {
    const { state, file } = setup();
    const target = file(
      'target.json',
      '{"pool4": [{"mark": 0, "protocol": "TCP", "prefix": "192.0.2.5/32", "port range": "81-81"}], "bib": [{"protocol": "TCP", "ipv6 address": "2001:db8::1#99", "ipv4 address": "192.0.2.5#81"}]}',
    );
    for (const [release, refills] of [
      ['3.5.7', 1],
      ['', 0],
    ] as const) {
      const env = { JOOL_POOL4_STATE: `${state}.${release}`, JOOL_VERSION: release };
      const run = (...a: string[]) => jool(a, env);
      run('--pool4', '--add', '--tcp', '192.0.2.5', '81');
      run('--pool4', '--add', '--mark', '7', '--tcp', '192.0.2.5', '50-4444');
      run('--pool4', '--remove', '--mark', '7', '--tcp', '192.0.2.5', '50-4444');
      const plan = run('--pool4', '--plan', target);
      expect(plan.status).toBe(1);
      const lines = plan.stdout.split('\n').filter((l) => l.startsWith('jool '));
      expect(lines.filter((l) => l === 'jool --pool4 --add --mark 0 --tcp 192.0.2.5/32 81-81')).toHaveLength(refills);
      for (const line of lines) expect(run(...line.split(' ').slice(1))).toMatchObject({ status: 0 });
      expect(run('--pool4', '--plan', target).status).toBe(0);
    }
  });
  it('the seed asks the tables: the same commands succeed', () => {
    const { run } = setup();
    expect(example(run)).toMatchObject({ status: 0, stdout: 'TCP:\nThe BIB entry was added successfully.\n' });
  });
  it('--check lists the hole with the add that fills it, and that add lets --bib --add through', () => {
    const { state } = setup();
    const run = (...a: string[]) => jool(a, { JOOL_POOL4_STATE: state, JOOL_VERSION: '3.5.7' });
    example(run);
    const r = run('--pool4', '--check', ...EPHEMERAL);
    expect(r.status).toBe(1);
    const lines = r.stdout.split('\n');
    expect(lines).toContain('  0\tTCP\t192.0.2.5\t81-81');
    const after = lines.slice(lines.findIndex((l) => l.startsWith('Add them again')) + 1);
    const fill = after.slice(
      0,
      after.findIndex((l) => !l.startsWith('  ')),
    );
    expect(fill).toEqual(['  jool --pool4 --add --mark 0 --tcp 192.0.2.5/32 81-81']);
    expect(run(...fill[0].trim().split(' ').slice(1)).status).toBe(0);
    expect(run('--bib', '--add', '--tcp', '2001:db8::1#99', '192.0.2.5#81').status).toBe(0);
    expect(run('--pool4', '--check', ...EPHEMERAL).stdout).not.toContain('mark-less tree');
  });
});

describe('--check --marks', () => {
  it('with a pool written in the Jool 4 syntax and an nft ruleset: marks without tables, conditions, unreached tables, shared addresses', () => {
    const { run } = setup();
    const env = { JOOL_EPHEMERAL_RANGE: '32768 60999' };
    const j4 = (...a: string[]) => jool(a, { JOOL_POOL4_STATE: setupState, ...env });
    const setupState = join(tempDir(), 'pool4.json');
    for (const p of ['--tcp', '--udp', '--icmp']) {
      expect(j4('pool4', 'add', '--mark', '1', p, '192.0.2.1', '1024-2047').status).toBe(0);
      expect(j4('pool4', 'add', '--mark', '2', p, '192.0.2.1', '2000-3071').status).toBe(0);
      expect(j4('pool4', 'add', '--mark', '9', p, '192.0.2.9', '1024-2047').status).toBe(0);
    }
    const r = jool(['--pool4', '--check', ...EPHEMERAL, '--marks', join(FIXTURES, 'nft-ruleset.txt')], { JOOL_POOL4_STATE: setupState });
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('  mark 0 ICMP, UDP, TCP: from every other source and 4 more prefixes\n');
    expect(r.stdout).toContain('  mark 16 ICMP, UDP, TCP: from 2001:db8:3::/64 and 1 more prefix\n');
    expect(r.stdout).toContain('  mark 300 TCP: from 2001:db8:300::/64\n');
    expect(r.stdout).toContain('  mark 9 ICMP (');
    expect(r.stdout).toContain('TCP\t192.0.2.1\t2000-2047\tmarks 1 and 2\n');
    // Mark 2 is set only when iifname "eth1" holds: said, not dropped.
    expect(r.stdout).not.toContain('mark 2 ICMP, UDP, TCP:');
    expect(run('--pool4', '--display').stdout).toBe('  (empty)\n');
  });
  it('reads an ip6tables-save file and reports the MARKSRCRANGE defect with its line, an example address and both marks', () => {
    const { run } = setup();
    run('--pool4', '--add', '192.0.2.1', '1024-2047');
    const r = run('--pool4', '--check', ...EPHEMERAL, '--marks', join(FIXTURES, 'ip6tables-save.txt'));
    expect(r.status).toBe(1);
    expect(r.stdout).toContain(
      "ip6tables-save.txt', line 16: MARKSRCRANGE -s 2001:db8:1234:5600::/56 --sub-prefix-len 64 gives real addresses the wrong mark: 2001:db8:1234:560f:a00:27ff:fe4e:66a1 gets 167782655, not 271",
    );
  });
  it("with pool4 empty, says that Jool's fallback masks every packet whatever its mark, and finds nothing", () => {
    const { run } = setup();
    expect(run('--pool4', '--check', ...EPHEMERAL, '--marks', join(FIXTURES, 'marks.csv'))).toMatchObject({
      status: 0,
      stdout: expect.stringContaining("pool4 is empty, so Jool masks every packet with the host's own addresses (ports 61001-65535)"),
    });
  });
  it('refuses a rules file it does not understand with exit 2, naming file and line, and changes nothing', () => {
    const { run, file, state } = setup();
    run('--pool4', '--add', '192.0.2.1', '1024-2047');
    const before = readFileSync(state);
    const bad = file('bad.rules', '*mangle\n:PREROUTING ACCEPT [0:0]\n-A PREROUTING -s 2001:db8::/64 -j MARK --set-mark 0x1ffffffff\nCOMMIT\n');
    const r = run('--pool4', '--check', ...EPHEMERAL, '--marks', bad);
    expect(r).toMatchObject({ status: 2, stdout: '' });
    expect(r.stderr).toContain("bad.rules', line 3: '--set-mark 0x1ffffffff': a mark is a number of 0 to 4294967295");
    expect(run('--pool4', '--check', ...EPHEMERAL, '--marks', join(tempDir(), 'missing')).status).toBe(2);
    expect(readFileSync(state)).toEqual(before);
  });
});

describe('--lookup', () => {
  function pool() {
    const s = setup();
    s.run('--pool4', '--add', '--mark', '5', '192.0.2.7', '40000-40999');
    s.run('--pool4', '--add', '--mark', '6', '--tcp', '192.0.2.7', '41000-41999');
    return s;
  }
  it('one address: the mark, the sample and the customer; exit 1 when pool4 does not hold it', () => {
    const { run } = pool();
    const rules = join(FIXTURES, 'marks.csv');
    expect(run('--pool4', '--lookup', '192.0.2.7#41500', '--tcp')).toEqual({ status: 0, stdout: '192.0.2.7#41500\tTCP\tmark 6\t192.0.2.7 41000-41999\t-\n', stderr: '' });
    expect(run('--pool4', '--lookup', '192.0.2.7#40123', '--udp', '--marks', rules).stdout).toBe('192.0.2.7#40123\tUDP\tmark 5\t192.0.2.7 40000-40999\t-\n');
    expect(run('--pool4', '--lookup', '192.0.2.8')).toEqual({ status: 1, stdout: '192.0.2.8\tany\tnot in pool4\n', stderr: '' });
  });
  it('a file or stdin, carrying the rest of each line through, as text, CSV or JSON', () => {
    const { run, file } = pool();
    const log = 'when,address\n192.0.2.7#40001,udp,2026-12-07 14:02\n192.0.2.7 41001 tcp x\n# a comment\n192.0.2.9:80 tcp y\n';
    const f = file('abuse.log', log);
    expect(run('--pool4', '--lookup', f)).toEqual({
      status: 1,
      stdout: '192.0.2.7#40001\tUDP\tmark 5\t192.0.2.7 40000-40999\t-\t2026-12-07 14:02\n192.0.2.7#41001\tTCP\tmark 6\t192.0.2.7 41000-41999\t-\tx\n192.0.2.9#80\tTCP\tnot in pool4\ty\n',
      stderr: '',
    });
    expect(jool(['--pool4', '--lookup', '-', '--csv'], { JOOL_POOL4_STATE: join(f, '..', 'pool4.json') }, { input: log }).stdout).toBe(
      'Address,Port,Protocol,Mark,Sample address,Min port,Max port,Customer,Carried\n192.0.2.7,40001,UDP,5,192.0.2.7,40000,40999,,2026-12-07 14:02\n192.0.2.7,41001,TCP,6,192.0.2.7,41000,41999,,x\n192.0.2.9,80,TCP,,,,,,y\n',
    );
    const json = JSON.parse(run('--pool4', '--lookup', f, '--json').stdout);
    expect(json[1]).toEqual({ address: '192.0.2.7', port: 41001, protocol: 'TCP', mark: 6, sample: { address: '192.0.2.7', 'port range': '41000-41999' }, carried: 'x' });
  });
  it('names the line it does not understand (exit 2), and refuses what the command line cannot mean (exit 2)', () => {
    const { run, file } = pool();
    const r = run('--pool4', '--lookup', file('bad.log', '192.0.2.7#40001 udp\n192.0.2.777 tcp\n'));
    expect(r).toMatchObject({ status: 2, stdout: '' });
    expect(r.stderr).toContain("bad.log', line 2: '192.0.2.777' is not an IPv4 address");
    expect(run('--pool4', '--lookup', '192.0.2.7', '--tcp', '--udp').status).toBe(2);
    expect(run('--pool4', '--lookup', '192.0.2.7#70000').status).toBe(2);
    expect(run('--pool4', '--lookup', '192.0.2.0/24').stderr).toContain('give one IPv4 address (192.0.2.7#40123), not a prefix');
    expect(run('--pool4', '--lookup', '192.0.2.7', '--csv', '--json').status).toBe(2);
  });
});

describe('--generate', () => {
  it('a Jool 4 plan that, run, leaves a pool whose check is clean and whose every block names its customer', () => {
    const { run, dir, state } = setup();
    const env = { JOOL_POOL4_STATE: state, JOOL_EPHEMERAL_RANGE: '32768 60999' };
    const gen = ['--pool4', '--generate', '198.51.100.0/31', '--customers', '2001:db8:77::/56', '--sub-prefix-len', '60', '--syntax', 'jool4'];
    const plan = jool(gen, env);
    expect(plan.status).toBe(0);
    expect(plan.stdout).toContain('# 16 customers (marks 1 to 16), ICMP, UDP, TCP: 1 address and');
    expect(plan.stdout).toContain('Left over: ports 32768-60999: the ephemeral range');
    for (const line of plan.stdout.split('\n').filter((l) => l.startsWith('jool '))) expect(jool(line.split(' ').slice(1), env).status).toBe(0);
    const rules = jool([...gen.slice(0, 7), '--rules'], env).stdout;
    writeFileSync(join(dir, 'rules.sh'), rules);
    expect(rules.split('\n').filter((l) => l.startsWith('ip6tables '))).toHaveLength(16);
    run('--pool4', '--add', '203.0.113.1', '1024-2047');
    const check = run('--pool4', '--check', ...EPHEMERAL, '--marks', join(dir, 'rules.sh'));
    expect(check.stdout).toContain("The marks of '");
    expect(check.status).toBe(0);
    const hit = run('--pool4', '--lookup', '198.51.100.1#2000', '--tcp', '--marks', join(dir, 'rules.sh'));
    expect(hit.stdout).toMatch(/^198\.51\.100\.1#2000\tTCP\tmark 2\t198\.51\.100\.1 1024-\d+\t2001:db8:77:10::\/60\n$/);
  });
  it('--json goes through file handle; --rules writes an nftables map where MARKSRCRANGE would mark wrongly, MARKSRCRANGE where it would not', () => {
    const { dir, state } = setup();
    const env = { JOOL_POOL4_STATE: state, JOOL_EPHEMERAL_RANGE: '32768 60999' };
    const json = jool(['--pool4', '--generate', '192.0.2.0/28', '--customers', '2001:db8:1234:5600::/56', '--mark-offset', '256', '--json'], env).stdout;
    const pool4 = JSON.parse(json).pool4;
    writeFileSync(join(dir, 'c.json'), JSON.stringify({ instance: 'default', framework: 'netfilter', global: { pool6: '64:ff9b::/96' }, pool4 }));
    expect(jool(['file', 'handle', join(dir, 'c.json')], env)).toMatchObject({ status: 0, stderr: '' });
    const nft = jool(['--pool4', '--generate', '192.0.2.0/28', '--customers', '2001:db8:1234:5600::/56', '--mark-offset', '256', '--rules'], env).stdout;
    expect(nft).toContain('meta mark set ip6 saddr map @customers');
    writeFileSync(join(dir, 'c.nft'), nft);
    expect(jool(['--pool4', '--check', ...EPHEMERAL, '--marks', join(dir, 'c.nft')], env).stdout).toContain('ICMP: 256 marked customers');
    const range = jool(['--pool4', '--generate', '192.0.2.0/28', '--customers', '2001:db8:1234:5000::/52', '--sub-prefix-len', '60', '--rules'], env).stdout;
    expect(range).toContain('-j MARKSRCRANGE --mark-offset 1 --sub-prefix-len 60\n');
  });
  it('refuses, naming the numbers, when the blocks do not fit, and changes nothing', () => {
    const { run } = setup();
    const r = run('--pool4', '--generate', '192.0.2.0/31', '--ports', '1000-1002', '--customers', '2001:db8::/56', '--sub-prefix-len', '59');
    expect(r).toMatchObject({ status: 1, stdout: '' });
    expect(r.stderr).toBe(
      'jool: 8 customers need a transport address each, and 192.0.2.0/31 with ports 1000-1002 holds 2 x 3 = 6 per protocol.\njool: Give a larger prefix or port range, or fewer customers.\n',
    );
    expect(run('--pool4', '--generate', '192.0.2.0/31').status).toBe(2);
    expect(run('--pool4', '--generate', '192.0.2.0/31', '--customers', '5-3').status).toBe(2);
    expect(run('--pool4', '--generate', '192.0.2.0/31', '--customers', '1-3', '--rules').status).toBe(2);
    expect(run('--pool4', '--display').stdout).toBe('  (empty)\n');
  });
  it('takes a list of marks as the customers, each once', () => {
    const { run } = setup();
    const r = run('--pool4', '--generate', '192.0.2.0/31', '--ports', '1024-1033', '--customers', '7,3-5,4', '--tcp');
    expect(r.status).toBe(0);
    expect(r.stdout.split('\n').filter((l) => l.startsWith('jool '))).toEqual([
      'jool --pool4 --add --mark 3 --tcp 192.0.2.0/32 1024-1028',
      'jool --pool4 --add --mark 4 --tcp 192.0.2.1/32 1024-1028',
      'jool --pool4 --add --mark 5 --tcp 192.0.2.0/32 1029-1033',
      'jool --pool4 --add --mark 7 --tcp 192.0.2.1/32 1029-1033',
    ]);
  });
});

describe('marks in configuration files (cJSON valueint)', () => {
  it('file check warns on stdout of a mark Jool reads as 0 and still succeeds; a fraction is refused, saying what Jool would read', () => {
    const { run, file } = setup();
    const config = (mark: string) =>
      `{"instance": "default", "framework": "netfilter", "global": {"pool6": "64:ff9b::/96"}, "pool4": [{"mark": ${mark}, "protocol": "TCP", "prefix": "192.0.2.1", "port range": "1024-2047"}]}`;
    const big = file('big.json', config('2147483648'));
    expect(run('file', 'check', big)).toEqual({
      status: 0,
      stdout: `Warning: '${big}', pool4[0]: Jool reads "mark": 2147483648 as mark 0 (json2mark() takes cJSON's valueint, which stays 0 past 2147483647); this program keeps 2147483648. Set the mark with pool4 add --mark, or choose one below 2147483648.\n`,
      stderr: '',
    });
    expect(run('file', 'check', file('ok.json', config('2147483647')))).toEqual({ status: 0, stdout: '', stderr: '' });
    const fraction = run('file', 'check', file('f.json', config('1.7')));
    expect(fraction.status).toBe(1);
    expect(fraction.stderr).toContain('"mark" is not a whole number from 0 to 4294967295 (it is 1.7; Jool\'s cJSON would read it as mark 1)');
    const iterations = run('file', 'check', file('i.json', config('1').replace('"port range"', '"max-iterations": 7.9, "port range"')));
    expect(iterations.stderr).toContain('"max-iterations" 7.9 is not "auto", "infinity" or a whole number from 1 to 4294967295 (Jool\'s cJSON would read it as 7)');
    expect(run('file', 'handle', big).status).toBe(0);
    expect(run('--pool4', '--check', ...EPHEMERAL).stdout).toContain('Note: mark 2147483648 cannot travel in a Jool 4 configuration file');
  });
});
