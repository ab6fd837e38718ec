// Carrier scale, end to end: a pool of 65,536 marks through file handle, one-mark commands in both
// syntaxes, a display of all of it; state files of the previous release read and upgraded; what
// Jool 3.5 accepts (tables past 2^32 - 1 transport addresses) read by every release; and a hand
// edit caught wherever it is. No test here depends on how fast the machine is.
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RELEASES } from '../../src/releases/releases';
import { parse, serialize } from '../../src/state/format';
import { jool, tempDir } from '../helpers';

const FIXTURES = resolve(__dirname, '..', 'fixtures');
const { addressOf, blockOf } = require('../../bench/carrier.cjs') as { addressOf: (m: number) => string; blockOf: (m: number) => [number, number] };
const SEP = '+------------+-------+--------------------+-----------------+-------------+';

/** A jool on one state file, whose every command must succeed and print nothing on stderr. */
function on(state: string) {
  const run = (args: readonly string[], env: Record<string, string> = {}) => jool(args, { JOOL_POOL4_STATE: state, ...env });
  const ok = (args: readonly string[], env: Record<string, string> = {}) => {
    const r = run(args, env);
    expect({ args, status: r.status, stderr: r.stderr }).toEqual({ args, status: 0, stderr: '' });
    return r.stdout;
  };
  return { run, ok };
}

/** The file as jool leaves it must be what a fresh write of the same state gives. */
function expectCanonical(state: string): void {
  const text = readFileSync(state, 'latin1');
  expect(serialize(parse(text)) === text).toBe(true);
}

describe('a pool of 65,536 marks', () => {
  it('goes through file handle, answers one-mark commands in both syntaxes, and displays whole', () => {
    const dir = tempDir();
    const config = join(dir, 'carrier.json');
    writeFileSync(config, require('node:child_process').execFileSync(process.execPath, [resolve(__dirname, '..', '..', 'bench', 'carrier.cjs')], { maxBuffer: 1 << 30 }));
    const state = join(dir, 'state.json');
    const { run, ok } = on(state);
    // Its ports meet the ephemeral range: 4.1.15 refuses it without --force, naming an entry.
    const refused = run(['file', 'handle', config], { JOOL_EPHEMERAL_RANGE: '32768 60999' });
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('ephemeral');
    expect(ok(['file', 'handle', config, '--force'])).toBe('');
    expect(ok(['--pool4', '--count'])).toBe('tables: 196608\nsamples: 196608\ntransport addresses: 198180864\n');

    // The whole of one protocol, as Jool prints it (bench/plain-carrier-display4.cjs prints the same).
    const display = ok(['pool4', 'display', '--tcp']).split('\n');
    expect(display).toHaveLength(3 + 2 * 65536 + 1);
    const [min, max] = blockOf(65535);
    expect(display.slice(0, 5)).toEqual([
      SEP,
      '|       Mark | Proto |     Max iterations |         Address |       Ports |',
      SEP,
      `|      65535 |   TCP |       1024 ( auto) | ${addressOf(65535).padStart(15)} | ${min}-${max} |`,
      SEP,
    ]);
    expect(display[display.length - 3]).toBe(`|          0 |   TCP |       1024 ( auto) | ${'198.18.0.0'.padStart(15)} |  1024- 2031 |`);

    // Jool 3: one mark's rows, an add to a new mark, a remove that takes the mark's BIB entry.
    const [min40k, max40k] = blockOf(40000);
    const rows40k = ['ICMP', 'UDP', 'TCP'].map((p) => `40000\t${p}\t${addressOf(40000)}\t${min40k}-${max40k}`);
    expect(ok(['--pool4', '--display', '--mark', '40000'])).toBe(`${rows40k.join('\n')}\n  (Fetched 3 entries.)\n`);
    expect(ok(['--pool4', '--add', '--mark', '70000', '--tcp', '192.0.2.1', '7000-7999'])).toBe('');
    expect(ok(['--pool4', '--display', '--mark', '70000'])).toBe('70000\tTCP\t192.0.2.1\t7000-7999\n  (Fetched 1 entries.)\n');
    expect(ok(['--bib', '--count', '--tcp'])).toBe('TCP: 1024\n');
    expect(ok(['--pool4', '--remove', '--mark', '40000', addressOf(40000), `${min40k}-${max40k}`])).toBe('');
    expect(ok(['--pool4', '--display', '--mark', '40000'])).toBe('  (empty)\n');
    expect(ok(['--bib', '--count', '--tcp'])).toBe('TCP: 1023\n');

    // Jool 4: an add with max iterations, a remove in another mark's block, a BIB entry checked against pool4.
    expect(ok(['pool4', 'add', '--mark', '12345', '--udp', '198.51.100.7', '1000-1999', '--max-iterations', '99'])).toBe('');
    expect(
      ok(['pool4', 'display', '--udp', '--csv'])
        .split('\n')
        .filter((l) => l.startsWith('12345,')),
    ).toEqual([`12345,UDP,${addressOf(12345)},${blockOf(12345).join(',')},99,1`, '12345,UDP,198.51.100.7,1000,1999,99,1']);
    const [min7] = blockOf(7);
    expect(ok(['pool4', 'remove', '--mark', '7', '--icmp', addressOf(7), `${min7}-${min7 + 9}`])).toBe('');
    expect(ok(['bib', 'add', '--udp', `${addressOf(300)}#${blockOf(300)[0] + 5}`, '2001:db8:ffff::1#53'])).toBe('');
    // Port 80 of that address is in no mark's block: refused.
    const outside = run(['bib', 'add', '--udp', `${addressOf(300)}#80`, '2001:db8:ffff::2#53']);
    expect(outside.status).toBe(1);
    expect(outside.stderr).toContain('pool4');
    expect(ok(['--pool4', '--count'])).toBe(`tables: ${196608 - 3 + 1}\nsamples: ${196608 - 3 + 1 + 1}\ntransport addresses: ${198180864 - 3 * 1008 + 1000 + 1000 - 10}\n`);
    expectCanonical(state);
  }, 300_000);
});

describe('state files of the previous release (version 3)', () => {
  it('are read as they were written, and written back as version 4 by the next change', () => {
    const state = join(tempDir(), 'state.json');
    copyFileSync(join(FIXTURES, 'version3-pool4.json'), state);
    const { ok } = on(state);
    // What the previous release printed of this very file.
    const tcp = [
      SEP,
      '|       Mark | Proto |     Max iterations |         Address |       Ports |',
      SEP,
      '|          9 |   TCP |       1024 ( auto) |       192.0.2.2 |  1551- 1600 |',
      SEP,
      '|          0 |   TCP |        500 (fixed) |       192.0.2.0 |  1000- 1999 |',
      '|            |       |                    |       192.0.2.1 |  1000- 1199 |',
      '|            |       |                    |       192.0.2.1 |  1301- 1999 |',
      '|            |       |                    |       192.0.2.2 |  1000- 1999 |',
      '|            |       |                    |       192.0.2.3 |  1000- 1999 |',
      SEP,
      '',
    ].join('\n');
    const printsAsBefore = () => {
      expect(ok(['-i', 'nat64', 'pool4', 'display', '--tcp'])).toBe(tcp);
      expect(ok(['-i', 'nat64', 'pool4', 'display', '--udp', '--csv'])).toBe('Mark,Protocol,Address,Min port,Max port,Iterations,Iterations fixed\n7,UDP,198.51.100.8,61001,65535,1024,0\n');
      expect(ok(['-i', 'nat64', 'bib', 'display', '--numeric'])).toBe('[Static TCP] 192.0.2.3#1080 - 2001:db8::1#80\n');
      expect(ok(['-i', 'nat64', 'global', 'display'])).toContain('  tos: 5\n');
      expect(ok(['--pool4', '--display', '--tcp']).split('\n').slice(-4, -1)).toEqual(['0\tTCP\t10.0.29.74\t1000-1999', '0\tTCP\t10.0.29.75\t3000-3999', '  (Fetched 7500 entries.)']);
    };
    printsAsBefore();
    expect(ok(['--pool4', '--count'])).toBe('tables: 2\nsamples: 7508\ntransport addresses: 7508000\n');
    // Its pool4 holes still count: the hole in 192.0.2.2 1500-1550 refuses a BIB entry there.
    expect(on(state).run(['-i', 'nat64', 'bib', 'add', '192.0.2.2#1520', '2001:db8::9#9']).status).toBe(1);
    expect(readFileSync(state, 'utf8')).toContain('"version": 3');
    expect(ok(['--pool4', '--add', '--udp', '--mark', '3', '203.0.113.9', '7000-7999'])).toBe('');
    expect(JSON.parse(readFileSync(state, 'utf8')).version).toBe(4);
    printsAsBefore();
    expect(ok(['--pool4', '--count'])).toBe('tables: 2\nsamples: 7509\ntransport addresses: 7509000\n');
    expectCanonical(state);
  });
});

describe('what Jool 3.5 accepts', () => {
  // Jool 3.5 has no limit of transport addresses per table (version-facts P9): a /8 of every port,
  // and all of unicast IPv4 but the blocks no release takes, in one table.
  const UNICAST = [
    '1.0.0.0/8',
    '2.0.0.0/7',
    '4.0.0.0/6',
    '8.0.0.0/5',
    '16.0.0.0/4',
    '32.0.0.0/3',
    '64.0.0.0/3',
    '96.0.0.0/4',
    '112.0.0.0/5',
    '120.0.0.0/6',
    '124.0.0.0/7',
    '126.0.0.0/8',
    '128.0.0.0/3',
    '160.0.0.0/5',
    '168.0.0.0/8',
    '170.0.0.0/7',
    '172.0.0.0/6',
    '176.0.0.0/4',
    '192.0.0.0/3',
  ];
  // The last number: what the remove below takes of what the table held before (192.0.2.1 1-2).
  const cases: [string, string[], string, number, number][] = [
    ['a /8 of every port', ['10.0.0.0/8'], '--tcp', 2 ** 24 * 65535, 0],
    ['nearly all of IPv4', UNICAST, '--icmp', UNICAST.reduce((n, p) => n + 2 ** (32 - Number(p.split('/')[1])) * 65536, 0), 2],
  ];
  it.each(cases)(
    '%s: stored exactly, read by every release, refused only by the commands whose rule it breaks',
    (_name, prefixes, protocol, total, taken) => {
      const state = join(tempDir(), 'state.json');
      const { run, ok } = on(state);
      for (const prefix of prefixes) expect(ok(['--pool4', '--add', protocol, '--force', prefix, '0-65535'], { JOOL_VERSION: '3.5.7' })).toBe('');
      const counted = ok(['--pool4', '--count']).split('\n');
      expect(counted[2]).toBe(`transport addresses: ${total}`);
      expect(total).toBeGreaterThan(2 ** 32);
      // Every release reads the file.
      for (const release of RELEASES.jool4) expect(ok(['pool4', 'display', '--udp'], { JOOL_VERSION: release })).toContain('Max iterations');
      for (const release of RELEASES.jool3) expect(ok(['--bib', '--display', '--numeric'], { JOOL_VERSION: release })).toContain('TCP:');
      // A release with the limit refuses the add that needs the table, and leaves the file as it was.
      const bytes = readFileSync(state);
      const four = run(['pool4', 'add', protocol, '192.0.2.1', '1-2', '--force'], { JOOL_VERSION: '4.1.9' });
      expect(four.status).toBe(1);
      expect(four.stderr).toMatch(/4294967295/);
      expect(run(['--pool4', '--add', protocol, '192.0.2.1', '1-2']).status).toBe(1);
      expect(readFileSync(state).equals(bytes)).toBe(true);
      // 3.5 takes it, and removing works for everyone.
      expect(ok(['--pool4', '--add', protocol, '192.0.2.1', '1-2'], { JOOL_VERSION: '3.5.2' })).toBe('');
      expect(ok(['pool4', 'remove', protocol, '192.0.2.1', '1-2'], { JOOL_VERSION: '4.1.15' })).toBe('');
      expect(ok(['--pool4', '--count']).split('\n')[2]).toBe(`transport addresses: ${total - taken}`);
      expectCanonical(state);
    },
    120_000,
  );
});

describe('a hand edit', () => {
  it("of a table's protocol is caught by an add about another mark, and the file is left as it was", () => {
    const dir = tempDir();
    const state = join(dir, 'state.json');
    const csv = ['Mark,Protocol,Address,Min port,Max port'];
    for (let i = 0; i < 9000; i++) csv.push(`5,ICMP,10.0.${i >> 8}.${i & 255},${i % 2 ? '0,9' : '20,29'}`);
    writeFileSync(join(dir, 'pool.csv'), `${csv.join('\n')}\n`);
    const { run, ok } = on(state);
    expect(ok(['--pool4', '--import', join(dir, 'pool.csv')])).toBe('');
    expect(ok(['pool4', 'add', '--mark', '9', '--tcp', '192.0.2.1', '1-2'])).toBe('');
    // The ICMP table becomes TCP, which has no port 0: far from the add below, in another chunk.
    const edited = readFileSync(state, 'latin1').replace(/"ICMP 5 10\.0\.30\.1 0-9"/, '"TCP 5 10.0.30.1 0-9"');
    expect(edited).not.toBe(readFileSync(state, 'latin1'));
    writeFileSync(state, edited, 'latin1');
    for (const args of [
      ['pool4', 'add', '--mark', '9', '--tcp', '192.0.2.2', '1-2'],
      ['--pool4', '--count'],
      ['--pool4', '--display', '--mark', '9'],
    ]) {
      const r = run(args);
      expect({ args, status: r.status }).toEqual({ args, status: 1 });
      expect(r.stderr).toContain('is not a valid pool4 state file');
    }
    expect(readFileSync(state, 'latin1')).toBe(edited);
  });
});
