/**
 * The static BIB and the (always empty) session tables, as Jool 3 (usr/common/target/bib.c,
 * session.c) and Jool 4.1.15 (wargp/bib.c, session.c) print them. Rows are made here; which
 * entries, and whose names, is the caller's.
 */
import { formatAddress } from '../pool4/addresses.js';
import type { Protocol } from '../pool4/pool.js';
import type { Bib, BibEntry } from '../bib/bib.js';
import type { Names } from '../names.js';
import type { Sink } from './sink.js';

export const BIB_CSV_HEADER = 'Protocol,IPv6 Address,IPv6 L4-ID,IPv4 Address,IPv4 L4-ID,Static?';

/** print_addr6(): numbers, or the host's name and (not for ICMP) the port's service. */
function side6(protocol: Protocol, e: BibEntry, names: Names | undefined, separator: string): string {
  if (names === undefined) return `${e.address6}${separator}${e.port6}`;
  return `${names.host(e.address6)}${separator}${protocol === 'ICMP' ? e.port6 : names.service(e.port6)}`;
}

function csvRow(protocol: Protocol, e: BibEntry, names: Names | undefined): string {
  return `${protocol},${side6(protocol, e, names, ',')},${formatAddress(e.address4)},${e.port4},1\n`;
}

/** Jool 3: a section per protocol with a footer; or, with --csv, one header and the rows. */
export function writeBibJool3(bib: Bib, protocols: readonly Protocol[], csv: boolean, names: Names | undefined, out: Sink): void {
  if (csv) out.write(`${BIB_CSV_HEADER}\n`);
  for (const protocol of protocols) {
    const table = bib[protocol];
    if (csv) {
      for (const e of table) out.write(csvRow(protocol, e, names));
      continue;
    }
    out.write(`${protocol}:\n`);
    for (const e of table) out.write(`[Static] ${formatAddress(e.address4)}#${e.port4} - ${side6(protocol, e, names, '#')}\n`);
    out.write(table.length === 0 ? '  (empty)\n' : `  (Fetched ${table.length} entries.)\n`);
  }
}

/** Jool 4: rows alone, nothing for an empty table; --no-headers only matters with --csv. */
export function writeBibJool4(bib: Bib, protocol: Protocol, csv: boolean, headers: boolean, names: Names | undefined, out: Sink): void {
  if (csv && headers) out.write(`${BIB_CSV_HEADER}\n`);
  for (const e of bib[protocol]) {
    out.write(csv ? csvRow(protocol, e, names) : `[Static ${protocol}] ${formatAddress(e.address4)}#${e.port4} - ${side6(protocol, e, names, '#')}\n`);
  }
}

/** `TCP: 3` lines. */
export function formatTableCounts(counts: readonly (readonly [Protocol, number])[]): string {
  return counts.map(([protocol, n]) => `${protocol}: ${n}\n`).join('');
}

export const SESSION_CSV_HEADER =
  'Protocol,IPv6 Remote Address,IPv6 Remote L4-ID,IPv6 Local Address,IPv6 Local L4-ID,IPv4 Local Address,IPv4 Local L4-ID,IPv4 Remote Address,IPv4 Remote L4-ID,Expires in,State';
const SESSION_RULE = '---------------------------------';

/** Jool 3's empty session tables: a heading, a rule and `(empty)` and a blank line each; or the CSV header. */
export function formatSessionsJool3(protocols: readonly Protocol[], csv: boolean): string {
  if (csv) return `${SESSION_CSV_HEADER}\n`;
  return protocols.map((p) => `${p}:\n${SESSION_RULE}\n  (empty)\n\n`).join('');
}

/** Jool 4's empty session table: the rule (even with --no-headers); or the CSV header unless --no-headers. */
export function formatSessionsJool4(csv: boolean, headers: boolean): string {
  if (csv) return headers ? `${SESSION_CSV_HEADER}\n` : '';
  return `${SESSION_RULE}\n`;
}
