/**
 * One (mark, protocol) table of pool4, stored as runs.
 *
 * A run is a block of consecutive addresses that all hold the same ports. Runs are sorted by
 * address, disjoint, never empty, and maximal: two runs that touch (one's last address + 1 is the
 * other's first) hold different ports. A /16 holding 60001-65535 is therefore one run, and the cost
 * of every operation follows the number of runs, not the number of addresses it names.
 */
import { EMPTY, samePorts, size, type PortSet } from './ports.js';

export interface Run {
  readonly first: number;
  readonly last: number;
  readonly ports: PortSet;
}

export type Runs = readonly Run[];

/**
 * Replaces the ports of every address in [first, last] by change(its ports); addresses that hold
 * nothing are passed EMPTY. Runs outside the block are kept, runs across its edges are cut, and the
 * result is normalised again.
 */
export function update(runs: Runs, first: number, last: number, change: (ports: PortSet) => PortSet): Runs {
  let i = firstReaching(runs, first);
  const out: Run[] = runs.slice(0, i);
  const push = (from: number, to: number, ports: PortSet) => {
    if (ports.length === 0) return;
    const prev = out[out.length - 1];
    if (prev !== undefined && prev.last + 1 === from && samePorts(prev.ports, ports)) {
      out[out.length - 1] = { first: prev.first, last: to, ports: prev.ports };
    } else {
      out.push({ first: from, last: to, ports });
    }
  };
  // Consecutive runs often hold equal ports; reuse one result so merged runs share it.
  let lastIn: PortSet | undefined;
  let lastOut: PortSet = EMPTY;
  const changed = (ports: PortSet) => {
    if (lastIn === undefined || !samePorts(lastIn, ports)) {
      lastIn = ports;
      lastOut = change(ports);
    }
    return lastOut;
  };

  let next = first; // the lowest address of the block not handled yet
  for (; i < runs.length && runs[i].first <= last; i++) {
    const run = runs[i];
    if (run.first < first) push(run.first, first - 1, run.ports);
    const from = Math.max(run.first, first);
    const to = Math.min(run.last, last);
    if (next < from) push(next, from - 1, changed(EMPTY));
    push(from, to, changed(run.ports));
    if (run.last > last) push(last + 1, run.last, run.ports);
    next = to + 1;
  }
  if (next <= last) push(next, last, changed(EMPTY));
  for (; i < runs.length; i++) push(runs[i].first, runs[i].last, runs[i].ports);
  return out;
}

/** Index of the first run that ends at or after addr (runs.length if none does). */
function firstReaching(runs: Runs, addr: number): number {
  let lo = 0;
  let hi = runs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (runs[mid].last < addr) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Number of samples (address, port range) the table holds: the rows --display prints. */
export function sampleCount(runs: Runs): number {
  let n = 0;
  for (const r of runs) n += (r.last - r.first + 1) * r.ports.length;
  return n;
}

/** Number of transport addresses (address, port) the table holds. */
export function transportAddressCount(runs: Runs): number {
  let n = 0;
  for (const r of runs) n += (r.last - r.first + 1) * size(r.ports);
  return n;
}
