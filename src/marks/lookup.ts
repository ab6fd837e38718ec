/**
 * Which mark's table holds a transport address: the abuse desk's question ("192.0.2.7 port 40123,
 * TCP: which customer?"). An index of every sample of a protocol, sorted by first address, with
 * the running maximum of last addresses so that a lookup walks back only over samples that can
 * reach it. Pure.
 */
import { PROTOCOLS, type Pool, type Protocol } from '../pool4/pool.js';
import { lowerBound } from '../pool4/table.js';

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
      };
      let reach = 0;
      for (let i = 0; i < n; i++) {
        reach = Math.max(reach, index.lasts[i]);
        index.reach[i] = reach;
      }
      this.byProtocol.set(protocol, index);
    }
  }

  /** The samples of protocol that hold address (and port, if given), in mark order. */
  find(protocol: Protocol, address: number, port: number | undefined): Hit[] {
    const x = this.byProtocol.get(protocol) as ProtocolIndex;
    const hits: Hit[] = [];
    // Samples starting after the address cannot hold it; walk back while one before may still reach it.
    for (let i = lowerBound(x.firsts, address + 1) - 1; i >= 0 && x.reach[i] >= address; i--) {
      if (x.lasts[i] < address) continue;
      if (port !== undefined && (port < x.mins[i] || port > x.maxs[i])) continue;
      hits.push({ mark: x.marks[i], first: x.firsts[i], last: x.lasts[i], min: x.mins[i], max: x.maxs[i] });
    }
    return hits.length < 2 ? hits : hits.sort((a, b) => a.mark - b.mark || a.min - b.min);
  }
}
