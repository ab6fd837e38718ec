// bin/jool as a user runs it: output formats, flags, exit statuses, and "a failure changes nothing".
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { jool, tempDir, withState } from '../helpers';

function setup() {
  const state = join(tempDir(), 'pool4.json');
  const run = withState(state);
  return { state, run };
}

describe('output', () => {
  it('prints CSV with a header, and the header alone for an empty pool', () => {
    const { run } = setup();
    expect(run('--pool4', '--csv')).toEqual({ status: 0, stdout: 'Mark,Protocol,Address,Min port,Max port\n', stderr: '' });
    run('--pool4', '--add', '--tcp', '192.0.2.1');
    run('--pool4', '--add', '--mark', '5', '--icmp', '192.0.2.0/31', '0-9');
    expect(run('--pool4', '--display', '--csv').stdout).toBe('Mark,Protocol,Address,Min port,Max port\n0,TCP,192.0.2.1,60001,65535\n5,ICMP,192.0.2.0,0,9\n5,ICMP,192.0.2.1,0,9\n');
  });

  it('counts tables, samples and transport addresses', () => {
    const { run } = setup();
    expect(run('--pool4', '--count').stdout).toBe('tables: 0\nsamples: 0\ntransport addresses: 0\n');
    run('--pool4', '--add', '192.0.2.0/30');
    run('--pool4', '--add', '--udp', '192.0.2.1', '100-199');
    expect(run('-4', '-c')).toEqual({ status: 0, stdout: 'tables: 3\nsamples: 13\ntransport addresses: 66520\n', stderr: '' });
  });

  it('prints "Fetched 1 entries." for one row, and filters by mark and protocol', () => {
    const { run } = setup();
    run('-4', '-a', '-t', '192.0.2.1');
    run('-4', '-a', '-m', '9', '-u', '192.0.2.1');
    expect(run('-4', '-d', '-m', '9').stdout).toBe('9\tUDP\t192.0.2.1\t60001-65535\n  (Fetched 1 entries.)\n');
    expect(run('-4', '--tcp').stdout).toBe('0\tTCP\t192.0.2.1\t60001-65535\n  (Fetched 1 entries.)\n');
    expect(run('-4', '--icmp').stdout).toBe('  (empty)\n');
    expect(run('-4', '--csv', '--mark', '3').stdout).toBe('Mark,Protocol,Address,Min port,Max port\n');
  });

  it('takes flags in any order and short flags', () => {
    const { run } = setup();
    expect(run('7000-7999', '192.0.2.2', '--tcp', '--add', '--pool4').status).toBe(0);
    expect(run('-4a', '-m1', '-u', '192.0.2.3').status).toBe(0);
    expect(run('-4r', '-t', '192.0.2.2', '7500-7999', '-q').status).toBe(0);
    expect(run('-4').stdout).toBe('0\tTCP\t192.0.2.2\t7000-7499\n1\tUDP\t192.0.2.3\t60001-65535\n  (Fetched 2 entries.)\n');
  });

  it('prints help and version on stdout', () => {
    const help = jool(['--help']);
    expect(help.status).toBe(0);
    expect(help.stderr).toBe('');
    expect(help.stdout).toContain('jool --pool4 --add    [--mark <mark>] [--tcp] [--udp] [--icmp] <IPv4 prefix> [<port range>] [--force]');
    for (const flag of [
      '-4, --pool4',
      '-d, --display',
      '-c, --count',
      '-a, --add',
      '-r, --remove',
      '-f, --flush',
      '--csv',
      '-m, --mark <mark>',
      '-t, --tcp',
      '-u, --udp',
      '-i, --icmp',
      '--force',
      '-q, --quick',
      '--state <path>',
    ]) {
      expect(help.stdout).toContain(`  ${flag} `);
    }
    expect(jool(['--pool4', '-h']).stdout).toBe(help.stdout);
    expect(jool(['--version'])).toMatchObject({ status: 0, stdout: expect.stringMatching(/^jool \d+\.\d+\.\d+/), stderr: '' });
  });
});

describe('every error: its status, a message on stderr, nothing on stdout, nothing changed', () => {
  const cases: [string, string[], number, RegExp][] = [
    ['no mode', ['--display'], 2, /give a mode: --pool4/],
    ['another mode', ['--eamt', '--display'], 2, /--eamt is not provided/],
    ['two operations', ['-4', '--add', '--flush', '192.0.2.1'], 2, /both operations/],
    ['an option of another operation', ['-4', '--flush', '--csv'], 2, /--csv does not go with --flush/],
    ['a missing prefix', ['-4', '--add'], 2, /needs an IPv4 prefix/],
    ['an extra argument', ['-4', '--add', '192.0.2.1', '1', '2'], 2, /one port range/],
    ['an unknown flag', ['-4', '--frobnicate'], 2, /unknown option '--frobnicate'/],
    ['a malformed prefix', ['-4', '--add', '010.0.0.1'], 2, /'010.0.0.1' is not an IPv4 prefix/],
    ['host bits', ['-4', '--add', '192.0.2.1/24'], 2, /did you mean 192.0.2.0\/24/],
    ['a malformed port', ['-4', '--add', '192.0.2.1', '0x10'], 2, /'0x10' is not a port range/],
    ['a malformed mark', ['-4', '--add', '-m', '4294967296', '192.0.2.1'], 2, /'4294967296' is not a mark/],
    ['needs --force', ['-4', '--add', '198.18.0.0/16'], 1, /198.18.0.0\/16 holds 65536 addresses.*\n.*--force/],
    ['a reserved address', ['-4', '--add', '--force', '224.0.0.0/24'], 1, /touches 224.0.0.0\/4 \(multicast\)/],
    ['port 0 only', ['-4', '--add', '--udp', '192.0.2.9', '0'], 1, /UDP has no port 0/],
    ['capacity', ['-4', '--add', '--icmp', '--force', '198.18.0.0/16', '0-65535'], 1, /at most 4294967295/],
  ];

  it.each(cases)('%s', (_name, argv, status, message) => {
    const { state, run } = setup();
    run('--pool4', '--add', '192.0.2.200');
    const before = readFileSync(state, 'utf8');
    const r = run(...argv);
    expect(r.status).toBe(status);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toMatch(/^(jool: .*\n)+$/);
    expect(readFileSync(state, 'utf8')).toBe(before);
  });

  it('a refused protocol refuses the whole command', () => {
    const { state, run } = setup();
    expect(run('-4', '--add', '--icmp', '--tcp', '192.0.2.1', '0').status).toBe(1);
    expect(existsSync(state)).toBe(false);
  });

  it('remove has none of add’s refusals', () => {
    const { run } = setup();
    run('-4', '-a', '192.0.2.1');
    for (const argv of [['127.0.0.1'], ['10.0.0.0/8'], ['192.0.2.1', '0']]) {
      expect(run('-4', '--remove', ...argv)).toEqual({ status: 0, stdout: '', stderr: '' });
    }
    expect(run('-4', '-c').stdout).toBe('tables: 3\nsamples: 3\ntransport addresses: 16605\n');
    expect(run('-4', '--remove', '0.0.0.0/0').status).toBe(0);
    expect(run('-4').stdout).toBe('  (empty)\n');
  });
});

describe('state file', () => {
  it('is found through --state, JOOL_POOL4_STATE and XDG_STATE_HOME, creating directories on first write', () => {
    const dir = tempDir();
    expect(jool(['-4', '-a', '192.0.2.1', '--state', join(dir, 'a', 'b.json')]).status).toBe(0);
    expect(existsSync(join(dir, 'a', 'b.json'))).toBe(true);
    expect(jool(['-4', '-a', '192.0.2.2'], { XDG_STATE_HOME: join(dir, 'xdg') }).status).toBe(0);
    expect(existsSync(join(dir, 'xdg', 'jool', 'pool4.json'))).toBe(true);
    expect(jool(['-4', '-a', '192.0.2.3'], { HOME: join(dir, 'home') }).status).toBe(0);
    expect(existsSync(join(dir, 'home', '.local', 'state', 'jool', 'pool4.json'))).toBe(true);
    expect(jool(['-4', '-c', '--state', join(dir, 'a', 'b.json')], { JOOL_POOL4_STATE: join(dir, 'nope.json') }).stdout).toMatch(/samples: 3/);
  });

  it('is not created by --display, --count, or a command that leaves the pool empty', () => {
    const dir = tempDir();
    const env = { JOOL_POOL4_STATE: join(dir, 'sub', 'pool4.json') };
    for (const argv of [['-4'], ['-4', '-c'], ['-4', '--csv'], ['-4', '-f'], ['-4', '-r', '192.0.2.1']]) {
      expect(jool(argv, env).status).toBe(0);
    }
    expect(existsSync(join(dir, 'sub'))).toBe(false);
  });

  it('is refused with its name when corrupt, and never overwritten', async () => {
    const { writeFileSync } = await import('node:fs');
    const { state, run } = setup();
    writeFileSync(state, '{"format": "jool-pool4-state", "version": 1, "tables": [');
    for (const argv of [['-4'], ['-4', '-c'], ['-4', '-a', '192.0.2.1'], ['-4', '-f']]) {
      const r = run(...argv);
      expect(r).toMatchObject({ status: 1, stdout: '' });
      expect(r.stderr).toContain(`jool: '${state}' is not a valid pool4 state file: it is not valid JSON`);
      expect(r.stderr).toContain('move it away');
    }
    expect(readFileSync(state, 'utf8')).toBe('{"format": "jool-pool4-state", "version": 1, "tables": [');
  });

  it('refuses a state path that is a directory', () => {
    const dir = tempDir();
    const r = jool(['-4', '-a', '192.0.2.1', '--state', dir]);
    expect(r).toMatchObject({ status: 1, stdout: '' });
    expect(r.stderr).toContain(`'${dir}' is a directory`);
  });
});
