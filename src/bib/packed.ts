/**
 * A BIB as read from a state file in jool's own layout: its lines stay bytes, with the numbers in
 * typed columns, until an entry is asked for. A BIB may hold 65,536 entries or more, and an object
 * and a string for each costs more than the whole of a display or a cascade; these need only the
 * columns and the bytes (output/bib.ts, removeRange(), the encoder), the rest takes entries.
 *
 * Each line is `<protocol> <IPv4>#<port> <IPv6>#<port>`, lines sorted by protocol (TCP, UDP, ICMP)
 * then IPv4 transport address, so each protocol is a run of them.
 */
import type { Protocol } from '../pool4/pool.js';
import type { Bib, BibEntry, BibTable } from './bib.js';

/** Per line, in file order. */
export interface Columns {
  /** The first character of the IPv4 side. */
  readonly v4: Uint32Array;
  /** The space between the sides. */
  readonly space: Uint32Array;
  /** The '#' of the IPv6 side. */
  readonly hash6: Uint32Array;
  /** The closing quote. */
  readonly end: Uint32Array;
  readonly address4: Uint32Array;
  readonly port4: Uint16Array;
  readonly port6: Uint16Array;
}

export class PackedBib implements Bib {
  private readonly made: Partial<Record<Protocol, BibTable>> = {};

  constructor(
    readonly bytes: Buffer,
    readonly columns: Columns,
    /** Which lines each protocol has, in order. */
    readonly selected: Readonly<Record<Protocol, Uint32Array>>,
  ) {}

  get TCP(): BibTable {
    return this.table('TCP');
  }

  get UDP(): BibTable {
    return this.table('UDP');
  }

  get ICMP(): BibTable {
    return this.table('ICMP');
  }

  count(protocol: Protocol): number {
    return this.selected[protocol].length;
  }

  /** The protocol's entries as objects, made once. */
  private table(protocol: Protocol): BibTable {
    let t = this.made[protocol];
    if (t === undefined) {
      const { bytes, columns: c } = this;
      const list: BibEntry[] = [];
      for (const i of this.selected[protocol]) {
        list.push({ address4: c.address4[i], port4: c.port4[i], address6: bytes.toString('latin1', c.space[i] + 1, c.hash6[i]), port6: c.port6[i] });
      }
      this.made[protocol] = t = list;
    }
    return t;
  }

  /** The cascade (bib.ts removeRange()) on the columns: no entry is made. */
  removeRange(protocols: readonly Protocol[], first: number, last: number, ports: readonly [number, number]): PackedBib {
    const { address4, port4 } = this.columns;
    const selected = { ...this.selected };
    let changed = false;
    for (const protocol of protocols) {
      const lines = this.selected[protocol];
      const kept = new Uint32Array(lines.length);
      let n = 0;
      for (let k = 0; k < lines.length; k++) {
        const i = lines[k];
        const a = address4[i];
        const p = port4[i];
        if (a < first || a > last || p < ports[0] || p > ports[1]) kept[n++] = i;
      }
      if (n === lines.length) continue;
      selected[protocol] = kept.subarray(0, n);
      changed = true;
    }
    return changed ? new PackedBib(this.bytes, this.columns, selected) : this;
  }
}
