/**
 * A static BIB entry as one line of the state file: `TCP 192.0.2.1#80 2001:db8::1#80`, the
 * protocol, then the IPv4 and IPv6 transport addresses as Jool prints them. The validating reader
 * and the encoder go through here (the fast reader keeps lines as bytes: bib/packed.ts).
 */
import { formatAddress } from '../pool4/addresses.js';
import type { Protocol } from '../pool4/pool.js';
import { BIB_PROTOCOLS, compareEntries, type Bib, type BibEntry } from '../bib/bib.js';
import { BadValue, parseTransport4, parseTransport6 } from '../formats/values.js';

function formatBibLine(protocol: Protocol, e: BibEntry): string {
  return `${protocol} ${formatAddress(e.address4)}#${e.port4} ${e.address6}#${e.port6}`;
}

/** Every entry's line, in the file's order: TCP, UDP, ICMP, each by IPv4 transport address. */
export function bibLines(bib: Bib): string[] {
  const lines: string[] = [];
  for (const protocol of BIB_PROTOCOLS) for (const e of bib[protocol]) lines.push(formatBibLine(protocol, e));
  return lines;
}

interface BibLine {
  readonly protocol: Protocol;
  readonly entry: BibEntry;
}

/** The line's entry, or what is wrong with it. */
export function parseBibLine(text: string): BibLine | string {
  const [protocol, taddr4, taddr6, extra] = text.split(' ');
  if (extra !== undefined || taddr6 === undefined) return 'is not "<protocol> <IPv4 address>#<port> <IPv6 address>#<port>"';
  if (!BIB_PROTOCOLS.includes(protocol as Protocol)) return `has the protocol "${protocol}", not one of ${BIB_PROTOCOLS.join(', ')}`;
  try {
    const t4 = parseTransport4(taddr4);
    const t6 = parseTransport6(taddr6);
    return { protocol: protocol as Protocol, entry: { address4: t4.address, port4: t4.port, address6: t6.address, port6: t6.port } };
  } catch (e) {
    if (e instanceof BadValue) return `: ${e.message.replace(/\.$/, '').replace(/ \(port or ICMP id[^)]*\)/, '')}`;
    throw e;
  }
}

/**
 * Collects the validating reader's lines into a Bib, refusing a second entry with the same IPv4 or
 * IPv6 transport address in one protocol. Lines may come in any order (a hand-written file); they
 * are sorted when they did not.
 */
export class BibCollector {
  private readonly tables: Record<Protocol, BibEntry[]> = { TCP: [], UDP: [], ICMP: [] };
  private readonly seen6 = new Set<string>();
  private readonly seen4 = new Set<string>();
  private previous: BibLine | undefined;
  private inOrder = true;

  /** undefined, or what is wrong with this line given the ones before. */
  push(line: BibLine): string | undefined {
    const { protocol, entry } = line;
    const k4 = `${protocol} ${entry.address4}#${entry.port4}`;
    const k6 = `${protocol} ${entry.address6}#${entry.port6}`;
    if (this.seen4.has(k4)) return `repeats the ${protocol} IPv4 transport address of an entry before it`;
    if (this.seen6.has(k6)) return `repeats the ${protocol} IPv6 transport address of an entry before it`;
    this.seen4.add(k4);
    this.seen6.add(k6);
    const p = this.previous;
    if (p !== undefined) {
      const order = BIB_PROTOCOLS.indexOf(p.protocol) - BIB_PROTOCOLS.indexOf(protocol) || compareEntries(p.entry, entry);
      if (order > 0) this.inOrder = false;
    }
    this.previous = line;
    this.tables[protocol].push(entry);
    return undefined;
  }

  done(): Bib {
    if (!this.inOrder) for (const protocol of BIB_PROTOCOLS) this.tables[protocol].sort(compareEntries);
    return this.tables;
  }
}
