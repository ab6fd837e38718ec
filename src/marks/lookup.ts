/**
 * Which mark's table holds a transport address: the abuse desk's question ("192.0.2.7 port 40123,
 * TCP: which customer?"). An index of every sample of a protocol, sorted by first address, with
 * the running maximum of last addresses so that a lookup walks back only over samples that can
 * reach it. Pure.
 */
import { PROTOCOLS, type Pool, type Protocol } from '../pool4/pool.js';

export interface Hit {
  readonly mark: number;
  readonly first: number;
  readonly last: number;
  readonly min: number;
  readonly max: number;
}

interface ProtocolIndex {
  readonly firsts: Uint32Array;
  readonly lasts: Uint32Array;
  /** reach[i]: the greatest last address of samples 0..i. */
  readonly reach: Uint32Array;
  /** Among the samples with the first address of i: where they start, and the greatest max port up to i. */
  readonly groupStart: Uint32Array;
  readonly portReach: Uint32Array;
  readonly mins: Uint32Array;
  readonly maxs: Uint32Array;
  readonly marks: Uint32Array;
}

export class LookupIndex {
  private readonly byProtocol = new Map<Protocol, ProtocolIndex>();

  constructor(pool: Pool) {
    for (const protocol of PROTOCOLS) {
      let n = 0;
      for (const t of pool.tables) if (t.protocol === protocol) for (const p of t.runs.ports) n += p.length;
      const firsts = new Uint32Array(n);
      const lasts = new Uint32Array(n);
      const mins = new Uint32Array(n);
      const maxs = new Uint32Array(n);
      const marks = new Uint32Array(n);
      let k = 0;
      for (const t of pool.tables) {
        if (t.protocol !== protocol) continue;
        for (let i = 0; i < t.runs.length; i++) {
          for (const [min, max] of t.runs.ports[i]) {
            firsts[k] = t.runs.firsts[i];
            lasts[k] = t.runs.lasts[i];
            mins[k] = min;
            maxs[k] = max;
            marks[k] = t.mark;
            k++;
          }
        }
      }
      const order = new Uint32Array(n);
      for (let i = 0; i < n; i++) order[i] = i;
      order.sort((a, b) => firsts[a] - firsts[b] || mins[a] - mins[b] || marks[a] - marks[b]);
      const index: ProtocolIndex = {
        firsts: order.map((i) => firsts[i]),
        lasts: order.map((i) => lasts[i]),
        mins: order.map((i) => mins[i]),
        maxs: order.map((i) => maxs[i]),
        marks: order.map((i) => marks[i]),
        reach: new Uint32Array(n),
        groupStart: new Uint32Array(n),
        portReach: new Uint32Array(n),
      };
      let reach = 0;
      for (let i = 0; i < n; i++) {
        reach = Math.max(reach, index.lasts[i]);
        index.reach[i] = reach;
        const same = i > 0 && index.firsts[i - 1] === index.firsts[i];
        index.groupStart[i] = same ? index.groupStart[i - 1] : i;
        index.portReach[i] = same ? Math.max(index.portReach[i - 1], index.maxs[i]) : index.maxs[i];
      }
      this.byProtocol.set(protocol, index);
    }
  }

  /** The samples of protocol that hold address (and port, if given), in mark order. */
  find(protocol: Protocol, address: number, port: number | undefined): Hit[] {
    const x = this.byProtocol.get(protocol) as ProtocolIndex;
    const hits: Hit[] = [];
    // Samples after (address, port) in (first, min) order cannot hold it; walk back while one may still reach it.
    let i = upperBound(x, address, port ?? 65535) - 1;
    while (i >= 0 && x.reach[i] >= address) {
      // Many marks may share an address (port blocks): skip the rest of its samples once none reaches the port.
      if (port !== undefined && x.firsts[i] === address && x.portReach[i] < port) {
        i = x.groupStart[i] - 1;
        continue;
      }
      if (x.lasts[i] >= address && (port === undefined || (port >= x.mins[i] && port <= x.maxs[i]))) {
        hits.push({ mark: x.marks[i], first: x.firsts[i], last: x.lasts[i], min: x.mins[i], max: x.maxs[i] });
      }
      i--;
    }
    return hits.length < 2 ? hits : hits.sort((a, b) => a.mark - b.mark || a.min - b.min);
  }
}

/** The number of samples at or before (address, port) in (first, min) order. */
function upperBound(x: ProtocolIndex, address: number, port: number): number {
  let lo = 0;
  let hi = x.firsts.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (x.firsts[mid] < address || (x.firsts[mid] === address && x.mins[mid] <= port)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
