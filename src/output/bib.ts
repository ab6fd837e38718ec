/**
 * The static BIB and the (always empty) session tables, as Jool 3 (usr/common/target/bib.c,
 * session.c) and Jool 4.1.15 (wargp/bib.c, session.c) print them. Rows are made here; which
 * entries, and whose names, is the caller's.
 */
import { formatAddress } from '../pool4/addresses.js';
import type { Protocol } from '../pool4/pool.js';
import type { Bib, BibEntry } from '../bib/bib.js';
import { PackedBib } from '../bib/packed.js';
import type { Names } from '../formats/names.js';
import type { Sink } from './sink.js';

const BIB_CSV_HEADER = 'Protocol,IPv6 Address,IPv6 L4-ID,IPv4 Address,IPv4 L4-ID,Static?';

/** print_addr6(): numbers, or the host's name and (not for ICMP) the port's service. */
function side6(protocol: Protocol, e: BibEntry, names: Names | undefined, separator: string): string {
  if (names === undefined) return `${e.address6}${separator}${e.port6}`;
  return `${names.host(e.address6)}${separator}${protocol === 'ICMP' ? e.port6 : names.service(e.port6)}`;
}

function csvRow(protocol: Protocol, e: BibEntry, names: Names | undefined): string {
  return `${protocol},${side6(protocol, e, names, ',')},${formatAddress(e.address4)},${e.port4},1\n`;
}

/** Jool 3: a section per protocol with a footer; or, with --csv, one header and the rows. 3.5.5's --no-headers drops both, not the headings. */
export function writeBibJool3(bib: Bib, protocols: readonly Protocol[], csv: boolean, headers: boolean, names: Names | undefined, out: Sink): void {
  if (csv && headers) out.write(`${BIB_CSV_HEADER}\n`);
  for (const protocol of protocols) {
    if (csv) {
      writeRows(bib, protocol, 'csv', names, out);
      continue;
    }
    out.write(`${protocol}:\n`);
    const n = writeRows(bib, protocol, '[Static] ', names, out);
    if (headers) out.write(n === 0 ? '  (empty)\n' : `  (Fetched ${n} entries.)\n`);
  }
}

/** Jool 4: rows alone, nothing for an empty table; --no-headers only matters with --csv. */
export function writeBibJool4(bib: Bib, protocol: Protocol, csv: boolean, headers: boolean, names: Names | undefined, out: Sink): void {
  if (csv && headers) out.write(`${BIB_CSV_HEADER}\n`);
  writeRows(bib, protocol, csv ? 'csv' : `[Static ${protocol}] `, names, out);
}

/** A protocol's rows: CSV, or the tag and `IPv4 - IPv6`; how many. Numbers from a state file are copied as bytes. */
function writeRows(bib: Bib, protocol: Protocol, style: string, names: Names | undefined, out: Sink): number {
  if (names === undefined && bib instanceof PackedBib) {
    const { rows, count } = packedRows(bib, protocol, style);
    if (count > 0) out.writeBytes(rows);
    return count;
  }
  for (const e of bib[protocol]) {
    out.write(style === 'csv' ? csvRow(protocol, e, names) : `${style}${formatAddress(e.address4)}#${e.port4} - ${side6(protocol, e, names, '#')}\n`);
  }
  return bib[protocol].length;
}

const HASH = 35;
const COMMA = 44;
const QUOTE = 34;
const SPACE = 32;

/**
 * The rows of a packed table, made from the state file's bytes: `TCP 192.0.2.1#80 2001:db8::1#80`
 * becomes `<tag>192.0.2.1#80 - 2001:db8::1#80`, or `TCP,2001:db8::1,80,192.0.2.1,80,1` in CSV.
 * Walks the lines as they are unless a cascade has indexed (and thinned) them.
 */
function packedRows(bib: PackedBib, protocol: Protocol, style: string): { rows: Buffer; count: number } {
  const { bytes } = bib;
  const csv = style === 'csv';
  const head = Buffer.from(csv ? `${protocol},` : style, 'latin1');
  // A row is its line's two sides, plus the head, ' - ' or two commas, and a newline.
  const own = head.length + 5;
  let out = Buffer.allocUnsafe(bib.to - bib.from + 1); // the lines, which rows seldom outgrow
  let o = 0;
  let count = 0;
  const row = (v4: number, space: number, end: number) => {
    if (o + (end - v4) + own > out.length) {
      const bigger = Buffer.allocUnsafe(out.length * 2 + own + (end - v4));
      out.copy(bigger, 0, 0, o);
      out = bigger;
    }
    const b = out;
    count++;
    for (let j = 0; j < head.length; j++) b[o++] = head[j];
    if (csv) {
      // IPv6 address, port; IPv4 address, port: the two '#' become commas.
      for (let j = space + 1; j < end; j++) b[o++] = bytes[j] === HASH ? COMMA : bytes[j];
      b[o++] = COMMA;
      for (let j = v4; j < space; j++) b[o++] = bytes[j] === HASH ? COMMA : bytes[j];
      b[o++] = COMMA;
      b[o++] = 49; // 1: static
    } else {
      for (let j = v4; j < space; j++) b[o++] = bytes[j];
      b[o++] = SPACE;
      b[o++] = 45; // -
      b[o++] = SPACE;
      for (let j = space + 1; j < end; j++) b[o++] = bytes[j];
    }
    b[o++] = 10;
  };
  if (bib.isIndexed) {
    const { columns: c, selected } = bib.index;
    for (const i of selected[protocol]) row(c.v4[i], c.space[i], c.end[i]);
    return { rows: out.subarray(0, o), count };
  }
  const first = protocol.charCodeAt(0);
  for (let p = bib.from; p < bib.to; p += bib.next.length) {
    const mine = bytes[p] === first;
    const v4 = p + (bytes[p] === 73 ? 5 : 4); // ICMP's word is longer
    let space = v4;
    while (bytes[space] !== SPACE) space++;
    let end = space;
    while (bytes[end] !== QUOTE) end++;
    if (mine) row(v4, space, end);
    p = end;
  }
  return { rows: out.subarray(0, o), count };
}

/** `TCP: 3` lines. */
export function formatTableCounts(counts: readonly (readonly [Protocol, number])[]): string {
  return counts.map(([protocol, n]) => `${protocol}: ${n}\n`).join('');
}

const SESSION_CSV_HEADER =
  'Protocol,IPv6 Remote Address,IPv6 Remote L4-ID,IPv6 Local Address,IPv6 Local L4-ID,IPv4 Local Address,IPv4 Local L4-ID,IPv4 Remote Address,IPv4 Remote L4-ID,Expires in,State';
const SESSION_RULE = '---------------------------------';

/** Jool 3's empty session tables: a heading, a rule and `(empty)` and a blank line each; or the CSV header. */
export function formatSessionsJool3(protocols: readonly Protocol[], csv: boolean, headers: boolean): string {
  if (csv) return headers ? `${SESSION_CSV_HEADER}\n` : '';
  return protocols.map((p) => `${p}:\n${SESSION_RULE}\n${headers ? '  (empty)\n\n' : ''}`).join('');
}

/** Jool 4's empty session table: the rule (even with --no-headers); or the CSV header unless --no-headers. */
export function formatSessionsJool4(csv: boolean, headers: boolean): string {
  if (csv) return headers ? `${SESSION_CSV_HEADER}\n` : '';
  return `${SESSION_RULE}\n`;
}
