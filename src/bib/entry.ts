/** What a BIB holds, apart from what is done with it (bib.ts) and how it is kept as bytes (packed.ts). */

export interface BibEntry {
  readonly address4: number;
  readonly port4: number;
  /** In inet_ntop's text: equal addresses have equal texts. */
  readonly address6: string;
  readonly port6: number;
}

/** Sorted by (address4, port4). */
export type BibTable = readonly BibEntry[];

export interface Bib {
  readonly TCP: BibTable;
  readonly UDP: BibTable;
  readonly ICMP: BibTable;
}

/** One side of a BIB entry: an address and a port (or ICMP identifier). IPv4 addresses as numbers. */
export interface Transport4 {
  readonly address: number;
  readonly port: number;
}
/** The IPv6 side; the address in inet_ntop's text, so that equal addresses have equal texts. */
export interface Transport6 {
  readonly address: string;
  readonly port: number;
}
