/**
 * `jool pool4 display` as Jool 4.1.15 prints it (src/usr/argp/wargp/pool4.c), byte for byte:
 * one protocol's tables in descending mark order, one row per sample, quirks included (an empty
 * table prints its header border twice; --no-headers keeps the borders).
 */
import { autoIterations } from '../pool4/counter.js';
import type { Table } from '../pool4/pool.js';
import { JOOL4_CSV_HEADER } from '../formats/csv-headers.js';
import { forEachRow } from './rows.js';
import type { Sink } from './sink.js';

export const SEPARATOR = '+------------+-------+--------------------+-----------------+-------------+\n';
export const HEADER = '|       Mark | Proto |     Max iterations |         Address |       Ports |\n';
const CSV_HEADER_LINE = `${JOOL4_CSV_HEADER.join(',')}\n`;
export const LATER_ROW = '|            |       |                    | ';

/** Jool's tree order: marks descending (SPEC 6.2 for marks 2^31 or more apart). The pool's order reversed, when it is one protocol's. */
function inJoolOrder(tables: readonly Table[]): Table[] {
  const reversed = [...tables].reverse();
  for (let i = 1; i < reversed.length; i++) if (reversed[i - 1].mark < reversed[i].mark) return reversed.sort((a, b) => b.mark - a.mark);
  return reversed;
}

/** ordered: the tables come in Jool's order already (one protocol's, marks descending). */
export function writeJool4Table(tables: Iterable<Table>, headers: boolean, out: Sink, ordered = false): void {
  if (headers) out.write(SEPARATOR + HEADER);
  const rows = new RowBytes(out);
  for (const t of ordered ? tables : inJoolOrder([...tables])) {
    let first = true;
    const { firsts, lasts, ports } = t.runs;
    for (let r = 0; r < t.runs.length; r++) {
      for (let a = firsts[r]; a <= lasts[r]; a++) {
        for (const [min, max] of ports[r]) {
          if (first) rows.head(t);
          else rows.bytes(LATER_ROW_BYTES);
          rows.row(a, min, max);
          first = false;
        }
      }
    }
  }
  if (rows.count === 0) out.write(SEPARATOR); // the header's border, which the first table would have printed
  rows.end();
  out.write(SEPARATOR);
}

const SEPARATOR_BYTES = Buffer.from(SEPARATOR);
const LATER_ROW_BYTES = Buffer.from(LATER_ROW);
const PROTOCOL_CELLS: Readonly<Record<string, Buffer>> = { TCP: Buffer.from(' |   TCP | '), UDP: Buffer.from(' |   UDP | '), ICMP: Buffer.from(' |  ICMP | ') };
const AUTO_BYTES = Buffer.from(' ( auto) | ');

/**
 * A table's rows written as bytes: every row is as wide as the header, its numbers and address
 * right-aligned in their columns. A display of 65,536 tables makes no string for each.
 */
class RowBytes {
  private buffer = Buffer.allocUnsafe(ROW_CHUNK);
  private at = 0;
  count = 0;

  constructor(private readonly out: Sink) {}

  /** The border above a table and the start of its first row: mark, protocol, max iterations. */
  head(t: Table): void {
    this.room(2 * SEPARATOR_BYTES.length);
    this.bytes(SEPARATOR_BYTES);
    const b = this.buffer;
    b[this.at++] = 0x7c; // '| '
    b[this.at++] = 0x20;
    this.at = putRight(b, this.at, t.mark, 10, false);
    this.bytes(PROTOCOL_CELLS[t.protocol]);
    if (t.iterations === 'auto') {
      this.at = putRight(b, this.at, autoIterations(t.counter), 10, false);
      this.bytes(AUTO_BYTES);
    } else this.at += b.write(`${iterationsCell(t)} | `, this.at, 'latin1');
  }

  bytes(piece: Buffer): void {
    this.room(piece.length);
    this.buffer.set(piece, this.at);
    this.at += piece.length;
  }

  /** The rest of a row: address and ports. */
  row(address: number, min: number, max: number): void {
    this.room(40);
    const b = this.buffer;
    let p = putRight(b, this.at, address, 15, true);
    b[p++] = 0x20; // ' | '
    b[p++] = 0x7c;
    b[p++] = 0x20;
    p = putRight(b, p, min, 5, false);
    b[p++] = 0x2d;
    p = putRight(b, p, max, 5, false);
    b[p++] = 0x20; // ' |\n'
    b[p++] = 0x7c;
    b[p++] = 0x0a;
    this.at = p;
    this.count++;
  }

  end(): void {
    this.flush();
  }

  private room(n: number): void {
    if (this.at + n > this.buffer.length) this.flush();
  }

  /** The sink takes the bytes before it returns (Sink): one buffer serves every chunk. */
  private flush(): void {
    if (this.at > 0) this.out.writeBytes(this.buffer.subarray(0, this.at));
    this.at = 0;
  }
}

const ROW_CHUNK = 64 * 1024;
const digits = Buffer.alloc(16);

/** A number, or an IPv4 address in dotted quads, right-aligned in width columns. */
function putRight(b: Buffer, p: number, n: number, width: number, address: boolean): number {
  let k = digits.length;
  if (address) {
    for (let octet = 0; octet < 4; octet++) {
      let v = (n >>> (8 * octet)) & 255;
      if (octet > 0) digits[--k] = 0x2e;
      do {
        digits[--k] = 0x30 + (v % 10);
        v = (v / 10) | 0;
      } while (v > 0);
    }
  } else {
    let v = n;
    do {
      digits[--k] = 0x30 + (v % 10);
      v = Math.floor(v / 10);
    } while (v > 0);
  }
  for (let pad = width - (digits.length - k); pad > 0; pad--) b[p++] = 0x20;
  while (k < digits.length) b[p++] = digits[k++];
  return p;
}

export function writeJool4Csv(tables: Iterable<Table>, headers: boolean, out: Sink, ordered = false): void {
  if (headers) out.write(CSV_HEADER_LINE);
  for (const t of ordered ? tables : inJoolOrder([...tables])) {
    const tail = csvTail(t);
    forEachRow([t], (mark, protocol, address, min, max) => out.write(`${mark},${protocol},${address},${min},${max},${tail}\n`));
  }
}

/** The table's max iterations column: `      1024 ( auto)`, `   100 (fixed)`, `  Infinite (fixed)`. */
export function iterationsCell(t: Table): string {
  return t.iterations === 'infinity' ? '  Infinite (fixed)' : t.iterations === 'auto' ? `${pad(autoIterations(t.counter), 10)} ( auto)` : `${pad(t.iterations, 10)} (fixed)`;
}

/** The CSV's last two fields: the iterations and whether they are fixed. */
export function csvTail(t: Table): string {
  return t.iterations === 'infinity' ? 'infinite,1' : t.iterations === 'auto' ? `${autoIterations(t.counter)},0` : `${t.iterations},1`;
}

export function pad(v: string | number, width: number): string {
  return String(v).padStart(width);
}
