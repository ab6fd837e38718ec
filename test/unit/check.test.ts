import { describe, expect, it } from 'vitest';
import { formatPrefix } from '../../src/pool4/addresses';
import { freeEphemeralRange, overlaps } from '../../src/pool4/check';
import { add, EMPTY_POOL, type Entry, type Pool, type Protocol, JOOL3_ADD } from '../../src/pool4/pool';
import type { PortRange } from '../../src/pool4/ports';
import { parsePrefix } from '../../src/formats/values';

const entry = (prefix: string, ports: PortRange, protocols: Protocol[] = ['ICMP', 'UDP', 'TCP'], mark = 0): Entry => ({ mark, protocols, prefix: parsePrefix(prefix), ports });
const pool = (...entries: Entry[]): Pool => entries.reduce((p, e) => add(p, e, JOOL3_ADD(true)), EMPTY_POOL);
const show = (p: Pool, r: PortRange) => overlaps(p, r).map((o) => `${o.mark} ${o.protocol} ${formatPrefix(o.prefix)} ${o.ports[0]}-${o.ports[1]}`);

describe('overlaps', () => {
  it('reports the TCP and UDP ports inside the ephemeral range, per CIDR block, and ignores ICMP', () => {
    const p = pool(entry('192.0.2.0/30', [60001, 65535]), entry('192.0.2.8', [1000, 2000], ['TCP'], 3));
    expect(show(p, [32768, 60999])).toEqual(['0 UDP 192.0.2.0/30 60001-60999', '0 TCP 192.0.2.0/30 60001-60999']);
    expect(show(p, [1500, 61000])).toEqual(['0 UDP 192.0.2.0/30 60001-61000', '0 TCP 192.0.2.0/30 60001-61000', '3 TCP 192.0.2.8/32 1500-2000']);
    expect(show(p, [2001, 60000])).toEqual([]);
  });

  it('reports each overlapping range of a sample holding several', () => {
    const p = pool(entry('192.0.2.1', [100, 200], ['UDP']), entry('192.0.2.1', [300, 400], ['UDP']));
    expect(show(p, [150, 350])).toEqual(['0 UDP 192.0.2.1/32 150-200', '0 UDP 192.0.2.1/32 300-350']);
  });
});

describe('freeEphemeralRange', () => {
  it('is the widest part of the ephemeral range that TCP and UDP leave free', () => {
    expect(freeEphemeralRange(pool(entry('192.0.2.1', [60001, 65535])), [32768, 60999])).toEqual([32768, 60000]);
    expect(freeEphemeralRange(pool(entry('192.0.2.1', [50000, 58000], ['TCP'])), [32768, 60999])).toEqual([32768, 49999]);
    expect(freeEphemeralRange(pool(entry('192.0.2.1', [35000, 50000], ['UDP'])), [32768, 60999])).toEqual([50001, 60999]);
  });

  it('ignores ICMP, and looks beyond the ephemeral range when pool4 covers all of it', () => {
    expect(freeEphemeralRange(pool(entry('192.0.2.1', [0, 65535], ['ICMP']), entry('192.0.2.1', [1, 5], ['TCP'])), [32768, 60999])).toEqual([32768, 60999]);
    expect(freeEphemeralRange(pool(entry('192.0.2.1', [20000, 65535], ['TCP'])), [32768, 60999])).toEqual([1024, 19999]);
    expect(freeEphemeralRange(pool(entry('192.0.2.1', [1000, 65535], ['TCP'])), [32768, 60999])).toBeUndefined();
  });
});
