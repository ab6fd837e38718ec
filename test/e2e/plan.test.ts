// --plan: scripts that turn the pool into a file's, checked by running them.
import fc from 'fast-check';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { toJoolError } from '../../src/errors';
import { run } from '../../src/main';
import { stringSink } from '../../src/output/sink';
import { BIN, jool, docSteps, runSteps, tempDir } from '../helpers';

function setup() {
  const dir = tempDir();
  const state = join(dir, 'pool4.json');
  const env = { JOOL_POOL4_STATE: state };
  return { dir, state, env, run: (...args: string[]) => jool(args, env) };
}

describe('exit statuses, like diff', () => {
  it('0 and nothing when the pools are equal, 1 and a script when not', () => {
    const { dir, run } = setup();
    const file = join(dir, 'want.csv');
    writeFileSync(file, 'Mark,Protocol,Address,Min port,Max port\n0,TCP,192.0.2.1,61001,65535\n');
    const r = run('--pool4', '--plan', file);
    expect(r).toEqual({
      status: 1,
      stdout: [
        '#!/bin/sh',
        `# jool --pool4 --plan: turns the pool of instance 'default' into the one of '${file}':`,
        '# 0 removes, then 1 add. Stops at the first command that fails.',
        'set -e',
        'jool --pool4 --add --mark 0 --tcp 192.0.2.1/32 61001-65535',
        '',
      ].join('\n'),
      stderr: '',
    });
    expect(run('--pool4', '--add', '--tcp', '192.0.2.1', '61001-65535').status).toBe(0);
    expect(run('--pool4', '--plan', file)).toEqual({ status: 0, stdout: '', stderr: '' });
  });

  it.each([
    ['a missing file', ['--plan', 'none.csv'], /'none.csv' cannot be read: no such file or directory\.\njool: Nothing was changed\.\n$/],
    ['a bad line', ['--plan', 'bad.csv'], /'bad.csv', line 2: '192.0.2' is not an IPv4 prefix/],
    ['a state file without the instance', ['--plan', 'state.json', '--instance', 'x'], /is a state file without the instance 'x' \(its instances: 'default', 'lo'\)/],
    ['a corrupt state', ['--plan', 'want.csv', '--state', 'garbage.json'], /'garbage.json' is not a valid pool4 state file/],
    [
      'reserved addresses in the Jool 3 syntax',
      ['--plan', 'state.json', '--instance', 'lo'],
      /holds 127\.0\.0\.1\/32, in 127\.0\.0\.0\/8 \(loopback\), which the Jool 3 syntax refuses to add\.\njool: Plan with --syntax jool4\./,
    ],
    ['an unknown syntax', ['--plan', 'want.csv', '--syntax', 'jool5'], /--syntax 'jool5': give jool3 or jool4/],
    ['the flag taken as the file', ['--plan', '--syntax', 'jool4', 'want.csv'], /--plan took '--syntax' as its file name/],
    ['an option of another operation', ['--plan', 'want.csv', '--replace'], /--replace does not go with --plan/],
  ])('2 and nothing on stdout for trouble: %s', (_name, args, stderr) => {
    const { dir, env } = setup();
    writeFileSync(join(dir, 'want.csv'), 'Mark,Protocol,Address,Min port,Max port\n0,TCP,192.0.2.1,61001,65535\n');
    writeFileSync(join(dir, 'bad.csv'), 'Mark,Protocol,Address,Min port,Max port\n0,TCP,192.0.2,1,2\n');
    writeFileSync(join(dir, 'garbage.json'), 'garbage');
    const state = { ...env, JOOL_POOL4_STATE: join(dir, 'state.json') };
    jool(['--pool4', '--add', '192.0.2.1'], state);
    jool(['-i', 'lo', 'pool4', 'add', '--tcp', '127.0.0.1', '1-2'], state);
    const r = spawnSync(process.execPath, [BIN, '--pool4', ...args], { cwd: dir, env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8' });
    expect({ status: r.status, stdout: r.stdout }).toEqual({ status: 2, stdout: '' });
    expect(r.stderr).toMatch(stderr);
  });

  it('--check answers 2 for trouble too', () => {
    const { dir } = setup();
    writeFileSync(join(dir, 'garbage.json'), 'garbage');
    expect(jool(['--pool4', '--check', '--ephemeral-range', '1-2'], { JOOL_POOL4_STATE: join(dir, 'garbage.json') })).toMatchObject({ status: 2, stdout: '' });
  });
});

describe('the script', () => {
  it('aggregates addresses into CIDR blocks and, in the Jool 3 syntax, protocols into one command', () => {
    const { dir, run } = setup();
    run('--pool4', '--add', '--tcp', '10.0.0.3', '1-9');
    const file = join(dir, 'want.json');
    writeFileSync(
      file,
      JSON.stringify([
        { protocol: 'TCP', prefix: '10.0.0.0/16' },
        { protocol: 'UDP', prefix: '10.0.0.0/16' },
        { protocol: 'ICMP', prefix: '10.0.0.0/16', 'port range': '1-9' },
      ]),
    );
    expect(run('--pool4', '--plan', file).stdout.split('\n').slice(4)).toEqual([
      'jool --pool4 --remove --mark 0 --tcp 10.0.0.3/32 1-9',
      'jool --pool4 --add --mark 0 --icmp 10.0.0.0/16 1-9 --force',
      'jool --pool4 --add --mark 0 --tcp --udp 10.0.0.0/16 61001-65535 --force',
      '',
    ]);
    // Jool 4: one protocol a command; --force for the /16 and for ports in the ephemeral range.
    expect(run('--pool4', '--plan', file, '--syntax', 'jool4', '--ephemeral-range', '61000-61005').stdout.split('\n').slice(4)).toEqual([
      'jool pool4 remove --mark 0 --tcp 10.0.0.3/32 1-9',
      'jool pool4 add --mark 0 --icmp 10.0.0.0/16 1-9 --force',
      'jool pool4 add --mark 0 --udp 10.0.0.0/16 61001-65535 --force',
      'jool pool4 add --mark 0 --tcp 10.0.0.0/16 61001-65535 --force',
      '',
    ]);
  });

  it("sets a Jool 4 table's max iterations where they must change, and names the instance", () => {
    const { dir, run } = setup();
    run('-i', 'nat 64', 'pool4', 'add', '--udp', '192.0.2.1', '7000-7999');
    run('-i', 'nat 64', 'pool4', 'add', '--udp', '192.0.2.2', '7000-7999', '--max-iterations', '50');
    const file = join(dir, 'want.csv');
    writeFileSync(file, 'Mark,Protocol,Address,Min port,Max port,Iterations,Iterations fixed\n0,UDP,192.0.2.1,7000,7999,2000,1\n0,TCP,192.0.2.9,40000,40099,infinite,1\n');
    expect(run('--pool4', '--plan', file, '--syntax', 'jool4', '--instance', 'nat 64', '--ephemeral-range', '32768-60999').stdout.split('\n').slice(4)).toEqual([
      "jool -i 'nat 64' pool4 remove --mark 0 --udp 192.0.2.2/32 7000-7999",
      "jool -i 'nat 64' pool4 add --mark 0 --udp 192.0.2.1/32 7000-7999 --max-iterations 2000",
      "jool -i 'nat 64' pool4 add --mark 0 --tcp 192.0.2.9/32 40000-40099 --force",
      "jool -i 'nat 64' pool4 add --mark 0 --tcp 192.0.2.9/32 40000-40099 --max-iterations infinity --force",
      '',
    ]);
    expect(run('--pool4', '--plan', file, '--instance', 'nat 64').stdout.split('\n').slice(4, 7)).toEqual([
      "jool --pool4 --instance 'nat 64' --remove --mark 0 --udp 192.0.2.2/32 7000-7999",
      "jool --pool4 --instance 'nat 64' --add --mark 0 --tcp 192.0.2.9/32 40000-40099",
      '',
    ]);
  });

  it('brings the BIB too: its removes first, its adds last, and --quick where a remove would take an entry the file keeps', () => {
    const { dir, run } = setup();
    run('--pool4', '--add', '--tcp', '192.0.2.0/30', '1-100');
    run('--pool4', '--add', '--udp', '192.0.2.1', '1-100');
    run('--bib', '--add', '--tcp', '192.0.2.1#80', '2001:db8::1#80'); // kept
    run('--bib', '--add', '--tcp', '192.0.2.2#80', '2001:db8::2#80'); // moved to another IPv6 side
    run('--bib', '--add', '--udp', '192.0.2.1#53', '2001:db8::53#53'); // dropped
    const file = join(dir, 'want.json');
    writeFileSync(
      file,
      JSON.stringify({
        pool4: [
          { protocol: 'TCP', prefix: '192.0.2.1', 'port range': '80' },
          { protocol: 'TCP', prefix: '192.0.2.2', 'port range': '80' },
          { protocol: 'ICMP', prefix: '192.0.2.9', 'port range': '0-9' },
        ],
        bib: [
          { protocol: 'TCP', 'ipv6 address': '2001:db8::1#80', 'ipv4 address': '192.0.2.1#80' },
          { protocol: 'TCP', 'ipv6 address': '2001:db8::22#80', 'ipv4 address': '192.0.2.2#80' },
          { protocol: 'ICMP', 'ipv6 address': '2001:db8::9#9', 'ipv4 address': '192.0.2.9#9' },
        ],
      }),
    );
    const jool3 = run('--pool4', '--plan', file);
    expect(jool3.status).toBe(1);
    expect(jool3.stdout.split('\n').slice(3)).toEqual([
      '# The BIB: 2 entries removed before pool4 changes, 2 added after.',
      'set -e',
      'jool --bib --remove --tcp 192.0.2.2#80 2001:db8::2#80',
      'jool --bib --remove --udp 192.0.2.1#53 2001:db8::53#53',
      'jool --pool4 --remove --mark 0 --tcp 192.0.2.0/32 1-100',
      'jool --pool4 --remove --mark 0 --tcp 192.0.2.1/32 1-79',
      // Jool 3 cleans all three tables: this UDP remove would take the TCP entry the file keeps.
      'jool --pool4 --remove --mark 0 --udp 192.0.2.1/32 1-100 --quick',
      'jool --pool4 --remove --mark 0 --tcp 192.0.2.1/32 81-100',
      'jool --pool4 --remove --mark 0 --tcp 192.0.2.2/32 1-79',
      'jool --pool4 --remove --mark 0 --tcp 192.0.2.2/32 81-100',
      'jool --pool4 --remove --mark 0 --tcp 192.0.2.3/32 1-100',
      'jool --pool4 --add --mark 0 --icmp 192.0.2.9/32 0-9',
      'jool --bib --add --tcp 192.0.2.2#80 2001:db8::22#80',
      'jool --bib --add --icmp 192.0.2.9#9 2001:db8::9#9',
      '',
    ]);
    // Jool 4 cleans the remove's own protocol only: the UDP remove cannot take the TCP entry.
    const jool4 = run('--pool4', '--plan', file, '--syntax', 'jool4', '--ephemeral-range', '32768-60999').stdout.split('\n');
    expect(jool4).toContain('jool pool4 remove --mark 0 --udp 192.0.2.1/32 1-100');
    expect(jool4.filter((l) => l.includes('--quick'))).toEqual([]);
    expect(jool4.filter((l) => l.startsWith('jool bib'))).toEqual([
      'jool bib remove --tcp 192.0.2.2#80 2001:db8::2#80',
      'jool bib remove --udp 192.0.2.1#53 2001:db8::53#53',
      'jool bib add --tcp 192.0.2.2#80 2001:db8::22#80',
      'jool bib add --icmp 192.0.2.9#9 2001:db8::9#9',
    ]);
  });

  it('refuses, with 2, a state file whose BIB holds an orphan no command can add', () => {
    const { dir, run } = setup();
    const other = join(dir, 'other.json');
    const call = (...args: string[]) => jool(args, { JOOL_POOL4_STATE: other });
    call('--pool4', '--add', '--tcp', '192.0.2.1', '80');
    call('--bib', '--add', '--tcp', '192.0.2.1#80', '::1#80');
    call('--pool4', '--remove', '192.0.2.1', '--quick');
    call('--pool4', '--add', '--tcp', '192.0.2.2', '80');
    expect(run('--pool4', '--plan', other)).toMatchObject({
      status: 2,
      stdout: '',
      stderr: expect.stringContaining('the BIB to plan for holds [Static TCP] 192.0.2.1#80 - ::1#80, whose IPv4 transport address is not in the pool4 to plan for'),
    });
  });

  it('keeps a hostile file name out of the commands', () => {
    const { dir, run } = setup();
    const file = join(dir, 'x\nrm -rf y.csv');
    writeFileSync(file, 'Mark,Protocol,Address,Min port,Max port\n0,TCP,192.0.2.1,1,2\n');
    const lines = run('--pool4', '--plan', file).stdout.split('\n');
    expect(lines.filter((l) => !l.startsWith('#') && l !== '' && l !== 'set -e')).toEqual(['jool --pool4 --add --mark 0 --tcp 192.0.2.1/32 1-2']);
  });
});

// Random pairs of pools: the plan, run, turns the first into the second (its samples and, in the
// Jool 4 syntax, its max iterations), so that planning again finds nothing.
const BASE = 0xc0000200; // 192.0.2.0/27, and 10.0.0.0/22 for prefixes that need --force
interface Sample {
  mark: number;
  protocol: 'TCP' | 'UDP' | 'ICMP';
  prefix: string;
  min: number;
  max: number;
  iterations?: number | 'infinity' | 'auto';
}
const portArb = fc.constantFrom(0, 1, 2, 100, 101, 1000, 32767, 32768, 40000, 60999, 61000, 61001, 65535);
const sampleArb: fc.Arbitrary<Sample> = fc
  .record({
    mark: fc.constantFrom(0, 1, 4294967295),
    protocol: fc.constantFrom('TCP' as const, 'UDP' as const, 'ICMP' as const),
    wide: fc.boolean(),
    offset: fc.integer({ min: 0, max: 31 }),
    length: fc.integer({ min: 27, max: 32 }),
    a: portArb,
    b: portArb,
    iterations: fc.option(fc.constantFrom(1, 500, 'infinity' as const, 'auto' as const), { nil: undefined }),
  })
  .map((r) => {
    const address = r.wide ? 0x0a000000 : BASE + r.offset - (r.offset % 2 ** (32 - r.length));
    const length = r.wide ? 22 : r.length;
    const min = Math.max(Math.min(r.a, r.b), r.protocol === 'ICMP' ? 0 : 1);
    return {
      mark: r.mark,
      protocol: r.protocol,
      prefix: `${address >>> 24}.${(address >>> 16) & 255}.${(address >>> 8) & 255}.${address & 255}/${length}`,
      min,
      max: Math.max(Math.max(r.a, r.b), min),
      iterations: r.iterations,
    };
  });

/** A static BIB entry on a sample: its first address, a port of its range, and one of a few IPv6 sides. */
interface Pick {
  sample: number;
  port: number;
  v6: number;
}
const pickArb: fc.Arbitrary<Pick> = fc.record({ sample: fc.nat(7), port: fc.nat(65535), v6: fc.nat(3) });

/** The entries the picks give, inside the pool and without collisions (the first of two colliding stays). */
function bibOf(samples: readonly Sample[], picks: readonly Pick[]): { protocol: string; 'ipv6 address': string; 'ipv4 address': string }[] {
  const out: { protocol: string; 'ipv6 address': string; 'ipv4 address': string }[] = [];
  const taken = new Set<string>();
  for (const p of picks) {
    const s = samples[p.sample];
    if (s === undefined) continue;
    const v4 = `${s.prefix.split('/')[0]}#${s.min + (p.port % (s.max - s.min + 1))}`;
    const v6 = `2001:db8::${p.v6}#${p.port % 4}`;
    if (taken.has(`${s.protocol} ${v4}`) || taken.has(`${s.protocol} ${v6}`)) continue;
    taken.add(`${s.protocol} ${v4}`).add(`${s.protocol} ${v6}`);
    out.push({ protocol: s.protocol, 'ipv6 address': v6, 'ipv4 address': v4 });
  }
  return out;
}

function importJson(samples: readonly Sample[], picks: readonly Pick[] = []): string {
  const pool4 = samples.map((s) => ({
    mark: s.mark,
    protocol: s.protocol,
    prefix: s.prefix,
    'port range': `${s.min}-${s.max}`,
    ...(s.iterations === undefined ? {} : { 'max-iterations': s.iterations }),
  }));
  return JSON.stringify({ pool4, bib: bibOf(samples, picks) });
}

/**
 * What a pool looks like to both syntaxes: every sample, and (with iterations) each table's max
 * iterations; an auto table's shown value depends on the history of adds (Jool's counter), which no
 * plan can reproduce, so it reads "auto".
 */
function looks(call: (...args: string[]) => { stdout: string }, instance: string, iterations: boolean): string {
  const jool4 = ['--tcp', '--udp', '--icmp'].map((p) => call('-i', instance, 'pool4', 'display', p, '--csv', '--no-headers').stdout);
  const rows = jool4.join('').replace(/,\d+,0\n/g, ',auto\n');
  const bib = call('--bib', '--display', '--numeric', '--csv', '--instance', instance).stdout;
  return (iterations ? rows : rows.replace(/,[^,]+(,1)?\n/g, '\n')) + call('--pool4', '--display', '--csv', '--instance', instance).stdout + bib;
}

function inProcess(state: string) {
  const environment = { env: { JOOL_POOL4_STATE: state, JOOL_EPHEMERAL_RANGE: '32768 60999' }, home: '/' };
  return (...args: string[]) => {
    const out = stringSink();
    try {
      return { status: run(args, environment, out), stdout: out.text() };
    } catch (e) {
      return { status: toJoolError(e).status, stdout: `${out.text()}${toJoolError(e).message}` };
    }
  };
}

/** A script's commands as argv, the way sh reads the words plan writes. */
function commands(script: string): string[][] {
  return script
    .split('\n')
    .filter((l) => l.startsWith('jool '))
    .map((l) => (l.match(/'(?:[^']|'\\'')*'|\S+/g) ?? []).slice(1).map((w) => (w.startsWith("'") ? w.slice(1, -1).replace(/'\\''/g, "'") : w)));
}

// Pairs of pools, each with static BIB entries on its samples: often the same ones on both sides, so
// that the plan keeps entries a pool4 remove would otherwise take (then --quick).
const pairArb = fc
  .tuple(
    fc.array(sampleArb, { maxLength: 8 }),
    fc.array(sampleArb, { maxLength: 8 }),
    fc.constantFrom('jool3' as const, 'jool4' as const),
    fc.constantFrom('default', "nat '64'"),
    fc.array(pickArb, { maxLength: 5 }),
    fc.array(pickArb, { maxLength: 5 }),
    fc.boolean(),
  )
  .map(([current, desired, syntax, instance, picksA, picksB, shared]) => {
    // Sharing: the desired pool starts with the current one's samples, and keeps its entries.
    const to = shared ? [...current.slice(0, 4), ...desired].slice(0, 8) : desired;
    return [current, to, syntax, instance, picksA, shared ? [...picksA, ...picksB] : picksB] as const;
  });

describe("Jool 4's mark-less tree", () => {
  it('a plan that removes from one mark what another keeps adds it back there, so the BIB steps after it pass', () => {
    const { dir, run, env } = setup();
    run('pool4', 'add', '--tcp', '192.0.2.1', '1-100', '--mark', '1');
    run('pool4', 'add', '--tcp', '192.0.2.1', '1-100');
    const file = join(dir, 'want.json');
    writeFileSync(
      file,
      JSON.stringify({
        pool4: [{ mark: 1, protocol: 'TCP', prefix: '192.0.2.1', 'port range': '1-100' }],
        bib: [{ protocol: 'TCP', 'ipv4 address': '192.0.2.1#50', 'ipv6 address': '2001:db8::1#50' }],
      }),
    );
    const script = run('--pool4', '--plan', file, '--syntax', 'jool4').stdout;
    expect(script.split('\n').slice(4)).toEqual([
      "# The last add is of a sample pool4 already holds: a remove in another mark took it out of Jool's mark-less tree, which bib add asks.",
      'set -e',
      'jool pool4 remove --mark 0 --tcp 192.0.2.1/32 1-100',
      'jool pool4 add --mark 1 --tcp 192.0.2.1/32 1-100',
      'jool bib add --tcp 192.0.2.1#50 2001:db8::1#50',
      '',
    ]);
    const bin = join(dir, 'bin');
    mkdirSync(bin);
    symlinkSync(BIN, join(bin, 'jool'));
    const ran = spawnSync('sh', ['-c', script], { env: { ...env, PATH: `${bin}:${process.env.PATH}` }, encoding: 'utf8' });
    expect({ status: ran.status, stderr: ran.stderr }).toEqual({ status: 0, stderr: '' });
    expect(run('--pool4', '--plan', file, '--syntax', 'jool4')).toEqual({ status: 0, stdout: '', stderr: '' });
  });
});

// 300 random pairs in ten tests of 30, and 24 through sh in eight of 3: a test each machine, however
// loaded, finishes within the timeout, and the same coverage.
it.each(Array.from({ length: 10 }, (_, i) => i + 1))("the printed commands, run, turn the pool into the file's: 30 random pairs, in process (%i of 10)", () => {
  const dir = tempDir();
  const call = inProcess(join(dir, 'pool4.json'));
  const wanted = inProcess(join(dir, 'want.json'));
  const target = join(dir, 'target.json');
  fc.assert(
    fc.property(pairArb, ([current, desired, syntax, instance, picksA, picksB]) => {
      const plan = (...more: string[]) => call('--pool4', '--plan', target, '--syntax', syntax, '--instance', instance, ...more);
      writeFileSync(target, importJson(current, picksA));
      call('instance', 'flush');
      expect(call('--pool4', '--import', target, '--instance', instance).status).toBe(0);
      writeFileSync(target, importJson(desired, picksB));
      wanted('instance', 'flush');
      expect(wanted('--pool4', '--import', target, '--instance', instance).status).toBe(0);
      const script = plan();
      expect([0, 1]).toContain(script.status);
      for (const argv of commands(script.stdout)) expect({ argv, status: call(...argv).status }).toEqual({ argv, status: 0 });
      expect(plan()).toEqual({ status: 0, stdout: '' });
      expect(looks(call, instance, syntax === 'jool4')).toBe(looks(wanted, instance, syntax === 'jool4'));
    }),
    { numRuns: 30 },
  );
});

describe('through sh and bin/jool: 24 random pairs', () => {
  let scripts = 0;
  afterAll(() => expect(scripts).toBeGreaterThan(12));
  it.each(Array.from({ length: 8 }, (_, i) => i + 1))('3 random pairs (%i of 8)', () => {
    const dir = tempDir();
    const bin = join(dir, 'bin');
    mkdirSync(bin);
    symlinkSync(BIN, join(bin, 'jool'));
    const env = { JOOL_POOL4_STATE: join(dir, 'pool4.json'), JOOL_EPHEMERAL_RANGE: '32768 60999' };
    const call = (...args: string[]) => jool(args, env);
    const wanted = inProcess(join(dir, 'want.json'));
    const target = join(dir, 'target.json');
    fc.assert(
      fc.property(pairArb, ([current, desired, syntax, instance, picksA, picksB]) => {
        writeFileSync(target, importJson(current, picksA));
        call('instance', 'flush');
        expect(call('--pool4', '--import', target, '--instance', instance).status).toBe(0);
        writeFileSync(target, importJson(desired, picksB));
        wanted('instance', 'flush');
        wanted('--pool4', '--import', target, '--instance', instance);
        const plan = call('--pool4', '--plan', target, '--syntax', syntax, '--instance', instance);
        if (plan.status === 1) {
          scripts++;
          const sh = spawnSync('sh', ['-c', plan.stdout], { env: { ...env, PATH: `${bin}:${process.env.PATH}` }, encoding: 'utf8' });
          expect({ status: sh.status, stderr: sh.stderr }).toEqual({ status: 0, stderr: '' });
        }
        expect(call('--pool4', '--plan', target, '--syntax', syntax, '--instance', instance)).toMatchObject({ status: 0, stdout: '' });
        expect(looks(call, instance, syntax === 'jool4')).toBe(looks(wanted, instance, syntax === 'jool4'));
      }),
      { numRuns: 3 },
    );
  });
});

// docs/extensions.md's example, run as printed (but for ssh): every command's output must be the page's.
it("runs docs/extensions.md's --plan example as printed", () => {
  const dir = tempDir();
  copyFileSync(join(__dirname, '..', 'fixtures', 'plan-example', 'translator.csv'), join(dir, 'translator.csv'));
  const steps = docSteps('extensions.md', 'A real example: bring the translator', '\n(`translator.csv` held');
  writeFileSync(join(dir, 'desired.json'), `${steps.find((s) => s.command === 'cat desired.json')!.output.join('\n')}\n`);
  expect(runSteps(steps, dir)).toBe(steps.length - 2);
});

it("runs docs/jool4.md's examples as printed", () => {
  const steps = docSteps('jool4.md', '## Examples (real runs, on a host whose ephemeral range is 32768-60999)', '\n## Display');
  expect(runSteps(steps, tempDir())).toBe(steps.length);
});
