// Many jool processes on one state file at once: every update lands, readers see whole pools.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { parsePrefix } from '../../src/formats/values';
import { add, EMPTY_POOL, remove, type Entry, type Pool, JOOL3_ADD } from '../../src/pool4/pool';
import { parse, serialize } from '../../src/state/format';
import { poolIn, stateOf, withoutCounters } from '../states';
import { jool, joolAsync, tempDir } from '../helpers';

const PROCESSES = 32;

it(`${PROCESSES} processes started at once, each adding a different address, all land`, async () => {
  const state = join(tempDir(), 'pool4.json');
  const env = { JOOL_POOL4_STATE: state, JOOL_POOL4_LOCK_TIMEOUT: '60' };
  const results = await Promise.all(Array.from({ length: PROCESSES }, (_, i) => joolAsync(['--pool4', '--add', `192.0.2.${i + 1}`], env)));
  expect(results.filter((r) => r.status !== 0 || r.stderr !== '')).toEqual([]);
  const lines = jool(['--pool4', '--display'], env).stdout.trimEnd().split('\n');
  expect(lines.pop()).toBe(`  (Fetched ${3 * PROCESSES} entries.)`);
  for (let i = 1; i <= PROCESSES; i++) {
    for (const p of ['ICMP', 'UDP', 'TCP']) expect(lines).toContain(`0\t${p}\t192.0.2.${i}\t60001-65535`);
  }
});

/**
 * Adds take ports from 2000 up and removes take ports below 2000, so no add and remove touch the
 * same transport address: they commute, and every order in which the lock lets them through must
 * give the one sequential result. A lost update shows as a difference.
 */
it(`a mix of ${PROCESSES} adds, removes and displays on overlapping addresses equals the sequential result`, async () => {
  const state = join(tempDir(), 'pool4.json');
  const env = { JOOL_POOL4_STATE: state, JOOL_POOL4_LOCK_TIMEOUT: '60' };
  expect(jool(['-4', '-a', '198.51.100.0/28', '1000-1999'], env).status).toBe(0);

  const commands: { argv: string[]; entry?: Entry; adds?: boolean }[] = [];
  for (let i = 0; i < PROCESSES; i++) {
    const length = 30 + (i % 3); // /30, /31, /32: overlapping blocks
    const address = 0xc6336400 + (((i * 5) % 16) & ~((1 << (32 - length)) - 1)); // 198.51.100.x, aligned
    const text = `198.51.100.${address & 255}/${length}`;
    const prefix = { address, length };
    const protocol = (['--tcp', '--udp', '--icmp'] as const)[i % 3];
    const proto = (['TCP', 'UDP', 'ICMP'] as const)[i % 3];
    if (i % 4 === 0 || i % 4 === 1) {
      const ports = [2000 + (i % 7) * 100, 2000 + (i % 7) * 100 + 149] as const; // overlapping ranges
      commands.push({ argv: ['-4', '-a', protocol, text, `${ports[0]}-${ports[1]}`], entry: { mark: 0, protocols: [proto], prefix, ports }, adds: true });
    } else if (i % 4 === 2) {
      const ports = [1000 + (i % 5) * 150, 1000 + (i % 5) * 150 + 299] as const;
      commands.push({ argv: ['-4', '-r', text, `${ports[0]}-${ports[1]}`], entry: { mark: 0, protocols: ['ICMP', 'UDP', 'TCP'], prefix, ports }, adds: false });
    } else {
      commands.push({ argv: ['-4', '-d'] });
    }
  }

  const results = await Promise.all(commands.map((c) => joolAsync(c.argv, env)));
  expect(results.filter((r) => r.status !== 0 || r.stderr !== '')).toEqual([]);

  // Every display printed a whole pool: well-formed rows and a footer that counts them.
  for (const [i, r] of results.entries()) {
    if (commands[i].entry !== undefined) continue;
    const lines = r.stdout.trimEnd().split('\n');
    const footer = lines.pop();
    expect(footer).toBe(`  (Fetched ${lines.length} entries.)`);
    for (const line of lines) expect(line).toMatch(/^0\t(ICMP|UDP|TCP)\t198\.51\.100\.\d+\t\d+-\d+$/);
  }

  const start: Pool = add(EMPTY_POOL, { mark: 0, protocols: ['ICMP', 'UDP', 'TCP'], prefix: parsePrefix('198.51.100.0/28'), ports: [1000, 1999] }, JOOL3_ADD(false));
  const apply = (pool: Pool, c: (typeof commands)[number]) => (c.entry === undefined ? pool : c.adds ? add(pool, c.entry, JOOL3_ADD(false)) : remove(pool, c.entry));
  const forward = commands.reduce(apply, start);
  const backward = [...commands].reverse().reduce(apply, start);
  // The design premise: the order does not matter (to the samples: Jool's counter follows it).
  const samples = (pool: Pool) => serialize(stateOf(withoutCounters(pool)));
  expect(samples(backward)).toBe(samples(forward));
  expect(samples(poolIn(parse(readFileSync(state, 'utf8'))))).toBe(samples(forward));
});

it(`${PROCESSES} processes adding BIB entries at once, in both syntaxes, all land; the state stays whole`, async () => {
  const state = join(tempDir(), 'pool4.json');
  const env = { JOOL_POOL4_STATE: state, JOOL_POOL4_LOCK_TIMEOUT: '60' };
  expect(jool(['--pool4', '--add', '192.0.2.0/27', '1-100'], env).status).toBe(0);
  const results = await Promise.all(
    Array.from({ length: PROCESSES }, (_, i) =>
      joolAsync(i % 2 === 0 ? ['bib', 'add', `192.0.2.${i}#80`, `2001:db8::${i}#80`] : ['--bib', '--add', '--udp', `192.0.2.${i}#53`, `2001:db8::${i}#53`], env),
    ),
  );
  expect(results.filter((r) => r.status !== 0 || r.stderr !== '')).toEqual([]);
  expect(jool(['--bib', '--count'], env).stdout).toBe(`TCP: ${PROCESSES / 2}\nUDP: ${PROCESSES / 2}\nICMP: 0\n`);
  const bib = parse(readFileSync(state, 'utf8')).instances[0].bib;
  expect(bib.TCP.map((e) => e.address4 & 255)).toEqual(Array.from({ length: PROCESSES / 2 }, (_, k) => 2 * k));
  expect(bib.UDP.map((e) => [e.address4 & 255, e.port6])).toEqual(Array.from({ length: PROCESSES / 2 }, (_, k) => [2 * k + 1, 53]));
});

it('processes started at once, each updating a different global, all land', async () => {
  const state = join(tempDir(), 'pool4.json');
  const env = { JOOL_POOL4_STATE: state, JOOL_POOL4_LOCK_TIMEOUT: '60' };
  expect(jool(['instance', 'add', '--pool6', '64:ff9b::/96'], env).status).toBe(0);
  const updates: [string, string, string][] = [
    ['manually-enabled', 'false', 'false'],
    ['lowest-ipv6-mtu', '1500', '1500'],
    ['logging-debug', 'true', 'true'],
    ['tos', '7', '7'],
    ['mtu-plateaus', '1280,1500', '1500,1280'],
    ['f-args', '3', '3 (0b0011): SrcAddr:0 SrcPort:0 DstAddr:1 DstPort:1'],
    ['tcp-est-timeout', '3:00:00', '3:00:00 (HH:MM:SS)'],
    ['udp-timeout', '600', '0:10:00 (HH:MM:SS)'],
    ['icmp-timeout', '1.500', '0:00:01.500 (HH:MM:SS)'],
    ['maximum-simultaneous-opens', '99', '99'],
    ['ss-capacity', '1', '1'],
    ['ss-max-sessions-per-packet', '2', '2'],
  ];
  const results = await Promise.all(updates.map(([key, value]) => joolAsync(['global', 'update', key, value], env)));
  expect(results.filter((r) => r.status !== 0 || r.stderr !== '')).toEqual([]);
  const display = jool(['global', 'display'], env).stdout;
  for (const [key, , shown] of updates) expect(`\n${display}`).toContain(`\n  ${key}: ${shown}\n`);
});
