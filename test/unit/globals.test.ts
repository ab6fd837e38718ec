// The globals table (src/global/globals.ts) and its plan (src/global/plan.ts) against
// global-facts.md: every type's reading from the command line and from JSON, the kernel's rules,
// the display formats, and the settings an instance keeps.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  checkGlobal,
  checkPool6,
  checkPool6Kept,
  formatGlobal,
  formatTimeout,
  globalNamed,
  GlobalProblem,
  GLOBALS,
  globalValues,
  NO_SETTINGS,
  parseGlobalText,
  readGlobalJson,
  SIIT_GLOBALS,
  withSetting,
  type GlobalSettings,
  type GlobalValue,
} from '../../src/global/globals';
import { planGlobals, Pool6Differs } from '../../src/global/plan';
import { stats, statValues } from '../../src/global/stats';

const STATS = stats('4.1.15');
import { formatGlobals, formatStats } from '../../src/output/globals';

const meta = (name: string) => globalNamed(name)!;

/** global display under 4.1.15. */
function show(settings: GlobalSettings, pool6: string | undefined, csv: boolean, headers: boolean): string {
  const { metas, values } = globalValues(settings, pool6, '4.1.15');
  return formatGlobals(metas, values, csv, headers);
}
const text = (name: string, value: string) => parseGlobalText(meta(name), value);

/** The problem a call throws (fails if it returns). */
function problem(f: () => unknown): GlobalProblem {
  try {
    f();
  } catch (e) {
    if (e instanceof GlobalProblem) return e;
    throw e;
  }
  throw new Error('accepted');
}

describe('the table', () => {
  it("holds Jool 4.1.15's 27 NAT64 globals, in its order, and no SIIT one", () => {
    expect(GLOBALS).toHaveLength(27);
    expect(GLOBALS[0].name).toBe('manually-enabled');
    expect(GLOBALS[26].name).toBe('ss-max-sessions-per-packet');
    expect(new Set(GLOBALS.map((g) => g.name)).size).toBe(27);
    for (const siit of SIIT_GLOBALS) expect(globalNamed(siit)).toBeUndefined();
  });

  it("prints a fresh instance's globals byte for byte as global-facts 2 shows them", () => {
    const expected = readFileSync(join(__dirname, '..', 'fixtures', 'global-display-fresh.txt'), 'utf8');
    expect(show(NO_SETTINGS, '64:ff9b::/96', false, true)).toBe(expected);
    // CSV: the header, then key,value; TRUE/FALSE, no (HH:MM:SS), quoted plateaus, bare f-args.
    const csv = show(NO_SETTINGS, '64:ff9b::/96', true, true).split('\n');
    expect(csv[0]).toBe('Field,Value');
    expect(csv).toContain('manually-enabled,TRUE');
    expect(csv).toContain('mtu-plateaus,"65535,32000,17914,8166,4352,2002,1492,1006,508,296,68"');
    expect(csv).toContain('f-args,11');
    expect(csv).toContain('tcp-est-timeout,2:00:00');
    expect(show(NO_SETTINGS, undefined, true, false).split('\n')[1]).toBe('pool6,');
    expect(show(NO_SETTINGS, undefined, false, true).split('\n')[1]).toBe('  pool6: (unset)');
  });
});

describe('the command line', () => {
  it.each([
    ['manually-enabled', 'TRUE', true],
    ['manually-enabled', 'yes', true],
    ['manually-enabled', 'On', true],
    ['manually-enabled', '1', true],
    ['logging-bib', 'off', false],
    ['logging-bib', 'No', false],
    ['logging-bib', '0', false],
    ['tos', '255', 255],
    ['tos', '007', 7],
    ['lowest-ipv6-mtu', '4294967295', 4294967295],
    ['tcp-est-timeout', '300', 300_000],
    ['tcp-est-timeout', '1:00', 60_000],
    ['tcp-est-timeout', '1:00:00', 3_600_000],
    ['tcp-est-timeout', '1:99', 159_000],
    ['udp-timeout', '0:00:01.500', 1_500],
    // Jool adds the digits after the dot as milliseconds, however many there are.
    ['udp-timeout', '1.1234', 2_234],
    ['mtu-plateaus', '1500,,1280,', [1500, 1280]],
    ['pool6', 'null', null],
    ['pool6', '64:FF9B::', '64:ff9b::/128'],
    ['pool6', '64:ff9b::/96', '64:ff9b::/96'],
  ])('%s %j reads as %j', (name, value, expected) => {
    expect(text(name, value)).toEqual(expected);
  });

  it.each([
    ['manually-enabled', 'maybe', 'is not a bool'],
    ['manually-enabled', '', 'is not a bool'],
    ['tos', '256', 'is not a whole decimal number from 0 to 255'],
    ['tos', '12abc', 'is not a whole decimal number from 0 to 255'],
    ['tos', '-1', 'is not a whole decimal number'],
    ['tos', ' 1', 'is not a whole decimal number'],
    ['ss-capacity', '4294967296', 'from 0 to 4294967295'],
    ['ss-capacity', '1e3', 'from 0 to 4294967295'],
    ['udp-timeout', '1:2:3:4', 'does not follow the [HH:[MM:]]SS[.mmm] format'],
    ['udp-timeout', '5m', 'does not follow'],
    ['udp-timeout', '', 'does not follow'],
    ['udp-timeout', '1.5', 'has a millisecond part of fewer than 3 digits: write 1.500'],
    ['udp-timeout', '1193:02:48', 'is too long: Jool keeps timeouts in 32 bits of milliseconds, at most 1193:02:47.295'],
    ['udp-timeout', '99999999999999999999', 'is too long'],
    ['mtu-plateaus', ',,', 'holds no plateau'],
    ['mtu-plateaus', Array(65).fill('1').join(','), 'holds 65 plateaus; Jool takes at most 64'],
    ['mtu-plateaus', '1500,65536', "holds '65536', which is not a whole decimal number from 0 to 65535"],
    ['pool6', '64:ff9b::/129', 'is not an IPv6 prefix'],
    ['pool6', '192.0.2.1', 'is not an IPv6 prefix'],
  ])('%s %j is refused: %s', (name, value, message) => {
    const p = problem(() => text(name, value));
    expect(p.key).toBe(name);
    expect(p.problem).toContain(message);
  });
});

describe('JSON (file handle and the state file)', () => {
  it.each([
    ['manually-enabled', false, false],
    ['tos', 7, 7],
    // cJSON's valueuint: fractions are dropped.
    ['lowest-ipv6-mtu', 1500.9, 1500],
    ['udp-timeout', '0:10:00', 600_000],
    ['mtu-plateaus', [1500, 1280], [1500, 1280]],
    // libnl drops the client's empty nest: the kernel never sees the key (global-facts 7).
    ['mtu-plateaus', [], [65535, 32000, 17914, 8166, 4352, 2002, 1492, 1006, 508, 296, 68]],
    ['pool6', null, null],
    ['pool6', '64:ff9b::/96', '64:ff9b::/96'],
    // str_to_prefix6(): strtok on slashes, the length read by strtoull.
    ['pool6', '64:ff9b::/96 ', '64:ff9b::/96'],
    ['pool6', '64:ff9b::/96/96', '64:ff9b::/96'],
    ['pool6', '64:ff9b::/96abc', '64:ff9b::/96'],
    ['pool6', '/64:ff9b::/96', '64:ff9b::/96'],
    ['pool6', '64:ff9b::', '64:ff9b::/128'],
    ['pool6', '64:ff9b::/', '64:ff9b::/128'],
    // str_to_timeout(): strtoull on each field, 32 bits of milliseconds.
    ['icmp-timeout', '', 0],
    ['icmp-timeout', ':30', 30_000],
    ['icmp-timeout', '1:', 60_000],
    ['icmp-timeout', '.500', 500],
    ['icmp-timeout', ' 90', 90_000],
    ['icmp-timeout', '1193:02:47.295', 4_294_967_295],
    ['icmp-timeout', '1193:02:47.296', 0],
    ['icmp-timeout', '1193:02:48', 704],
    ['udp-timeout', '0:10:00', 600_000],
  ])('%s %j reads as %j', (name, value, expected) => {
    expect(readGlobalJson(meta(name), value)).toEqual(expected);
  });

  it.each([
    ['manually-enabled', 1, '1 is not a JSON boolean'],
    ['manually-enabled', 'true', '"true" is not a JSON boolean'],
    ['tos', 'high', '"high" is not a JSON number from 0 to 255'],
    ['tos', 256, '256 is out of range (0-255)'],
    ['tos', -1, '-1 is not a JSON number'],
    ['ss-capacity', 4294967296, 'is not a JSON number from 0 to 4294967295'],
    ['udp-timeout', 300, '300 is not a JSON string: timeouts are written as on the command line, such as "0:05:00"'],
    ['udp-timeout', null, 'null is not a JSON string'],
    ['mtu-plateaus', '1500,1280', 'is not a JSON array of MTUs'],
    ['mtu-plateaus', [1500, '1280'], 'holds "1280", which is not a number from 0 to 65535'],
    ['mtu-plateaus', [65536], 'holds 65536'],
    ['pool6', 5, '5 is not a JSON string such as "64:ff9b::/96" (or null)'],
    ['pool6', {}, 'an object is not a JSON string'],
    ['pool6', '64:ff9b::/x96', 'is not an IPv6 prefix'],
    ['pool6', ' 64:ff9b::/96', 'is not an IPv6 prefix'],
    ['icmp-timeout', '5m', 'does not follow the [HH:[MM:]]SS[.mmm] format'],
    ['icmp-timeout', '1:2:3:4', 'does not follow'],
    ['icmp-timeout', '1.5', 'has a millisecond part of fewer than 3 digits'],
    ['icmp-timeout', '99999999999999999999', 'is too large a number for Jool to read'],
  ])('%s %j is refused: %s', (name, value, message) => {
    const p = problem(() => readGlobalJson(meta(name), value));
    expect(`${p.shown} ${p.problem}`).toContain(message);
  });
});

describe("the kernel's rules", () => {
  it.each([
    ['lowest-ipv6-mtu', 1279, 'is too small: the minimum is 1280'],
    ['f-args', 16, 'is out of range (0-15)'],
    ['tcp-est-timeout', 7_199_999, 'is too small: the minimum is 2:00:00'],
    ['tcp-trans-timeout', 239_000, 'is too small: the minimum is 0:04:00'],
    ['udp-timeout', 119_000, 'is too small: the minimum is 0:02:00'],
    ['mtu-plateaus', [0, 0], 'holds nothing but zeroes'],
  ])('%s %j is refused: %s', (name, value, message) => {
    const p = problem(() => checkGlobal(meta(name), value, String(value)));
    expect(p.problem).toBe(message);
  });

  it.each([
    ['lowest-ipv6-mtu', 1280],
    ['f-args', 15],
    ['f-args', 0],
    ['tcp-est-timeout', 7_200_000],
    ['udp-timeout', 120_000],
    // No rule for ICMP: even zero passes.
    ['icmp-timeout', 0],
    ['tos', 255],
  ])('%s %j passes', (name, value) => {
    expect(checkGlobal(meta(name), value, String(value))).toBe(value);
  });

  it('sorts the plateaus descending, without repeats or zeros', () => {
    expect(checkGlobal(meta('mtu-plateaus'), [1, 2, 3], '')).toEqual([3, 2, 1]);
    expect(checkGlobal(meta('mtu-plateaus'), [1500, 0, 1280, 1500, 68], '')).toEqual([1500, 1280, 68]);
  });

  it("checks pool6 in the kernel's order, the u-bit unless forced, and keeps it as it is", () => {
    expect(problem(() => checkPool6('64:ff9b::1/96', false, 'x')).problem).toBe('has bits set past its length /96 (did you mean 64:ff9b::/96?)');
    expect(problem(() => checkPool6('64:ff9b::1/95', false, 'x')).problem).toContain('has bits set past its length /95');
    expect(problem(() => checkPool6('64:ff9b::/95', false, 'x')).problem).toContain('has length /95; pool6 must be /32, /40, /48, /56, /64 or /96');
    expect(problem(() => checkPool6('2001:db8:0:0:100::/96', false, 'x')).problem).toContain('nonzero u-bit');
    expect(checkPool6('2001:db8:0:0:100::/96', true, 'x')).toBe('2001:db8:0:0:100::/96');
    expect(problem(() => checkPool6(null, true, 'null')).problem).toContain('NAT64 instances must have one');
    expect(() => checkPool6Kept('64:FF9B:0::/96', '64:ff9b::/96', 'x')).not.toThrow();
    expect(problem(() => checkPool6Kept('2001:db8::/96', '64:ff9b::/96', 'x')).problem).toContain('the instance has pool6 64:ff9b::/96');
    expect(problem(() => checkPool6Kept('64:ff9b::/96', undefined, 'x')).hint).toContain('jool instance add');
  });
});

describe('formats', () => {
  it('prints timeouts as timeout2str(): hours unpadded, milliseconds only when there are some', () => {
    expect(formatTimeout(0)).toBe('0:00:00');
    expect(formatTimeout(1_500)).toBe('0:00:01.500');
    expect(formatTimeout(7_200_000)).toBe('2:00:00');
    expect(formatTimeout(4294967295)).toBe('1193:02:47.295');
    expect(formatGlobal(meta('udp-timeout'), 1_500, false)).toBe('0:00:01.500 (HH:MM:SS)');
  });

  it("prints f-args' bits", () => {
    expect(formatGlobal(meta('f-args'), 2, false)).toBe('2 (0b0010): SrcAddr:0 SrcPort:0 DstAddr:1 DstPort:0');
    expect(formatGlobal(meta('f-args'), 15, false)).toBe('15 (0b1111): SrcAddr:1 SrcPort:1 DstAddr:1 DstPort:1');
    expect(formatGlobal(meta('f-args'), 2, true)).toBe('2');
  });

  it('prints pool6 as inet_ntop does, whatever spelling it was kept in', () => {
    expect(formatGlobal(meta('pool6'), '64:FF9B:0:0::/96', false)).toBe('64:ff9b::/96');
    expect(formatGlobal(meta('pool6'), '0:0:0:0:0:ffff::/96', false)).toBe('::ffff:0.0.0.0/96');
  });
});

describe('settings', () => {
  it('keep only what differs from the default', () => {
    const set = withSetting(NO_SETTINGS, meta('tos'), 3);
    expect(set).toEqual({ tos: 3 });
    expect(withSetting(set, meta('tos'), 0)).toEqual({});
    expect(withSetting(set, meta('mtu-plateaus'), [65535, 32000, 17914, 8166, 4352, 2002, 1492, 1006, 508, 296, 68])).toEqual({ tos: 3 });
    const { values } = globalValues(set, undefined, '4.1.15');
    expect(values[GLOBALS.findIndex((g) => g.name === 'tos')]).toBe(3);
  });

  it("plan the updates that give one instance another's globals, in Jool's order", () => {
    const from = { tos: 3, 'udp-timeout': 600_000 };
    const to = { 'udp-timeout': 1_500, 'mtu-plateaus': [1500, 1280], 'manually-enabled': false };
    expect(planGlobals(from, '64:ff9b::/96', to, '64:ff9b::/96', '4.1.15')).toEqual([
      { key: 'manually-enabled', value: 'false' },
      { key: 'tos', value: '0' },
      { key: 'mtu-plateaus', value: '1500,1280' },
      { key: 'udp-timeout', value: '0:00:01.500' },
    ]);
    expect(planGlobals(to, undefined, to, '64:ff9b::/96', '4.1.15')).toEqual([]);
    expect(() => planGlobals(from, '64:ff9b::/96', from, '2001:db8::/96', '4.1.15')).toThrow(Pool6Differs);
  });
});

describe('stats', () => {
  it("are Jool 4.1.15's 83 counters, JSTAT_BIB_ENTRIES the fourth", () => {
    expect(STATS).toHaveLength(83);
    expect(new Set(STATS.map(([n]) => n)).size).toBe(83);
    expect(STATS[0][0]).toBe('JSTAT_RECEIVED6');
    expect(STATS[3][0]).toBe('JSTAT_BIB_ENTRIES');
    expect(STATS[82][0]).toBe('JSTAT_UNKNOWN');
    expect(STATS.every(([, doc]) => doc.length > 0 && !doc.includes('"'))).toBe(true);
    expect(statValues(STATS, 7).filter((v) => v !== 0)).toEqual([7]);
  });

  it('print as wargp/stats.c does: zero counters skipped without --all', () => {
    const values: GlobalValue[] = statValues(STATS, 2);
    const o = { all: false, explain: false, csv: false, headers: true };
    expect(formatStats(STATS, values as number[], o)).toBe('JSTAT_BIB_ENTRIES: 2\n');
    expect(formatStats(STATS, statValues(STATS, 0), o)).toBe('');
    expect(formatStats(STATS, statValues(STATS, 0), { ...o, csv: true })).toBe('Stat,Value\n');
    expect(formatStats(STATS, statValues(STATS, 0), { ...o, csv: true, explain: true })).toBe('Stat,Value,Explanation\n');
    expect(formatStats(STATS, statValues(STATS, 0), { ...o, csv: true, headers: false })).toBe('');
    expect(formatStats(STATS, statValues(STATS, 2), { ...o, explain: true })).toBe('JSTAT_BIB_ENTRIES: 2\nNumber of BIB entries currently held in the BIB.\n\n');
    expect(formatStats(STATS, statValues(STATS, 2), { ...o, csv: true, explain: true, headers: false })).toBe('JSTAT_BIB_ENTRIES,2,"Number of BIB entries currently held in the BIB."\n');
    const all = formatStats(STATS, statValues(STATS, 0), { ...o, all: true }).split('\n');
    expect(all).toHaveLength(84);
    expect(all[0]).toBe('JSTAT_RECEIVED6: 0');
  });
});
