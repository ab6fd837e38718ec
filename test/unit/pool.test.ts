import { describe, expect, it } from 'vitest';
import { parsePrefix } from '../../src/formats/values';
import { add, count, EMPTY_POOL, PoolRefusal, remove, selectTables, type Entry, type Pool, type Protocol, JOOL3_ADD } from '../../src/pool4/pool';
import type { PortRange } from '../../src/pool4/ports';
import { forEachRow } from '../../src/output/rows';

const ALL: Protocol[] = ['ICMP', 'UDP', 'TCP'];
function entry(prefix: string, ports: PortRange = [60001, 65535], protocols: Protocol[] = ALL, mark = 0): Entry {
  return { mark, protocols, prefix: parsePrefix(prefix), ports };
}
function rows(pool: Pool): string[] {
  const out: string[] = [];
  forEachRow(pool.tables, (m, p, a, lo, hi) => out.push(`${m} ${p} ${a} ${lo}-${hi}`));
  return out;
}
function refusal(f: () => unknown) {
  try {
    f();
  } catch (e) {
    if (e instanceof PoolRefusal) return e.refusal;
    throw e;
  }
  throw new Error('not refused');
}

describe('add', () => {
  it('adds to every protocol by default, with the default port range', () => {
    expect(rows(add(EMPTY_POOL, entry('192.0.2.1'), JOOL3_ADD(false)))).toEqual(['0 ICMP 192.0.2.1 60001-65535', '0 UDP 192.0.2.1 60001-65535', '0 TCP 192.0.2.1 60001-65535']);
  });

  it('merges adjacent ranges on both sides and overlapping ones', () => {
    let pool = add(EMPTY_POOL, entry('192.0.2.1', [60001, 65535], ['TCP']), JOOL3_ADD(false));
    pool = add(pool, entry('192.0.2.1', [40001, 60000], ['TCP']), JOOL3_ADD(false));
    expect(rows(pool)).toEqual(['0 TCP 192.0.2.1 40001-65535']);
    pool = add(pool, entry('192.0.2.1', [100, 200], ['TCP']), JOOL3_ADD(false));
    pool = add(pool, entry('192.0.2.1', [201, 40000], ['TCP']), JOOL3_ADD(false));
    expect(rows(pool)).toEqual(['0 TCP 192.0.2.1 100-65535']);
    pool = add(pool, entry('192.0.2.1', [50, 150], ['TCP']), JOOL3_ADD(false));
    expect(rows(pool)).toEqual(['0 TCP 192.0.2.1 50-65535']);
  });

  it('keeps a contained range as it was', () => {
    const pool = add(EMPTY_POOL, entry('192.0.2.1', [1000, 2000], ['UDP']), JOOL3_ADD(false));
    expect(add(pool, entry('192.0.2.1', [1200, 1300], ['UDP']), JOOL3_ADD(false))).toEqual(pool);
  });

  it('starts TCP and UDP ranges at 1, and keeps ICMP at 0', () => {
    expect(rows(add(EMPTY_POOL, entry('192.0.2.1', [0, 10]), JOOL3_ADD(false)))).toEqual(['0 ICMP 192.0.2.1 0-10', '0 UDP 192.0.2.1 1-10', '0 TCP 192.0.2.1 1-10']);
  });

  it('refuses port 0 alone for TCP or UDP, and accepts it for ICMP', () => {
    expect(refusal(() => add(EMPTY_POOL, entry('192.0.2.1', [0, 0], ['TCP']), JOOL3_ADD(false)))).toMatchObject({ kind: 'port-zero', protocol: 'TCP' });
    expect(refusal(() => add(EMPTY_POOL, entry('192.0.2.1', [0, 0], ['ICMP', 'UDP']), JOOL3_ADD(false)))).toMatchObject({ kind: 'port-zero' });
    expect(rows(add(EMPTY_POOL, entry('192.0.2.1', [0, 0], ['ICMP']), JOOL3_ADD(false)))).toEqual(['0 ICMP 192.0.2.1 0-0']);
  });

  it('needs force above 256 addresses', () => {
    expect(refusal(() => add(EMPTY_POOL, entry('10.0.0.0/23'), JOOL3_ADD(false)))).toMatchObject({ kind: 'needs-force', addresses: 512 });
    expect(count(add(EMPTY_POOL, entry('10.0.0.0/24'), JOOL3_ADD(false))).samples).toBe(3 * 256);
    expect(count(add(EMPTY_POOL, entry('10.0.0.0/16'), JOOL3_ADD(true))).samples).toBe(3 * 65536);
  });

  it('keeps a /16 as one run per table', () => {
    const pool = add(EMPTY_POOL, entry('10.0.0.0/16'), JOOL3_ADD(true));
    expect(pool.tables.map((t) => t.runs.length)).toEqual([1, 1, 1]);
  });

  it.each(['0.0.0.0', '0.255.255.255', '127.0.0.1', '169.254.1.1', '224.0.0.1', '239.255.255.255', '255.255.255.255', '255.255.255.254/31', '126.0.0.0/7', '0.0.0.0/0'])(
    'refuses %s, which touches a reserved block, even with force',
    (prefix) => {
      expect(refusal(() => add(EMPTY_POOL, entry(prefix), JOOL3_ADD(true))).kind).toBe('reserved');
    },
  );

  it.each(['1.0.0.0', '126.255.255.255', '128.0.0.0', '169.253.255.255', '169.255.0.0', '223.255.255.255', '240.0.0.0', '255.255.255.254'])('accepts %s, next to a reserved block', (prefix) => {
    expect(count(add(EMPTY_POOL, entry(prefix), JOOL3_ADD(false))).samples).toBe(3);
  });

  it('refuses to leave a table above 2^32 - 1 transport addresses, counting overlap once', () => {
    // 65536 addresses x 65536 ICMP ids = 2^32: one too many.
    expect(refusal(() => add(EMPTY_POOL, entry('10.0.0.0/16', [0, 65535], ['ICMP']), JOOL3_ADD(true)))).toMatchObject({
      kind: 'capacity',
      protocol: 'ICMP',
      total: 2 ** 32,
    });
    // TCP has no port 0: 65536 x 65535 fits.
    let pool = add(EMPTY_POOL, entry('10.0.0.0/16', [0, 65535], ['TCP']), JOOL3_ADD(true));
    expect(count(pool).transportAddresses).toBe(65536 * 65535);
    // Adding what is already there again does not count twice.
    pool = add(pool, entry('10.0.0.0/16', [1, 65535], ['TCP']), JOOL3_ADD(true));
    expect(count(pool).transportAddresses).toBe(65536 * 65535);
    // 65537 addresses x 65535 ids is exactly 2^32 - 1: allowed; one more address is not.
    const icmp = add(EMPTY_POOL, entry('10.0.0.0/16', [1, 65535], ['ICMP']), JOOL3_ADD(true));
    const full = add(icmp, entry('10.1.0.0', [1, 65535], ['ICMP']), JOOL3_ADD(false));
    expect(count(full).transportAddresses).toBe(2 ** 32 - 1);
    expect(refusal(() => add(full, entry('10.1.0.1', [1, 1], ['ICMP']), JOOL3_ADD(false)))).toMatchObject({ kind: 'capacity', total: 2 ** 32 });
  });

  it('refuses the whole command when one protocol is refused', () => {
    const before = add(EMPTY_POOL, entry('192.0.2.9'), JOOL3_ADD(false));
    expect(() => add(before, entry('192.0.2.1', [0, 0], ['ICMP', 'TCP']), JOOL3_ADD(false))).toThrow(PoolRefusal);
    expect(rows(before)).toHaveLength(3);
  });
});

describe('remove', () => {
  const base = add(add(EMPTY_POOL, entry('192.0.2.0/30', [1000, 2000], ['TCP']), JOOL3_ADD(false)), entry('192.0.2.8', [1, 65535], ['UDP']), JOOL3_ADD(false));

  it('cuts, splits and drops samples', () => {
    let pool = remove(base, entry('192.0.2.1', [1500, 1600], ['TCP']));
    pool = remove(pool, entry('192.0.2.2', [500, 1200], ['TCP']));
    pool = remove(pool, entry('192.0.2.3', [1900, 3000], ['TCP']));
    pool = remove(pool, entry('192.0.2.0', [0, 65535], ['TCP']));
    expect(rows(pool)).toEqual(['0 UDP 192.0.2.8 1-65535', '0 TCP 192.0.2.1 1000-1499', '0 TCP 192.0.2.1 1601-2000', '0 TCP 192.0.2.2 1201-2000', '0 TCP 192.0.2.3 1000-1899']);
  });

  it('drops tables left empty, and ignores what is not there', () => {
    const pool = remove(base, entry('192.0.2.0/24', [0, 65535], ['TCP']));
    expect(pool.tables.map((t) => t.protocol)).toEqual(['UDP']);
    expect(remove(pool, entry('198.51.100.0/24', [0, 65535]))).toEqual(pool);
    expect(remove(pool, entry('127.0.0.1', [0, 65535]))).toEqual(pool);
  });

  it('only touches the given mark', () => {
    const marked = add(base, entry('192.0.2.1', [1, 5], ['TCP'], 7), JOOL3_ADD(false));
    expect(rows(remove(marked, entry('192.0.2.0/24', [0, 65535], ALL, 7)))).toEqual(rows(base));
  });
});

describe('order, count and filters', () => {
  const pool = [
    entry('192.0.2.10', [5, 5], ['TCP'], 2),
    entry('192.0.2.9', [7, 7], ['TCP'], 10),
    entry('192.0.2.9', [1, 1], ['UDP'], 2),
    entry('10.0.0.1', [3, 3], ['ICMP'], 2),
    entry('192.0.2.2', [9, 9], ['TCP'], 2),
    entry('192.0.2.10', [1, 1], ['TCP'], 2),
  ].reduce((p, e) => add(p, e, JOOL3_ADD(false)), EMPTY_POOL);

  it('sorts by mark numerically, then ICMP, UDP, TCP, then address numerically, then port', () => {
    expect(rows(pool)).toEqual(['2 ICMP 10.0.0.1 3-3', '2 UDP 192.0.2.9 1-1', '2 TCP 192.0.2.2 9-9', '2 TCP 192.0.2.10 1-1', '2 TCP 192.0.2.10 5-5', '10 TCP 192.0.2.9 7-7']);
  });

  it('counts tables, samples and transport addresses', () => {
    expect(count(pool)).toEqual({ tables: 4, samples: 6, transportAddresses: 6 });
    expect(count(EMPTY_POOL)).toEqual({ tables: 0, samples: 0, transportAddresses: 0 });
  });

  it('selects tables by mark and protocol', () => {
    expect(selectTables(pool, { mark: 10 }).map((t) => t.protocol)).toEqual(['TCP']);
    expect(selectTables(pool, { protocols: ['UDP', 'ICMP'] }).map((t) => t.protocol)).toEqual(['ICMP', 'UDP']);
    expect(selectTables(pool, { mark: 3 })).toEqual([]);
    expect(selectTables(pool, {})).toEqual(pool.tables);
  });
});
