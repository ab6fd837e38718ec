/**
 * --check: where pool4's TCP and UDP ports overlap the host's ephemeral port range (the Notes of
 * Jool's pool4 page), and the ephemeral range that would avoid them. Pure.
 */
import { prefixesOf, type Prefix } from './addresses.js';
import type { Pool, Protocol } from './pool.js';
import { unite, type PortRange, type PortSet } from './ports.js';

export interface Overlap {
  readonly mark: number;
  readonly protocol: Protocol;
  readonly prefix: Prefix;
  /** The ports of the sample that fall in the ephemeral range. */
  readonly ports: PortRange;
}

/** The ephemeral range's rivals: only TCP and UDP bind local ports (ICMP ids do not). */
const BINDING: readonly Protocol[] = ['UDP', 'TCP'];

export function overlaps(pool: Pool, ephemeral: PortRange): Overlap[] {
  const out: Overlap[] = [];
  for (const t of pool.tables) {
    if (!BINDING.includes(t.protocol)) continue;
    const { firsts, lasts, ports } = t.runs;
    for (let i = 0; i < t.runs.length; i++) {
      const shared = intersect(ports[i], ephemeral);
      if (shared.length === 0) continue;
      for (const prefix of prefixesOf(firsts[i], lasts[i])) {
        for (const range of shared) out.push({ mark: t.mark, protocol: t.protocol, prefix, ports: range });
      }
    }
  }
  return out;
}

/**
 * The widest range of ports that pool4's TCP and UDP samples leave free: within the current
 * ephemeral range if any is left there, else within 1024-65535 (below 1024 are privileged ports).
 */
export function freeEphemeralRange(pool: Pool, ephemeral: PortRange): PortRange | undefined {
  let used: PortSet = [];
  const seen = new Set<PortSet>();
  for (const t of pool.tables) {
    if (!BINDING.includes(t.protocol)) continue;
    for (const set of t.runs.ports) {
      if (seen.has(set)) continue;
      seen.add(set);
      for (const r of set) used = unite(used, r);
    }
  }
  return widestGap(used, ephemeral) ?? widestGap(used, [1024, 65535]);
}

function widestGap(used: PortSet, within: PortRange): PortRange | undefined {
  let best: PortRange | undefined;
  let from = within[0];
  const consider = (to: number) => {
    if (from <= to && (best === undefined || to - from > best[1] - best[0])) best = [from, to];
  };
  for (const [min, max] of used) {
    if (max < within[0]) continue;
    if (min > within[1]) break;
    consider(Math.min(min - 1, within[1]));
    from = max + 1;
  }
  consider(within[1]);
  return best;
}

function intersect(set: PortSet, range: PortRange): PortRange[] {
  const out: PortRange[] = [];
  for (const [min, max] of set) {
    const lo = Math.max(min, range[0]);
    const hi = Math.min(max, range[1]);
    if (lo <= hi) out.push([lo, hi]);
  }
  return out;
}
