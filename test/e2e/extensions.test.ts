// The documented extensions: --check, --table, --json, --import, completion and the manual page.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { toJoolError } from '../../src/errors';
import { check } from '../../src/modes/check';
import { OPTIONS } from '../../src/cli/jool3-options';
import { stringSink } from '../../src/output/sink';
import { jool, tempDir, withState } from '../helpers';

function setup() {
  const state = join(tempDir(), 'pool4.json');
  const run = withState(state);
  run('-4', '-a', '192.0.2.1');
  run('-4', '-a', '--tcp', '--force', '10.0.0.0/16', '1000-1999');
  run('-4', '-a', '--tcp', '10.0.0.7', '3000-3099');
  run('-4', '-a', '--mark', '5', '--icmp', '203.0.113.0/31', '0-10');
  return { state, run };
}

describe('--display --table', () => {
  it('prints a bordered table with CIDR blocks, a /16 as few lines', () => {
    const { run } = setup();
    expect(run('-4', '--table', '--tcp')).toEqual({
      status: 0,
      stderr: '',
      stdout: [
        '┌──────┬──────────┬───────────────┬──────────────────────┬─────────────────────┐',
        '│ Mark │ Protocol │ Addresses     │ Ports                │ Transport addresses │',
        '│    0 │ TCP      │ 10.0.0.0/30   │ 1000-1999            │                4000 │',
        '│    0 │ TCP      │ 10.0.0.4/31   │ 1000-1999            │                2000 │',
        '│    0 │ TCP      │ 10.0.0.6/32   │ 1000-1999            │                1000 │',
        '│    0 │ TCP      │ 10.0.0.7/32   │ 1000-1999, 3000-3099 │                1100 │',
        '│    0 │ TCP      │ 10.0.0.8/29   │ 1000-1999            │                8000 │',
        '│    0 │ TCP      │ 10.0.0.16/28  │ 1000-1999            │               16000 │',
        '│    0 │ TCP      │ 10.0.0.32/27  │ 1000-1999            │               32000 │',
        '│    0 │ TCP      │ 10.0.0.64/26  │ 1000-1999            │               64000 │',
        '│    0 │ TCP      │ 10.0.0.128/25 │ 1000-1999            │              128000 │',
        '│    0 │ TCP      │ 10.0.1.0/24   │ 1000-1999            │              256000 │',
        '│    0 │ TCP      │ 10.0.2.0/23   │ 1000-1999            │              512000 │',
        '│    0 │ TCP      │ 10.0.4.0/22   │ 1000-1999            │             1024000 │',
        '│    0 │ TCP      │ 10.0.8.0/21   │ 1000-1999            │             2048000 │',
        '│    0 │ TCP      │ 10.0.16.0/20  │ 1000-1999            │             4096000 │',
        '│    0 │ TCP      │ 10.0.32.0/19  │ 1000-1999            │             8192000 │',
        '│    0 │ TCP      │ 10.0.64.0/18  │ 1000-1999            │            16384000 │',
        '│    0 │ TCP      │ 10.0.128.0/17 │ 1000-1999            │            32768000 │',
        '│    0 │ TCP      │ 192.0.2.1/32  │ 60001-65535          │                5535 │',
        '└──────┴──────────┴───────────────┴──────────────────────┴─────────────────────┘',
        '',
      ].join('\n'),
    });
  });

  it('shows a /16 with one port range as one line, and an empty selection as (empty)', () => {
    const { run } = setup();
    run('-4', '-a', '--udp', '--force', '10.1.0.0/16');
    expect(
      run('-4', '--table', '--udp')
        .stdout.split('\n')
        .filter((l) => l.includes('10.1.0.0/16')),
    ).toHaveLength(1);
    expect(run('-4', '--table', '--mark', '9').stdout).toBe('  (empty)\n');
  });
});

describe('--display --json', () => {
  it('prints the pool4 and bib arrays of a Jool 4 configuration', () => {
    const { run } = setup();
    expect(run('-4', '--json', '--mark', '5').stdout).toBe(
      '{\n  "pool4": [\n    {\n      "mark": 5,\n      "protocol": "ICMP",\n      "prefix": "203.0.113.0/31",\n      "port range": "0-10"\n    }\n  ],\n  "bib": []\n}\n',
    );
    const all = JSON.parse(run('-4', '--json').stdout);
    expect(all.pool4).toContainEqual({ mark: 0, protocol: 'TCP', prefix: '10.0.0.7/32', 'port range': '3000-3099' });
    expect(all.pool4).toContainEqual({ mark: 0, protocol: 'TCP', prefix: '10.0.128.0/17', 'port range': '1000-1999' });
    expect(run('-4', '--json', '--mark', '9').stdout).toBe('{\n  "pool4": [],\n  "bib": []\n}\n');
    // The BIB, in Jool's order (TCP, UDP, ICMP); protocol flags filter it, --mark does not (entries have none).
    expect(run('--bib', '--add', '--icmp', '203.0.113.1#7', '2001:DB8::7#7').status).toBe(0);
    expect(run('--bib', '--add', '--tcp', '10.0.0.7#3000', '2001:db8::1#80').status).toBe(0);
    expect(JSON.parse(run('-4', '--json', '--mark', '9').stdout)).toEqual({
      pool4: [],
      bib: [
        { protocol: 'TCP', 'ipv6 address': '2001:db8::1#80', 'ipv4 address': '10.0.0.7#3000' },
        { protocol: 'ICMP', 'ipv6 address': '2001:db8::7#7', 'ipv4 address': '203.0.113.1#7' },
      ],
    });
    expect(JSON.parse(run('-4', '--json', '--icmp').stdout).bib).toEqual([{ protocol: 'ICMP', 'ipv6 address': '2001:db8::7#7', 'ipv4 address': '203.0.113.1#7' }]);
  });

  it('refuses two formats at once', () => {
    const { run } = setup();
    expect(run('-4', '--json', '--table')).toMatchObject({ status: 2, stdout: '' });
  });
});

describe('--check', () => {
  it('reports overlaps on stdout with both ways out, and exits 1', () => {
    const { run } = setup();
    // Mark 5 has an ICMP table alone: a finding of its own (below).
    run('-4', '--remove', '--mark', '5', '--icmp', '203.0.113.0/31');
    const r = run('-4', '--check', '--ephemeral-range', '32768-60999');
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(
      [
        '0\tUDP\t192.0.2.1/32\t60001-60999',
        '0\tTCP\t192.0.2.1/32\t60001-60999',
        '2 overlaps with the ephemeral port range 32768-60999 (from --ephemeral-range).',
        "Jool 4.1.15 and later refuse such ranges in pool4 add and file handle without --force; earlier releases accept them, but the host's own connections may take their ports.",
        "Either move the ephemeral range out of pool4's way:",
        '  sysctl -w net.ipv4.ip_local_port_range="32768 60000"',
        'or take the overlapping ports out of pool4:',
        '  jool --pool4 --remove --mark 0 --udp 192.0.2.1/32 60001-60999',
        '  jool --pool4 --remove --mark 0 --tcp 192.0.2.1/32 60001-60999',
        '',
      ].join('\n'),
    );
  });

  it('whose suggested removals clear every overlap', () => {
    const { run } = setup();
    const r = run('-4', '--check', '--ephemeral-range', '1500 3050');
    const removals = r.stdout.split('\n').filter((l) => l.startsWith('  jool '));
    expect(removals.length).toBeGreaterThan(0);
    for (const line of removals) expect(run(...line.trim().split(' ').slice(1)).status).toBe(0);
    expect(run('-4', '--check', '--ephemeral-range', '1500-3050')).toMatchObject({ status: 0, stdout: expect.stringMatching(/^No overlap/) });
  });

  it('exits 0 with one all-clear line when nothing overlaps', () => {
    const { run } = setup();
    run('-4', '--remove', '--mark', '5', '--icmp', '203.0.113.0/31');
    expect(run('-4', '--check', '--ephemeral-range', '20000-59999')).toEqual({
      status: 0,
      stdout: "No overlap: pool4's TCP and UDP ports are all outside the ephemeral port range 20000-59999 (from --ephemeral-range).\n",
      stderr: '',
    });
  });

  it('reports a mark with a table in some protocols only, with the adds that complete it', () => {
    const { run } = setup();
    const r = run('-4', '--check', '--ephemeral-range', '20000-59999');
    expect(r.status).toBe(1);
    expect(r.stdout.split('\n').slice(1)).toEqual([
      '1 mark has a table in some protocols only: packets of a missing protocol with that mark find no table (Jool drops them and counts JSTAT_MASK_DOMAIN_NOT_FOUND):',
      '  mark 5: ICMP; no UDP, TCP',
      'Add the missing tables (here with the samples of a table the mark has), or remove the mark if those protocols are meant to be dropped:',
      '  jool --pool4 --add --mark 5 --udp 203.0.113.0/31 1-10',
      '  jool --pool4 --add --mark 5 --tcp 203.0.113.0/31 1-10',
      '',
    ]);
    for (const line of r.stdout.split('\n').filter((l) => l.startsWith('  jool '))) expect(run(...line.trim().split(' ').slice(1)).status).toBe(0);
    expect(run('-4', '--check', '--ephemeral-range', '20000-59999').status).toBe(0);
  });

  it('reads the host range from /proc', () => {
    const proc = '/proc/sys/net/ipv4/ip_local_port_range';
    if (!existsSync(proc)) return;
    const [lo, hi] = readFileSync(proc, 'utf8').trim().split(/\s+/);
    const { run } = setup();
    expect(run('-4', '--check').stdout).toContain(`ephemeral port range ${lo}-${hi} (from ${proc})`);
  });

  // Like diff, trouble is 2: a script can tell it from "found an overlap" (1).
  it('without /proc and without --ephemeral-range: exit 2 saying so', () => {
    const { state } = setup();
    try {
      check({ operation: 'check', marks: [], state, lockTimeoutMs: 1000, release: '4.1.15', instance: 'default' }, stringSink(), '/nonexistent/ip_local_port_range');
      expect.fail('checked');
    } catch (e) {
      const error = toJoolError(e);
      expect(error.status).toBe(2);
      expect(error.message).toBe("'/nonexistent/ip_local_port_range' cannot be read: no such file or directory, so the host's ephemeral port range is unknown.\nGive it with --ephemeral-range <N-M>.");
    }
  });

  it('refuses a malformed range, and options of other operations', () => {
    const { run } = setup();
    expect(run('-4', '--check', '--ephemeral-range', '1-x')).toMatchObject({ status: 2, stderr: expect.stringContaining("'1-x' is not a port range") });
    expect(run('-4', '--display', '--ephemeral-range', '1-2')).toMatchObject({ status: 2, stderr: expect.stringContaining('--ephemeral-range does not go with --display') });
    expect(run('-4', '--check', '--tcp')).toMatchObject({ status: 2 });
  });
});

describe('--import', () => {
  it.each(['--csv', '--json'])('%s output imported with --replace gives back the same pool', (format) => {
    const { state, run } = setup();
    const file = join(tempDir(), 'export');
    writeFileSync(file, run('-4', format).stdout);
    const copy = join(tempDir(), 'copy.json');
    jool(['-4', '-a', '198.51.100.1', '--state', copy]); // replaced, not kept
    expect(jool(['-4', '--import', file, '--replace', '--state', copy])).toEqual({ status: 0, stdout: '', stderr: '' });
    expect(readFileSync(copy, 'utf8')).toBe(readFileSync(state, 'utf8'));
  });

  it('imports a large fragmented pool in one step, byte for byte the same', () => {
    const dir = tempDir();
    const runs = Array.from({ length: 20_000 }, (_, i) => `"11.0.${i >> 8}.${i & 255} ${i % 2 ? '3000-3999' : '1000-1999'}"`);
    const original = join(dir, 'original.json');
    writeFileSync(original, `{"format": "jool-pool4-state", "version": 1, "tables": [{"mark": 0, "protocol": "UDP", "runs": [${runs.join(',')}]}]}`);
    const canonical = join(dir, 'canonical.json');
    const csv = join(dir, 'pool.csv');
    writeFileSync(csv, jool(['-4', '--csv', '--state', original]).stdout);
    expect(jool(['-4', '--import', csv, '--state', canonical]).status).toBe(0);
    expect(jool(['-4', '--count', '--state', canonical]).stdout).toBe('tables: 1\nsamples: 20000\ntransport addresses: 20000000\n');
    expect(jool(['-4', '--csv', '--state', canonical]).stdout).toBe(readFileSync(csv, 'utf8'));
  });

  it('adds to the pool from standard input', () => {
    const { run, state } = setup();
    const input = 'Mark,Protocol,Address,Min port,Max port\n9,UDP,198.51.100.7,5,6\n';
    expect(jool(['-4', '--import', '-'], { JOOL_POOL4_STATE: state }, { input })).toEqual({ status: 0, stdout: '', stderr: '' });
    expect(run('-4', '--mark', '9').stdout).toBe('9\tUDP\t198.51.100.7\t5-6\n  (Fetched 1 entries.)\n');
    expect(run('-4', '-c').stdout).toContain('tables: 5');
  });

  it('reads a whole Jool 4 configuration file', () => {
    const { run } = setup();
    const file = join(tempDir(), 'jool4.conf');
    writeFileSync(
      file,
      JSON.stringify({ instance: 'default', framework: 'netfilter', global: { pool6: '64:ff9b::/96' }, pool4: [{ protocol: 'TCP', prefix: '198.51.100.0/30', 'port range': '7000-7999' }] }),
    );
    expect(run('-4', '--import', file, '--replace').status).toBe(0);
    expect(run('-4', '-c').stdout).toBe('tables: 1\nsamples: 4\ntransport addresses: 4000\n');
  });

  it.each([
    ['a bad CSV line', 'Mark,Protocol,Address,Min port,Max port\n0,TCP,198.51.100.1,1,2\n0,TCP,198.51.100.2,1\n', /, line 3: expected 5 fields/],
    ['a reserved address', 'Mark,Protocol,Address,Min port,Max port\n0,TCP,198.51.100.1,1,2\n0,TCP,127.0.0.1,1,2\n', /, line 3: 127.0.0.1\/32 touches 127.0.0.0\/8 \(loopback\)/],
    ['a bad JSON entry', '[{"protocol": "TCP", "prefix": "198.51.100.1"}, {"protocol": "TCP", "prefix": "198.51.100.1/33"}]', /, pool4\[1\]: '198.51.100.1\/33' is not an IPv4 prefix/],
    ['garbage', 'hello', /, line 1: expected the header/],
  ])('refuses %s whole: exit 1, naming the place, the pool unchanged', (_name, content, message) => {
    const { state, run } = setup();
    const before = readFileSync(state, 'utf8');
    const file = join(tempDir(), 'in');
    writeFileSync(file, content);
    for (const replace of [[], ['--replace']]) {
      const r = run('-4', '--import', file, ...replace);
      expect(r.status).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(message);
      expect(r.stderr).toContain(`jool: '${file}'`);
      expect(r.stderr).toContain('Nothing was imported; the pool is as it was.');
      expect(readFileSync(state, 'utf8')).toBe(before);
    }
  });

  it('names a file it cannot read, and needs a file name', () => {
    const { run } = setup();
    expect(run('-4', '--import', '/nonexistent/x.csv')).toMatchObject({ status: 1, stderr: expect.stringContaining("'/nonexistent/x.csv': cannot be read: no such file or directory") });
    expect(run('-4', '--import')).toMatchObject({ status: 2 });
    expect(run('-4', '--add', '--replace', '192.0.2.9')).toMatchObject({ status: 2, stderr: expect.stringContaining('--replace does not go with --add') });
  });
});

describe('completion and manual page, from the option table', () => {
  const flags = OPTIONS.flatMap((o) => [`--${o.long}`, ...(o.short === undefined ? [] : [`-${o.short}`])]);

  it('bash completion completes every flag, and files after --state and --import', () => {
    const script = jool(['--completion', 'bash']);
    expect(script.status).toBe(0);
    const complete = (...words: string[]) => {
      const r = spawnSync('bash', ['-c', `${script.stdout}\nCOMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _jool; printf '%s\\n' "\${COMPREPLY[@]}"`], {
        encoding: 'utf8',
        cwd: resolve(__dirname),
      });
      expect(r.stderr).toBe('');
      return r.stdout.trim().split('\n');
    };
    expect(complete('jool', '--po')).toEqual(['--pool6', '--pool4', '--ports']);
    expect(complete('jool', '-4', '--')).toEqual(expect.arrayContaining(['--tcp', '--udp', '--icmp', '--check', '--import', '--table', '--json']));
    expect(complete('jool', '-4', '--')).toEqual(flags.filter((f) => f.startsWith('--')));
    expect(complete('jool', '--import', 'extensions.te')).toEqual(['extensions.test.ts']);
    expect(complete('jool', '--completion', '')).toEqual(['bash']);
  });

  it('the manual page documents every flag', () => {
    const page = readFileSync(resolve(__dirname, '..', '..', 'dist', 'jool.1'), 'utf8');
    for (const o of OPTIONS) expect(page).toContain(`.B ${o.short === undefined ? '' : `\\-${o.short}, `}\\-\\-${o.long.replace(/-/g, '\\-')}`);
    const pkg = JSON.parse(readFileSync(resolve(__dirname, '..', '..', 'package.json'), 'utf8'));
    expect(pkg.man).toEqual(['./dist/jool.1']);
    const man = spawnSync('man', ['--warnings', '-l', resolve(__dirname, '..', '..', 'dist', 'jool.1')], { encoding: 'utf8', env: { ...process.env, MANWIDTH: '100' } });
    if (man.error === undefined && man.status === 0) {
      expect(man.stderr).toBe('');
      for (const f of flags) expect(man.stdout).toContain(f);
    }
  });

  it('--help lists every flag', () => {
    const help = jool(['--help']).stdout;
    for (const f of flags) expect(help).toMatch(new RegExp(`(^|[ ,])${f}[ ,\\n<]`, 'm'));
  });
});
