/**
 * A BIB as read from a state file in jool's own layout, whose checksum vouches for its lines: they
 * stay bytes until something needs more. A BIB may hold 65,536 entries or more, and an object and
 * a string for each costs more than the whole of a display or a cascade. A numeric display turns
 * the lines into rows in one pass (output/bib.ts); a count or a cascade indexes them into typed
 * columns, without making entries; anything else makes the entries, once.
 *
 * Each line is `<protocol> <IPv4>#<port> <IPv6>#<port>` between double quotes, lines separated by
 * `",` and the indentation (state/layout.ts), sorted by protocol (TCP, UDP, ICMP) then IPv4
 * transport address: each protocol is a run of lines. Nothing here checks them: the state reader
 * hands over only lines whose checksum matches what jool wrote.
 */
import type { Protocol } from '../pool4/pool.js';
import type { Bib, BibEntry, BibTable } from './entry.js';

const QUOTE = 34;
const SPACE = 32;
const HASH = 35;

/** Per line, in file order. */
interface Columns {
  /** The first character of the IPv4 side. */
  readonly v4: Uint32Array;
  /** The space between the sides. */
  readonly space: Uint32Array;
  /** The closing quote. */
  readonly end: Uint32Array;
  readonly address4: Uint32Array;
  readonly port4: Uint16Array;
}

interface Index {
  readonly columns: Columns;
  readonly selected: Readonly<Record<Protocol, Uint32Array>>;
}

export class PackedBib implements Bib {
  private readonly made: Partial<Record<Protocol, BibTable>> = {};
  private indexed: Index | undefined;

  /**
   * The lines are bytes[from, to): from the first line's first character to the last one's
   * closing quote, lines separated by next. index: what a cascade left of another PackedBib.
   */
  constructor(
    readonly bytes: Buffer,
    readonly from: number,
    readonly to: number,
    readonly next: Buffer,
    index?: Index,
  ) {
    this.indexed = index;
  }

  get TCP(): BibTable {
    return this.table('TCP');
  }

  get UDP(): BibTable {
    return this.table('UDP');
  }

  get ICMP(): BibTable {
    return this.table('ICMP');
  }

  /** Whether the lines have been indexed (else a numeric display reads them as they are). */
  get isIndexed(): boolean {
    return this.indexed !== undefined;
  }

  get index(): Index {
    this.indexed ??= this.makeIndex();
    return this.indexed;
  }

  count(protocol: Protocol): number {
    return this.index.selected[protocol].length;
  }

  /** The protocol's entries as objects, made once. */
  private table(protocol: Protocol): BibTable {
    let t = this.made[protocol];
    if (t === undefined) {
      const { bytes } = this;
      const { columns: c, selected } = this.index;
      const list: BibEntry[] = [];
      for (const i of selected[protocol]) {
        const hash = bytes.lastIndexOf(HASH, c.end[i]); // the IPv6 side's '#'
        list.push({ address4: c.address4[i], port4: c.port4[i], address6: bytes.toString('latin1', c.space[i] + 1, hash), port6: Number(bytes.toString('latin1', hash + 1, c.end[i])) });
      }
      this.made[protocol] = t = list;
    }
    return t;
  }

  /** The cascade (bib.ts removeRange()) on the columns: no entry is made. */
  removeRange(protocols: readonly Protocol[], first: number, last: number, ports: readonly [number, number]): PackedBib {
    const { columns, selected: before } = this.index;
    const { address4, port4 } = columns;
    const selected = { ...before };
    let changed = false;
    for (const protocol of protocols) {
      const lines = before[protocol];
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
    return changed ? new PackedBib(this.bytes, this.from, this.to, this.next, { columns, selected }) : this;
  }

  /** The lines' positions and numbers, in one pass over them. */
  private makeIndex(): Index {
    const { bytes, next } = this;
    const capacity = Math.ceil((this.to - this.from) / (18 + next.length)) + 1; // the shortest line: TCP 0.0.0.0#0 ::#0
    const v4 = new Uint32Array(capacity);
    const space = new Uint32Array(capacity);
    const end = new Uint32Array(capacity);
    const address4 = new Uint32Array(capacity);
    const port4 = new Uint16Array(capacity);
    const firstOf = [0, 0, 0, 0]; // where each protocol's lines start; [3] is the count
    let order = -1;
    let n = 0;
    for (let p = this.from; p < this.to; p += next.length) {
      // T(CP), U(DP) or I(CMP), and a space.
      const o = bytes[p] === 84 ? 0 : bytes[p] === 85 ? 1 : 2;
      while (order < o) firstOf[++order] = n;
      p += o === 2 ? 5 : 4;
      v4[n] = p;
      let a = 0;
      for (let field = 0; field < 4; field++) {
        let value = 0;
        while (bytes[p] >= 48 && bytes[p] <= 57) value = value * 10 + bytes[p++] - 48;
        a = a * 256 + value;
        p++; // '.', or the '#'
      }
      let port = 0;
      while (bytes[p] !== SPACE) port = port * 10 + bytes[p++] - 48;
      space[n] = p;
      while (bytes[p] !== QUOTE) p++;
      end[n] = p;
      address4[n] = a;
      port4[n] = port;
      n++;
    }
    while (order < 3) firstOf[++order] = n;
    const range = (o: number) => {
      const lines = new Uint32Array(firstOf[o + 1] - firstOf[o]);
      for (let k = 0; k < lines.length; k++) lines[k] = firstOf[o] + k;
      return lines;
    };
    return { columns: { v4, space, end, address4, port4 }, selected: { TCP: range(0), UDP: range(1), ICMP: range(2) } };
  }
}
